"""The window writes notes and highlights while other processes write to the same library
(issue #11): two command-line imports and an annotation import run at the same time. Every
write the window made is in the library afterwards, and nothing raised but a clear busy
message. READER_STRESS_SECONDS sets how long it runs (default 20; the issue asks for 60)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reader.library import Library, LibraryBusy, View
from reader.ui.panes.body_map import HEADER_BLOCKS
from tests.ui.conftest import WindowFactory, write_seed

SECONDS = float(os.environ.get("READER_STRESS_SECONDS", "20"))


def cli(*args: str, library: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "reader", *args, "--library", str(library)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def annotation_file(path: Path, library: Library) -> Path:
    """A Web Annotation file of 40 highlights on the bundled articles (quote selectors)."""
    items = []
    for number, row in enumerate(library.page(View("all"), limit=4)):
        article = library.article(row.id)
        assert article is not None
        for k in range(10):
            quote = article.body[k * 40 : k * 40 + 25]
            items.append({
                "@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation",
                "id": f"urn:uuid:00000000-0000-4000-8000-{number:04d}{k:08d}",
                "target": {"source": row.uri, "selector": [
                    {"type": "TextQuoteSelector", "exact": quote}]},
            })  # fmt: skip
    path.write_text(json.dumps(items))
    return path


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_window_loses_no_write_while_others_write(
    tmp_path: Path, make_window: WindowFactory, qtbot: QtBot
) -> None:
    path = tmp_path / "library.db"
    library = Library.open(path)
    notes = annotation_file(tmp_path / "notes.jsonld", library)
    folders = []
    for name in ("first", "second"):
        folder = tmp_path / name
        folder.mkdir()
        for part in range(30):
            write_seed(
                folder / f"{part}.txt", 10, start=part * 10 + (1000 if name == "second" else 0)
            )
        folders.append(folder)
    window = make_window(library)
    others = [cli("import", str(f), library=path) for f in folders]
    others.append(cli("import-annotations", str(notes), library=path))
    made: list[tuple[int, str]] = []  # (annotation id, its note) the window was told is saved
    busy = 0
    deadline = time.monotonic() + SECONDS
    round_ = 0
    while time.monotonic() < deadline:
        round_ += 1
        rows = library.page(View("all"), limit=4)
        window.current.show(rows[round_ % len(rows)].id)
        block = window.pane.document().findBlockByNumber(HEADER_BLOCKS)
        cursor = window.pane.textCursor()
        cursor.setPosition(block.position() + (round_ % 20))
        cursor.setPosition(block.position() + (round_ % 20) + 12, cursor.MoveMode.KeepAnchor)
        window.pane.setTextCursor(cursor)
        try:
            if window.annotations.highlight_selection("green"):
                stack = window.history.stack
                step = stack.command(stack.index() - 1)  # the highlight just made
                new = step.info.id  # type: ignore[attr-defined]
                library.set_annotation_note(new, f"note {round_}")
                made.append((new, f"note {round_}"))
        except LibraryBusy:
            busy += 1
        qtbot.wait(20)
        if all(p.poll() is not None for p in others) and round_ > 20:
            others = [cli("import", str(f), library=path) for f in folders]  # keep them busy
    outputs = [p.communicate(timeout=120) for p in others]
    window.close()
    for process, (_out, err) in zip(others, outputs, strict=True):
        assert "Traceback" not in err, err
        assert process.returncode in (0, 1), (process.returncode, err)
    found = {a.id: a.note for a in library.all_annotations()}
    lost = [(i, n) for i, n in made if found.get(i) != n]
    print(f"\nthe window made {len(made)} highlights with notes in {SECONDS:.0f} s; "
          f"{busy} were refused as busy; {len(lost)} lost")  # fmt: skip
    assert made and lost == []
    assert busy <= len(made) // 10  # waiting for the lock, not giving up
    library.close()
