"""Subscribing, listing, renaming, moving, pausing, unsubscribing and keep limits, against a
local web server (nothing leaves 127.0.0.1)."""

from __future__ import annotations

import pytest
from feedmaker import HTML_TYPE, RSS_TYPE, Item, long_html, page, rss
from localweb import LocalWeb

from reader.library import FeedProblem, Library, View


def _items(n: int, prefix: str = "e") -> list[Item]:
    return [
        Item(
            f"{prefix}{i}",
            f"Council story number {i}",
            long_html(f"Story {prefix}{i}."),
            link=f"https://example.org/{prefix}{i}",
            published=f"Tue, {i + 1:02d} Dec 2026 10:00:00 GMT",
        )
        for i in range(n)
    ]


def _serve(web: LocalWeb, items: list[Item], path: str = "/feed.xml", **route: object) -> str:
    web.route(path, body=rss(items), headers=RSS_TYPE, **route)  # type: ignore[arg-type]
    return web.url(path)


def test_adding_a_feed_brings_its_entries_in_as_articles(
    empty_library: Library, web: LocalWeb
) -> None:
    url = _serve(web, _items(3))
    info = empty_library.add_feed(url)
    assert (info.title, info.url, info.total, info.unread) == ("Test News", url, 3, 3)
    assert info.status.startswith("Updated ")
    rows = empty_library.page(View("feed", feed=info.id))
    assert [r.title for r in rows] == [f"Council story number {i}" for i in (2, 1, 0)]
    assert {r.feed for r in rows} == {"Test News"}
    article = empty_library.article(rows[0].id)
    assert article is not None
    assert article.link == "https://example.org/e2"
    assert article.feed == "Test News" and article.feed_id == info.id
    assert article.format == "feed" and "Story e2." in article.body
    assert article.topics, "classified by the same rules as imports"
    assert empty_library.search("council")  # in the search index


def test_a_site_address_finds_its_feed(empty_library: Library, web: LocalWeb) -> None:
    feed = _serve(web, _items(2))
    web.route("/", body=page("Home", ["Welcome."], feed="/feed.xml"), headers=HTML_TYPE)
    info = empty_library.add_feed(web.url("/"))
    assert info.url == feed and info.total == 2


def test_a_page_without_a_feed_says_so_and_saves_nothing(
    empty_library: Library, web: LocalWeb
) -> None:
    web.route("/", body=page("Home", ["Welcome."]), headers=HTML_TYPE)
    with pytest.raises(FeedProblem, match="No feed was found"):
        empty_library.add_feed(web.url("/"))
    assert empty_library.feeds() == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed", "javascript:x"])
def test_only_http_and_https_are_followed(empty_library: Library, url: str) -> None:
    with pytest.raises(FeedProblem, match="Only http and https"):
        empty_library.add_feed(url)


def test_a_server_error_is_one_sentence(empty_library: Library, web: LocalWeb) -> None:
    web.route("/feed.xml", status=404, body=b"nope")
    with pytest.raises(FeedProblem, match=r"Could not add .*404"):
        empty_library.add_feed(web.url("/feed.xml"))


def test_following_the_same_feed_twice_is_refused(empty_library: Library, web: LocalWeb) -> None:
    url = _serve(web, _items(1))
    empty_library.add_feed(url)
    with pytest.raises(FeedProblem, match="already follow"):
        empty_library.add_feed(url)


def test_rename_move_and_pause(empty_library: Library, web: LocalWeb) -> None:
    lib = empty_library
    info = lib.add_feed(_serve(web, _items(2)), folder=" News / World ")
    assert info.folder == "News/World"
    assert lib.rename_feed(info.id, "  My  paper ").feeds
    assert lib.feed(info.id).title == "My paper"  # type: ignore[union-attr]
    assert lib.counts().of(View("folder", folder="News")) == 2
    assert len(lib.page(View("folder", folder="News/World"))) == 2
    assert lib.page(View("folder", folder="New")) == []  # a prefix is not a folder
    lib.move_feed(info.id, None)
    assert lib.feed(info.id).folder is None  # type: ignore[union-attr]
    lib.pause_feed(info.id, True)
    (result,) = lib.refresh_feeds([info.id])
    assert result.skipped == "paused" and lib.feed(info.id).status == "Paused"  # type: ignore[union-attr]
    assert lib.feeds_due(60) == []
    lib.rename_feed(info.id, "")
    assert lib.feed(info.id).title == "Test News"  # type: ignore[union-attr]


def test_unsubscribing_keeps_what_the_user_marked(empty_library: Library, web: LocalWeb) -> None:
    lib = empty_library
    info = lib.add_feed(_serve(web, _items(4)))
    ids = [r.id for r in lib.page(View("feed", feed=info.id))]
    lib.add_highlight(ids[0], 0, 7, "yellow", "mine")
    lib.set_bookmarked([ids[1]], True)
    changes = lib.remove_feed(info.id, keep_articles=False)
    assert changes.removed == frozenset(ids[2:])
    assert lib.article(ids[0]) is not None and lib.article(ids[1]) is not None
    assert lib.annotations(ids[0])[0].note == "mine"
    assert lib.feeds() == [] and lib.article(ids[0]).feed is None  # type: ignore[union-attr]


def test_unsubscribing_may_keep_every_article(empty_library: Library, web: LocalWeb) -> None:
    lib = empty_library
    info = lib.add_feed(_serve(web, _items(3)))
    lib.remove_feed(info.id, keep_articles=True)
    assert lib.counts().all == 3


def test_keep_limits_never_remove_marked_articles_and_entries_stay_gone(
    empty_library: Library, web: LocalWeb
) -> None:
    lib = empty_library
    items = _items(5)
    url = _serve(web, items)
    info = lib.add_feed(url)
    rows = lib.page(View("feed", feed=info.id))
    oldest = rows[-1].id  # published 1 Dec
    lib.set_bookmarked([oldest], True)
    changes = lib.set_feed_options(info.id, keep_count=2)
    assert len(changes.removed) == 2  # the newest two stay, and the bookmarked one
    assert lib.article(oldest) is not None
    assert lib.feed(info.id).total == 3  # type: ignore[union-attr]
    (result,) = lib.refresh_feeds([info.id])
    assert result.added == ()  # removed entries never come back
    with pytest.raises(FeedProblem):
        lib.set_feed_options(info.id, keep_days=0)


def test_opml_round_trip_keeps_folders(empty_library: Library) -> None:
    lib = empty_library
    opml = (
        b'<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>'
        b'<outline text="News"><outline text="Times &amp; Co" type="rss" '
        b'xmlUrl="https://example.org/a.xml" htmlUrl="https://example.org/"/>'
        b'<outline text="World"><outline text="W" type="rss" xmlUrl="https://w.example/f"/>'
        b"</outline></outline>"
        b'<outline text="Local" type="rss" xmlUrl="file:///etc/passwd"/>'
        b"</body></opml>"
    )
    added, problems = lib.import_opml(opml)
    assert sorted((f.title, f.folder) for f in added) == [
        ("Times & Co", "News"),
        ("W", "News/World"),
    ]
    assert problems and "file:///etc/passwd" in " ".join(problems)
    assert lib.import_opml(opml)[0] == []  # already followed
    exported = lib.export_opml()
    assert "Times &amp; Co" in exported and 'xmlUrl="https://w.example/f"' in exported
    again, _ = lib.import_opml(exported.encode())
    assert again == []
    with pytest.raises(FeedProblem, match="Not an OPML file"):
        lib.import_opml(b"<html>no</html>")
