"""`reader list --sort added|published|title|length [--reverse]`: every order, either way,
with the filters, and a clear error for an order that does not exist."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library


def listed(capsys: pytest.CaptureFixture[str], library_path: Path, *args: str) -> list[dict]:
    code = main(["list", "--json", "--library", str(library_path), *args])
    out, _ = capsys.readouterr()
    assert code == 0
    return json.loads(out)


def test_each_order_and_its_reverse(capsys: pytest.CaptureFixture[str], library_path: Path) -> None:
    default = listed(capsys, library_path)
    assert len(default) == 4
    assert listed(capsys, library_path, "--sort", "added") == default
    reverse = listed(capsys, library_path, "--sort", "added", "--reverse")
    assert [r["id"] for r in reverse] == [r["id"] for r in default][::-1]

    by_title = [r["title"] for r in listed(capsys, library_path, "--sort", "title")]
    assert by_title == sorted(by_title, key=str.lower)
    backwards = listed(capsys, library_path, "--sort", "title", "--reverse")
    assert [r["title"] for r in backwards] == by_title[::-1]

    by_length = [r["words"] for r in listed(capsys, library_path, "--sort", "length")]
    assert by_length == sorted(by_length) and len(set(by_length)) > 1
    longest = listed(capsys, library_path, "--sort", "length", "--reverse")
    assert [r["words"] for r in longest] == sorted(by_length, reverse=True)

    # the bundled texts have no published date: they come in the order they were added
    assert listed(capsys, library_path, "--sort", "published") == default


def test_published_dates_come_newest_first(
    capsys: pytest.CaptureFixture[str], library_path: Path, tmp_path: Path
) -> None:
    for name, date in (("old", "2019-05-01"), ("new", "2025-02-03"), ("mid", "2022-01-01")):
        (tmp_path / f"{name}.md").write_text(f"---\ntitle: {name}\ndate: {date}\n---\n\nText.\n")
    with Library.open(library_path, import_corpus=False) as lib:
        lib.import_paths(sorted(tmp_path.glob("*.md")))
    titles = [r["title"] for r in listed(capsys, library_path, "--sort", "published")]
    assert titles == ["new", "mid", "old"]
    reverse = listed(capsys, library_path, "--sort", "published", "--reverse")
    assert [r["title"] for r in reverse] == ["old", "mid", "new"]


def test_sorting_keeps_the_filters(capsys: pytest.CaptureFixture[str], library_path: Path) -> None:
    with Library.open(library_path) as lib:
        lib.set_bookmarked([1, 3, 4], True)
        lib.set_read([3], True)
    marked = listed(capsys, library_path, "--bookmarked", "--sort", "title")
    assert {r["id"] for r in marked} == {1, 3, 4}
    assert [r["title"] for r in marked] == sorted((r["title"] for r in marked), key=str.lower)
    unread = listed(capsys, library_path, "--unread", "--sort", "length", "--reverse")
    assert 3 not in {r["id"] for r in unread} and len(unread) == 3
    sport = listed(capsys, library_path, "--topic", "sport", "--sort", "title")
    assert sport and all(any(t["name"] == "sport" for t in r["topics"]) for r in sport)


def test_an_unknown_order_is_refused(
    capsys: pytest.CaptureFixture[str], library_path: Path
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["list", "--sort", "colour", "--library", str(library_path)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "--sort" in err and "title" in err and "Traceback" not in err
