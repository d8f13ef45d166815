"""File › Import Annotations… places quotes off the GUI thread (issue #11: 2,000 unplaceable
quotes took 36 s with the window frozen); the outcome is told in a plain-text box."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from reader.library import View
from reader.ui.annotations import exchange
from reader.ui.commands.actions import ActionId
from reader.ui.window.mainwindow import MainWindow


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_annotations_are_imported_on_a_worker_thread(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = window.library.page(View("all"), limit=1)[0]
    article = window.library.article(row.id)
    assert article is not None
    items = [
        {
            "@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation",
            "id": f"urn:uuid:00000000-0000-4000-8000-{k:012d}",
            "target": {"source": row.uri, "selector": [
                {"type": "TextQuoteSelector", "exact": article.body[k * 30 : k * 30 + 24]}]},
        }
        for k in range(20)
    ]  # fmt: skip
    path = tmp_path / "notes.jsonld"
    path.write_text(json.dumps(items))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    told: list[str] = []
    monkeypatch.setattr(exchange, "tell", lambda _parent, _icon, _title, text: told.append(text))
    threads: list[str] = []
    real = window.library.import_annotations

    def recording(file: Path) -> object:
        threads.append(threading.current_thread().name)
        return real(file)

    monkeypatch.setattr(window.library, "import_annotations", recording)
    window.registry.action(ActionId.IMPORT_ANNOTATIONS).trigger()
    assert threads == ["annotation-import"]  # not the GUI thread
    assert told and told[0].startswith("Imported 20 annotations"), told
    assert len(window.library.annotations(row.id)) == 20
