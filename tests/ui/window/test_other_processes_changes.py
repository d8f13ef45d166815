"""The open window sees what other processes write to its library (issue 14): the command
line marks an article read, imports a new one, changes a topic, imports notes, re-imports
a changed file that orphans a highlight and follows and refreshes a feed (served on
127.0.0.1); each shows in the window (the list row, the new row, the sidebar's counts, the
notes panel, the Orphans entry, the feed's entry) while the article being read and the
list's scroll stay where they were. The window's own writes are not reported twice."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reader.library import Changes, Library, View
from reader.ui.panes.article_delegate import ArticleRole
from reader.ui.panes.sidebar import CountRole
from reader.ui.window.mainwindow import MainWindow
from tests.feedmaker import Item, long_html, rss
from tests.localweb import LocalWeb
from tests.ui.conftest import WindowFactory, ids, write_seed

WAIT_MS = 10000


def run(*args: str, library: Path) -> None:
    """A `reader` command in another process, to the end."""
    done = subprocess.run(
        [sys.executable, "-m", "reader", *args, "--library", str(library)],
        check=False, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def python(code: str, library: Path) -> None:
    """Another process using the library itself (as another Reader would)."""
    script = (
        "import sys\nfrom pathlib import Path\nfrom reader.library import Library\n"
        f"with Library.open(Path({str(library)!r}), backups=False) as library:\n    {code}\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


def harbour(path: Path, *paragraphs: str) -> Path:
    path.write_text("Harbour news\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    return path


def row_of(window: MainWindow, article_id: int) -> int:
    return ids(window).index(article_id)


def count_of(window: MainWindow, view: View) -> int | None:
    model = window.sidebar.sidebar_model()
    number = model.row_of(view)
    return None if number is None else model.index(number).data(CountRole)


@dataclass
class Placed:
    """The window, the article being read in it (row 40 of 85) and the list's scroll."""

    window: MainWindow
    library: Library
    reading: int
    scroll: int
    listing: list[int]
    harbour: Path  # a file whose article has a pink highlight on "Fog closed in"

    def kept(self) -> None:
        """The article being read and the list's scroll are where they were."""
        assert self.window.current.id() == self.reading
        assert self.window.article_list.currentIndex().data(ArticleRole).id == self.reading
        assert self.window.article_list.verticalScrollBar().value() == self.scroll


@pytest.fixture
def placed(tmp_path: Path, make_window: WindowFactory) -> Iterator[Placed]:
    library = Library.open(tmp_path / "library.db")
    write_seed(tmp_path / "many.txt", 80)
    library.import_paths([tmp_path / "many.txt"])
    file = harbour(tmp_path / "harbour.txt", "The ferry left at dawn.", "Fog closed in.")
    harbour_id = library.import_paths([file]).added_ids[0]
    fog = library.article(harbour_id).body.index("Fog closed in")  # type: ignore[union-attr]
    library.add_highlight(harbour_id, fog, fog + len("Fog closed in"), "pink")
    window = make_window(library)
    listing = ids(window)
    reading = listing[40]
    window.current.show(reading)
    window.article_list.select_article(reading)
    bar = window.article_list.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    assert bar.value() > 0
    yield Placed(window, library, reading, bar.value(), listing, file)
    window.close()
    library.close()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_window_s_own_write_is_reported_once(placed: Placed, qtbot: QtBot) -> None:
    heard: list[Changes] = []
    placed.window.bridge.changed.connect(heard.append)
    marked = placed.listing[3]
    placed.library.set_read([marked], True)
    qtbot.wait(1200)  # two polls and more
    assert len([c for c in heard if marked in c.articles]) == 1


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_marked_read_and_topics_changed_elsewhere_show(placed: Placed, qtbot: QtBot) -> None:
    window, path = placed.window, placed.library.path
    other = placed.listing[41]

    def read() -> bool:
        return bool(window.list_model.index(row_of(window, other), 0).data(ArticleRole).read)

    assert not read()
    python(f"library.set_read([{other}], True)", path)
    qtbot.waitUntil(read, timeout=WAIT_MS)
    placed.kept()

    codes = [e.view.topic for e in window.sidebar.sidebar_model().items()
             if getattr(e, "view", None) is not None and e.view.kind == "topic"]  # fmt: skip
    assert codes, "the sidebar lists topics"
    topic = View("topic", codes[0])
    before = count_of(window, topic) or 0
    rows = placed.library.rows(placed.listing)
    target = next(i for i in placed.listing if codes[0] not in {t.code for t in rows[i].topics})
    run("topic", str(target), "--add", codes[0], library=path)
    qtbot.waitUntil(lambda: count_of(window, topic) == before + 1, timeout=WAIT_MS)
    placed.kept()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_notes_and_orphans_made_elsewhere_show(
    placed: Placed, qtbot: QtBot, tmp_path: Path
) -> None:
    window, path = placed.window, placed.library.path
    article = placed.library.article(placed.reading)
    assert article is not None
    notes = tmp_path / "notes.jsonld"
    notes.write_text(json.dumps([{
        "@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation",
        "id": "urn:uuid:00000000-0000-4000-8000-000000000001",
        "body": {"type": "TextualBody", "value": "written elsewhere"},
        "target": {"source": article.uri, "selector": [
            {"type": "TextQuoteSelector", "exact": article.body[10:40]}]},
    }]))  # fmt: skip
    run("import-annotations", str(notes), library=path)

    def noted() -> bool:
        model = window.notes.model
        infos = [model.info_at(r) for r in range(model.rowCount())]
        return any(i is not None and i.note == "written elsewhere" for i in infos)

    qtbot.waitUntil(noted, timeout=WAIT_MS)
    placed.kept()

    assert count_of(window, View("orphans")) is None
    harbour(placed.harbour, "The ferry left at dawn.", "The sky cleared by noon.")
    run("import", str(placed.harbour), library=path)  # its highlight's passage is gone
    qtbot.waitUntil(lambda: count_of(window, View("orphans")) == 1, timeout=WAIT_MS)
    placed.kept()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_an_article_imported_elsewhere_joins_the_list(
    placed: Placed, qtbot: QtBot, tmp_path: Path
) -> None:
    fresh = harbour(tmp_path / "fresh.txt", "A new story from the quay.")
    run("import", str(fresh), library=placed.library.path)
    newest = max(row.id for row in placed.library.page(View("all"), limit=5))
    assert newest not in placed.listing
    qtbot.waitUntil(lambda: newest in ids(placed.window), timeout=WAIT_MS)
    placed.kept()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_a_feed_followed_and_refreshed_elsewhere_shows(
    placed: Placed, qtbot: QtBot, web: LocalWeb
) -> None:
    window, path = placed.window, placed.library.path
    items = [Item(f"g{n}", f"Quay story {n}", long_html(f"quay {n}")) for n in range(3)]
    kind = {"Content-Type": "application/rss+xml"}
    web.route("/feed.xml", body=rss(items[:2], title="Quay News"), headers=kind)
    run("feeds", "add", web.url("/feed.xml"), library=path)
    feed = placed.library.feeds()[0]

    def unread() -> int | None:
        return count_of(window, View("feed", feed=feed.id))

    qtbot.waitUntil(lambda: unread() == 2, timeout=WAIT_MS)
    web.route("/feed.xml", body=rss(items, title="Quay News"), headers=kind)
    run("feeds", "refresh", library=path)
    qtbot.waitUntil(lambda: unread() == 3, timeout=WAIT_MS)
    newest = max(row.id for row in placed.library.page(View("all"), limit=5))
    qtbot.waitUntil(lambda: newest in ids(window), timeout=WAIT_MS)
    placed.kept()
