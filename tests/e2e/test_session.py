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

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e
READER = Path(sys.executable).parent / "reader"
SPORT = "15000000"


def free_display() -> int:
    for number in range(90, 400):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            return number
    pytest.skip("no free X display number")


@pytest.fixture
def display() -> Iterator[str]:
    if not shutil.which("Xvfb") or not shutil.which("xdotool"):
        pytest.skip("Xvfb and xdotool are needed (apt-get install xvfb xdotool)")
    number = free_display()
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            pytest.skip("Xvfb did not start")
        time.sleep(0.05)
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


class Session:
    """The running app and the keys sent to it."""

    def __init__(self, env: dict[str, str], app: subprocess.Popen[bytes]) -> None:
        self.env = env
        self.app = app

    def xdotool(self, *args: str, timeout: float = 15) -> str:
        result = subprocess.run(
            ["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=timeout,
            check=False,
        )  # fmt: skip
        return result.stdout.strip()

    def key(self, *keys: str) -> None:
        self.xdotool("key", "--delay", "120", *keys)
        time.sleep(0.25)

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "80", text)
        time.sleep(0.3)

    def screenshot(self, path: Path) -> Path:
        """The whole screen as a PNG (ImageMagick's `import`)."""
        if not shutil.which("import"):
            pytest.skip("ImageMagick's import is needed for screenshots")
        subprocess.run(
            ["import", "-window", "root", str(path)], env=self.env, timeout=30, check=True
        )
        return path

    def wait_title(self, pattern: str, timeout: float = 15) -> None:
        """Wait until the window title matches `pattern` (the title names the view)."""
        found = self.xdotool("search", "--sync", "--onlyvisible", "--name", pattern,
                             timeout=timeout)  # fmt: skip
        assert found, f"no window titled {pattern!r}"


@pytest.fixture
def session(display: str, tmp_path: Path) -> Iterator[Session]:
    assert READER.exists(), f"the installed reader is missing: {READER}"
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "HOME": str(tmp_path / "home"),
    }
    env.pop("READER_LIBRARY", None)
    log = (tmp_path / "reader.log").open("wb")
    app = subprocess.Popen(
        [str(READER), "--library", str(tmp_path / "library.db")], env=env, stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield Session(env, app)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(timeout=10)
        log.close()


def highlight_pixels(path: Path) -> int:
    """How many pixels of a screenshot have the yellow highlight's paint (on white)."""
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert not image.isNull(), path
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(image.width() // 2, image.width(), 2):  # the reading pane's side
            colour = image.pixelColor(x, y)
            if colour.red() > 235 and 215 < colour.green() < 250 and 90 < colour.blue() < 175:
                count += 1
    return count


def reader_json(command: str, library: Path) -> list[dict[str, object]]:
    """What `reader COMMAND --json` prints about the library (`list`, `notes`)."""
    out = subprocess.run(
        [str(READER), command, "--json", "--library", str(library)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    rows: list[dict[str, object]] = json.loads(out.stdout)
    return rows


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
    # caret mode starts on the first line of the text: select three words, highlight them
    session.key("3", "F7", "shift+ctrl+Right", "shift+ctrl+Right", "shift+ctrl+Right", "h")
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
