"""End to end: the installed `reader` under Xvfb, driven by xdotool key presses alone.

A whole session: open the app, go to a topic with the topic picker (g t), read an article,
page through it, bookmark it, highlight a passage in caret mode (F7, Shift+Ctrl+Left, H 2),
highlight another and note it (V, End, A, typing), use the command palette to mark the view
read, quit with Ctrl+Q; then the library is checked with `reader list --json` and
`reader notes --json`.
Every wait is time-boxed; the test skips if Xvfb or xdotool are missing.
Run with `pytest -m e2e tests/e2e`.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from xsession import Session, highlight_pixels, reader_json

pytestmark = pytest.mark.e2e
SPORT = "15000000"


def test_a_whole_session_by_keyboard(session: Session, tmp_path: Path) -> None:
    window = session.xdotool("search", "--sync", "--onlyvisible", "--name", "Reader", timeout=30)
    assert window, (tmp_path / "reader.log").read_text(errors="replace")
    window = window.splitlines()[0]
    session.xdotool("windowfocus", "--sync", window)
    session.wait_title("^All Articles")
    # g t opens the topic picker; type a topic, Enter shows it
    session.key("g", "t")
    session.type("sport")
    session.key("Return")
    session.wait_title("^Sport")
    # read the first article: j selects it, Enter moves into it, space pages down and back
    session.key("j", "Return", "space", "shift+space", "space")
    session.key("b")  # bookmark it
    # caret mode: a text cursor; select the last three words and highlight them in green
    session.key("F7", "ctrl+End", "shift+ctrl+Left", "shift+ctrl+Left", "shift+ctrl+Left")
    session.key("h", "2")
    # a line selected the vim way (v, then plain movement keys), highlighted with a note
    session.key("Up", "Home", "v", "End", "a")
    session.type("Worth rereading")
    session.key("ctrl+2")  # back to the list: the note is saved as the editor loses focus
    # the palette: go to All, then mark everything in it read
    session.key("ctrl+k")
    session.type("all articles")
    session.key("Return")
    session.wait_title("^All Articles")
    session.key("ctrl+k")
    session.type("mark all as read")
    session.key("Return")
    session.key("ctrl+q")
    session.app.wait(timeout=20)
    assert session.app.returncode == 0, (tmp_path / "reader.log").read_text(errors="replace")

    rows = reader_json("list", tmp_path / "library.db")
    assert len(rows) == 4
    bookmarked = [r for r in rows if r["bookmarked"]]
    assert len(bookmarked) == 1, rows
    topics = bookmarked[0]["topics"]
    assert isinstance(topics, list) and SPORT in {t["code"] for t in topics}
    assert all(r["read"] for r in rows), rows
    notes = reader_json("notes", tmp_path / "library.db")
    assert [n["color"] for n in notes] == ["green", "green"], notes
    assert [n["note"] for n in notes if n["note"]] == ["Worth rereading"], notes
    assert all(n["quote"].strip() and not n["orphan"] for n in notes), notes


def test_a_search_result_is_highlighted_and_noted_and_undo_stays_on_screen(
    session: Session, tmp_path: Path
) -> None:
    """Issue #10's first and third cases by keys alone: open a search result, highlight it
    in caret mode and note it: both land on the article shown; then a highlight on another
    article and two Ctrl+Z: the first undoes it, the second only shows the noted article."""
    window = session.xdotool("search", "--sync", "--onlyvisible", "--name", "Reader", timeout=30)
    assert window, (tmp_path / "reader.log").read_text(errors="replace")
    session.xdotool("windowfocus", "--sync", window.splitlines()[0])
    session.wait_title("^All Articles")
    session.key("slash")
    session.type("Honnold")
    session.key("Return")
    time.sleep(1.0)  # the search runs on its worker thread
    session.key("Down", "Return")
    # caret mode starts on the first line of the text: select six words (the dateline's two
    # are not the body's: the highlight holds four), highlight them
    session.key("3", "F7", *["shift+ctrl+Right"] * 6, "h")
    # the second case: a search typed and cleared leaves the highlight painted
    before = highlight_pixels(session.screenshot(tmp_path / "before.png"))
    session.key("slash")
    session.type("zzzz")
    session.key("Escape")
    after = highlight_pixels(session.screenshot(tmp_path / "after.png"))
    assert before > 30, before  # the yellow highlight is on screen (one pixel in four)
    assert after >= before * 0.9, (before, after)
    session.key("3")
    session.key("ctrl+k")
    session.type("note on article")
    session.key("Return")
    session.type("Taipei note")
    session.key("ctrl+2")  # the note is saved as the editor loses the focus
    session.key("slash", "Escape")  # leave the search: back to the article list
    session.key("2", "j")  # another article (caret mode stays on)
    session.key("3", "shift+ctrl+Right", "shift+ctrl+Right", "h")
    session.key("ctrl+z")  # undoes that highlight, which is on screen
    session.key("ctrl+z")  # the note's article is not on screen: it is shown, not changed
    session.key("ctrl+q")
    session.app.wait(timeout=20)
    assert session.app.returncode == 0, (tmp_path / "reader.log").read_text(errors="replace")

    rows = reader_json("list", tmp_path / "library.db")
    taipei = next(r["id"] for r in rows if "Honnold" in str(r["title"]))
    notes = reader_json("notes", tmp_path / "library.db")
    assert {n["article_id"] for n in notes} == {taipei}, notes
    assert sorted(n["note"] for n in notes) == ["", "Taipei note"], notes
    highlight = next(n for n in notes if n["quote"])
    assert highlight["start"] == 0 and str(highlight["quote"]).strip(), notes  # the text's start
