"""Run as a subprocess by `test_bench_start_position.py`: start the real window on a library
with a given article remembered as the last one read, and report as one JSON line when the
window first painted (seconds since the parent's `spawned` time), how many rows the list
read and how often the delegate was asked for a row's size.

    python -m tests.bench.restore_probe LIBRARY SETTINGS.ini SPAWNED_EPOCH ARTICLE_ID
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from reader.library import Library, View
from reader.ui.panes.article_delegate import ArticleDelegate
from reader.ui.window.mainwindow import MainWindow
from reader.ui.window.state import Settings
from tests.bench.app_probe import PaintWatch, _until_painted

SIZE_HINTS = [0]


def _counted_size_hint(original):  # type: ignore[no-untyped-def]
    def size_hint(self, option, index):  # type: ignore[no-untyped-def]
        SIZE_HINTS[0] += 1
        return original(self, option, index)

    return size_hint


def main(argv: list[str]) -> None:
    library_path, settings_path, spawned = Path(argv[0]), argv[1], float(argv[2])
    article_id = int(argv[3])
    ArticleDelegate.sizeHint = _counted_size_hint(ArticleDelegate.sizeHint)  # type: ignore[method-assign]
    app = QApplication([])
    library = Library.open(library_path, import_corpus=False, full_check=False)  # as run_app
    store = QSettings(settings_path, QSettings.Format.IniFormat)
    remembered = Settings(store, library.identity)
    article = library.article(article_id)
    assert article is not None
    remembered.set_view(View("all"))
    remembered.set_article(article_id, article.uri)
    window = MainWindow(library, store)
    watch = PaintWatch()
    window.article_list.viewport().installEventFilter(watch)
    window.resize(1280, 800)
    window.show()
    _until_painted(app, watch, 0)
    first_paint = time.time() - spawned
    result = {
        "first_paint_s": first_paint,
        "shown": window.pane.article_id(),
        "row": window.article_list.currentIndex().row(),
        "rows": window.list_model.rowCount(),
        "rows_read": window.list_model.loaded_rows(),
        "size_hints": SIZE_HINTS[0],
    }
    window.close()
    library.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
