"""The feeds' command line: `reader feeds add/list/refresh/remove/import-opml/export-opml`,
`reader add URL...` and `reader list --feed ID`, against the local test server; JSON as the
README documents it, and clear one-line errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from feedmaker import HTML_TYPE, RSS_TYPE, Item, long_html, page, rss
from localweb import LocalWeb

from reader.cli import main
from reader.library import Library

DATA = Path(__file__).parent.parent / "data"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _items(n: int) -> list[Item]:
    return [
        Item(f"c{i}", f"Council story {i}", long_html(f"Council {i}."), link=f"https://e.org/{i}")
        for i in range(n)
    ]


@pytest.fixture
def lib(library_path: Path) -> list[str]:
    """The `--library` option of an empty library (made without the bundled corpus)."""
    Library.open(library_path, import_corpus=False).close()
    return ["--library", str(library_path)]


def test_add_list_refresh_and_remove(
    capsys: pytest.CaptureFixture[str], web: LocalWeb, lib: list[str]
) -> None:
    web.route("/feed.xml", body=rss(_items(3), title="Council News"), headers=RSS_TYPE)
    code, out, err = run(capsys, "feeds", "add", web.url("/feed.xml"), "--folder", "Local", *lib)
    assert code == 0, err
    assert "Council News" in out and "3" in out
    code, out, _ = run(capsys, "feeds", "list", "--json", *lib)
    (feed,) = json.loads(out)
    assert {
        "id",
        "url",
        "title",
        "folder",
        "paused",
        "full_text",
        "unread",
        "total",
        "last_success",
        "last_error",
    } <= set(feed)
    assert (feed["title"], feed["folder"], feed["total"], feed["unread"]) == (
        "Council News",
        "Local",
        3,
        3,
    )
    assert feed["last_success"].endswith("Z") and feed["last_error"] is None

    code, out, _ = run(capsys, "list", "--feed", str(feed["id"]), "--json", *lib)
    rows = json.loads(out)
    assert sorted(r["title"] for r in rows) == [f"Council story {i}" for i in range(3)]
    assert {r["feed"] for r in rows} == {"Council News"}

    web.route("/feed.xml", body=rss(_items(4), title="Council News"), headers=RSS_TYPE)
    code, out, err = run(capsys, "feeds", "refresh", "--json", *lib)
    assert code == 0, err
    (result,) = json.loads(out)
    assert result["feed_id"] == feed["id"] and len(result["added"]) == 1 and result["error"] is None

    code, out, _ = run(capsys, "feeds", "remove", str(feed["id"]), *lib)
    assert code == 0
    code, out, _ = run(capsys, "feeds", "list", "--json", *lib)
    assert json.loads(out) == []
    code, out, _ = run(capsys, "list", "--json", *lib)
    assert json.loads(out) == []  # unmarked articles go with the feed


def test_remove_keep_articles(
    capsys: pytest.CaptureFixture[str], web: LocalWeb, lib: list[str]
) -> None:
    web.route("/feed.xml", body=rss(_items(2)), headers=RSS_TYPE)
    run(capsys, "feeds", "add", web.url("/feed.xml"), *lib)
    code, _, err = run(capsys, "feeds", "remove", "1", "--keep-articles", *lib)
    assert code == 0, err
    code, out, _ = run(capsys, "list", "--json", *lib)
    assert len(json.loads(out)) == 2


def test_a_failing_feed_says_why_in_the_list(
    capsys: pytest.CaptureFixture[str], web: LocalWeb, lib: list[str]
) -> None:
    web.route("/feed.xml", body=rss(_items(1)), headers=RSS_TYPE)
    run(capsys, "feeds", "add", web.url("/feed.xml"), *lib)
    web.route("/feed.xml", status=500)
    code, out, err = run(capsys, "feeds", "refresh", *lib)
    assert code == 1 and "500" in out + err
    code, out, _ = run(capsys, "feeds", "list", *lib)
    assert "500" in out  # the last error, in words, beside the feed
    code, out, _ = run(capsys, "feeds", "list", "--json", *lib)
    assert "500" in json.loads(out)[0]["last_error"]


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("file:///etc/passwd", "Only http and https"),
        ("javascript:alert(1)", "Only http and https"),
    ],
)
def test_bad_addresses_are_one_line(
    capsys: pytest.CaptureFixture[str], lib: list[str], address: str, words: str
) -> None:
    code, _out, err = run(capsys, "feeds", "add", address, *lib)
    assert code != 0 and words in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_page_is_not_a_feed(
    capsys: pytest.CaptureFixture[str], web: LocalWeb, lib: list[str]
) -> None:
    web.route("/story", body=page("A story", ["Words of a story."] * 3), headers=HTML_TYPE)
    code, _, err = run(capsys, "feeds", "add", web.url("/story"), *lib)
    assert code != 0 and "no feed" in err.lower()


def test_unknown_feed_id_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], lib: list[str]
) -> None:
    code, _, err = run(capsys, "list", "--feed", "99", *lib)
    assert code == 2 and "no feed 99" in err
    code, _, err = run(capsys, "feeds", "remove", "99", *lib)
    assert code != 0 and "99" in err


def test_opml_in_and_out(
    capsys: pytest.CaptureFixture[str], lib: list[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "feeds", "import-opml", str(DATA / "opml" / "feedly.opml"), *lib)
    assert code == 0, err
    code, out, _ = run(capsys, "feeds", "list", "--json", *lib)
    imported = json.loads(out)
    assert imported and all(f["total"] == 0 for f in imported)
    target = tmp_path / "out.opml"
    code, _, err = run(capsys, "feeds", "export-opml", "-o", str(target), *lib)
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and '<opml version="2.0">' in text
    for feed in imported:
        assert feed["url"].replace("&", "&amp;") in text
    code, out, _ = run(capsys, "feeds", "export-opml", *lib)
    created = re.compile(r"<dateCreated>[^<]*</dateCreated>")  # the second may have turned
    assert created.sub("", out) == created.sub("", text)


def test_opml_that_is_not_opml(
    capsys: pytest.CaptureFixture[str], lib: list[str], tmp_path: Path
) -> None:
    for name in ("malformed.opml", "entity_bomb.opml"):
        code, _, err = run(capsys, "feeds", "import-opml", str(DATA / "opml" / name), *lib)
        assert code != 0 and "OPML" in err and "Traceback" not in err
    code, _, err = run(capsys, "feeds", "import-opml", str(tmp_path / "missing.opml"), *lib)
    assert code != 0 and "missing.opml" in err


def test_reader_add_saves_pages_and_updates_them(
    capsys: pytest.CaptureFixture[str], web: LocalWeb, lib: list[str]
) -> None:
    story = ["The bridge over the river will close for a week of repairs in spring."] * 5
    web.route("/bridge", body=page("Bridge to close", story), headers=HTML_TYPE)
    code, out, err = run(capsys, "add", web.url("/bridge"), "--no-pictures", "--json", *lib)
    assert code == 0, err
    first = json.loads(out)
    assert first["failed"] == 0 and len(first["saved"]) == 1
    code, out, _ = run(capsys, "list", "--json", *lib)
    (row,) = json.loads(out)
    assert row["title"] == "Bridge to close" and row["id"] == first["saved"][0]
    # saving the same page again updates it in place
    web.route("/bridge", body=page("Bridge to close", [*story, "Update: it opens again."]),
              headers=HTML_TYPE)  # fmt: skip
    code, out, err = run(capsys, "add", web.url("/bridge"), "--json", *lib)
    assert code == 0, err
    assert json.loads(out)["saved"] == first["saved"]
    code, out, _ = run(capsys, "show", str(row["id"]), *lib)
    assert "Update: it opens again." in out


def test_reader_add_reports_each_failure(
    capsys: pytest.CaptureFixture[str], web: LocalWeb, lib: list[str]
) -> None:
    web.route("/missing", status=404)
    code, _, err = run(capsys, "add", web.url("/missing"), "ftp://example.org/x", *lib)
    assert code != 0
    assert "404" in err and "ftp://example.org/x" in err and "Traceback" not in err
