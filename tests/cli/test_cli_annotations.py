"""`reader export`, `reader import-annotations`, `reader notes`, the issue's round trip in
real processes, and notes surviving SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library

NOTE_FIELDS = {"id", "article_id", "quote", "note", "color", "start", "end", "orphan",
               "created", "updated"}  # fmt: skip
WINDOW_SCRIPT = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from reader.library import Library
from reader.ui.panes.body_map import BodyMap
from reader.ui.window.mainwindow import MainWindow

app = QApplication([])
library = Library.open(Path(sys.argv[1]))
window = MainWindow(library, QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.show()
QTest.qWait(50)
if window.current.id() is None:
    window.article_list.step(1)  # the first launch opens none: the reader picks the newest

def select(start, end):
    body_map = BodyMap(window.current.article().body, window.pane.document())
    cursor = window.pane.textCursor()
    cursor.setPosition(body_map.to_document(start))
    cursor.setPosition(body_map.to_document(end), QTextCursor.MoveMode.KeepAnchor)
    window.pane.setTextCursor(cursor)
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def reader(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, text=True, check=check,
        timeout=120,
    )  # fmt: skip


def window_process(library: Path, settings: Path, body: str) -> subprocess.Popen[str]:
    script = WINDOW_SCRIPT + textwrap.dedent(body)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-c", script, str(library), str(settings)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def without_ids(notes: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{k: v for k, v in n.items() if k not in ("id", "article_id")} for n in notes]


def test_the_issue_round_trip_through_the_app_and_the_cli(tmp_path: Path) -> None:
    lib, settings = tmp_path / "library.db", tmp_path / "s.ini"
    session = window_process(lib, settings, """
        body = window.pane.article().body
        select(0, 60); assert window.annotations.highlight_selection("yellow")
        select(200, 260); assert window.annotations.highlight_selection("green", open_note=True)
        QTest.keyClicks(window.notes.editor, "Worth **rereading**")
        select(400, 480); assert window.annotations.highlight_selection("yellow")
        window.annotations.note_article()
        QTest.keyClicks(window.notes.editor, "A note on the whole article")
        window.close()  # Quit: saves what is typed
        library.close()
        print("done")
    """)  # fmt: skip
    out, err = session.communicate(timeout=120)
    assert session.returncode == 0 and out.strip() == "done", err

    notes = json.loads(reader("notes", "--json", "--library", str(lib)).stdout)  # a restart
    assert len(notes) == 4 and all(set(n) == NOTE_FIELDS for n in notes)
    assert sorted(str(n["color"]) for n in notes) == ["None", "green", "yellow", "yellow"]
    assert {n["note"] for n in notes} == {"", "Worth **rereading**", "A note on the whole article"}

    markdown, web = tmp_path / "notes.md", tmp_path / "notes.jsonld"
    reader("export", "--format", "markdown", "-o", str(markdown), "--library", str(lib))
    reader("export", "--format", "webannotation", "-o", str(web), "--library", str(lib))
    assert markdown.read_text(encoding="utf-8").startswith("---\n")
    assert "> " in markdown.read_text(encoding="utf-8")

    for part in tmp_path.glob("library.db*"):  # wipe the library
        part.unlink()
    reader("list", "--library", str(lib))  # a new library: the corpus again
    first = reader("import-annotations", str(web), "--library", str(lib)).stdout
    assert first.startswith("Imported 4 annotations; 0 already")
    again = reader("import-annotations", str(web), "--library", str(lib)).stdout
    assert again.startswith("Imported 0 annotations; 4 already")
    after = json.loads(reader("notes", "--json", "--library", str(lib)).stdout)
    assert without_ids(after) == without_ids(notes)


def test_a_typed_note_survives_sigkill(tmp_path: Path) -> None:
    lib, settings = tmp_path / "library.db", tmp_path / "s.ini"
    Library.open(lib).close()
    session = window_process(lib, settings, """
        select(10, 50); window.annotations.highlight_selection("blue", open_note=True)
        QTest.keyClicks(window.notes.editor, "typed just before the crash")
        QTest.qWait(1000)  # no focus change, no quit: only the autosave can keep it
        print("typed", flush=True)
        time.sleep(60)
    """)  # fmt: skip
    assert session.stdout is not None
    assert session.stdout.readline().strip() == "typed", session.stderr
    session.send_signal(signal.SIGKILL)
    session.wait(timeout=30)
    assert session.returncode == -signal.SIGKILL
    with Library.open(lib) as library:
        (info,) = library.all_annotations()
        assert info.note == "typed just before the crash" and info.color == "blue"


def test_an_api_edit_survives_sigkill(tmp_path: Path) -> None:
    lib = tmp_path / "library.db"
    Library.open(lib).close()
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from reader.library import Library
        library = Library.open(Path({str(lib)!r}))
        info = library.add_highlight(2, 0, 30, "pink", "saved at once")
        library.set_annotation_note(info.id, "edited at once")
        print("edited", flush=True)
        time.sleep(60)
    """)
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "edited"
    process.kill()
    process.wait(timeout=30)
    with Library.open(lib) as library:
        assert [i.note for i in library.all_annotations()] == ["edited at once"]


def test_notes_listing_and_errors(capsys: pytest.CaptureFixture[str], library: Library) -> None:
    library.add_highlight(1, 0, 30, "yellow", "a note")
    path = str(library.path)
    library.close()
    code, out, _ = run(capsys, "notes", "--library", path)
    assert code == 0 and "yellow" in out and "a note" in out
    code, out, _ = run(capsys, "notes", "--article", "2", "--json", "--library", path)
    assert (code, json.loads(out)) == (0, [])
    code, _, err = run(capsys, "notes", "--article", "99", "--library", path)
    assert code == 1 and err.startswith("reader: there is no article 99")
    code, _, err = run(capsys, "import-annotations", "/nonexistent.json", "--library", path)
    assert code == 1 and "cannot read" in err and "Traceback" not in err
    code, out, _ = run(capsys, "export", "--format", "csv", "--library", path)
    assert code == 0 and out.count("\n") == 2
    code, _, err = run(capsys, "export", "-o", "/nonexistent/dir/x.md", "--library", path)
    assert code == 1 and err.startswith("reader: cannot write")
