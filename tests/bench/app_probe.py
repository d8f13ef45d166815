"""Run as a subprocess by the benchmarks: start the real window on a library and report, as
one JSON line, when it first painted (seconds since the parent's `spawned` time), how long
choosing a topic took until its first rows were painted, and the peak RSS.

    python -m tests.bench.app_probe LIBRARY SETTINGS.ini SPAWNED_EPOCH [TOPIC_CODE]
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication

from reader.library import Library, View
from reader.ui.window.mainwindow import MainWindow


class PaintWatch(QObject):
    """Counts paint events of one widget."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def peak_rss_kb() -> int:
    """This process's peak resident set (VmHWM). Not `ru_maxrss`: Linux keeps that across
    exec, so a probe started from a large test process would report the parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _until_painted(app: QApplication, watch: PaintWatch, before: int, limit: float = 10) -> None:
    deadline = time.perf_counter() + limit
    while watch.paints == before and time.perf_counter() < deadline:
        app.processEvents()


def main(argv: list[str]) -> None:
    library_path, settings_path, spawned = Path(argv[0]), argv[1], float(argv[2])
    topic = argv[3] if len(argv) > 3 else None
    app = QApplication([])
    library = Library.open(library_path, import_corpus=False, full_check=False)  # as run_app
    window = MainWindow(library, QSettings(settings_path, QSettings.Format.IniFormat))
    watch = PaintWatch()
    window.article_list.viewport().installEventFilter(watch)
    window.resize(1280, 800)
    window.show()
    _until_painted(app, watch, 0)
    first_paint = time.time() - spawned
    result: dict[str, float | int | None] = {"first_paint_s": first_paint, "topic_ms": None}
    if topic is not None:
        before = watch.paints
        started = time.perf_counter()
        window.sidebar.select_view(View("topic", topic))
        _until_painted(app, watch, before)
        result["topic_ms"] = (time.perf_counter() - started) * 1000
        result["rows_loaded"] = window.list_model.rowCount()
    result["maxrss_kb"] = peak_rss_kb()
    window.close()
    library.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
