"""End to end, issue #12: subscribe to a feed by keys alone, read one of its articles and
highlight it, in the installed `reader` under Xvfb; the feed is served by a local HTTP server
on 127.0.0.1 that this test starts. Then `reader notes --json` and `reader feeds list --json`
say what the session did. Run with `pytest -m e2e tests/e2e`."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest
from feedmaker import RSS_TYPE, Item, long_html, rss
from localweb import LocalWeb
from xsession import READER, Session, reader_json

pytestmark = pytest.mark.e2e


def test_subscribe_read_and_highlight_by_keys(
    session: Session, web: LocalWeb, tmp_path: Path
) -> None:
    items = [
        Item("harbour", "Harbour works begin", long_html("Harbour works begin at dawn.")),
        Item("museum", "Museum opens a new wing", long_html("The museum opens a new wing.")),
    ]
    web.route("/feed.xml", body=rss(items, title="Harbour Gazette"), headers=RSS_TYPE)
    window = session.xdotool("search", "--sync", "--onlyvisible", "--name", "Reader", timeout=30)
    assert window, (tmp_path / "reader.log").read_text(errors="replace")
    session.xdotool("windowfocus", "--sync", window.splitlines()[0])
    session.wait_title("^All Articles")
    session.key("ctrl+n")  # Feeds › Add Feed…: the address field has the focus
    session.type(web.url("/feed.xml"))
    session.key("Return")
    session.wait_title("^Harbour Gazette", timeout=30)  # subscribed: the feed's view is shown
    time.sleep(0.5)
    session.key("2", "j", "Return")  # the list, its first article, into the text
    session.key("F7", "shift+ctrl+Right", "shift+ctrl+Right", "h")  # caret mode: two words
    session.key("ctrl+q")
    session.app.wait(timeout=20)
    assert session.app.returncode == 0, (tmp_path / "reader.log").read_text(errors="replace")

    library = tmp_path / "library.db"
    out = subprocess.run(
        [str(READER), "feeds", "list", "--json", "--library", str(library)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    (feed,) = json.loads(out.stdout)
    assert feed["title"] == "Harbour Gazette" and feed["url"] == web.url("/feed.xml"), feed
    assert feed["total"] == 2 and feed["last_error"] is None, feed
    rows = {r["id"]: r for r in reader_json("list", library)}
    notes = reader_json("notes", library)
    assert len(notes) == 1, notes
    (note,) = notes
    article = rows[note["article_id"]]
    assert article["feed"] == "Harbour Gazette", article
    assert not note["orphan"] and note["start"] == 0, note  # caret mode starts at the text
    assert str(note["quote"]).strip() in ("Harbour works", "The museum"), note
