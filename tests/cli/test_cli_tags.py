"""`reader tag` and `reader tags`: adding and removing, JSON counts, refused names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lib_arg(library_path: Path) -> str:
    Library.open(library_path).close()
    return f"--library={library_path}"


def test_tag_adds_and_removes(capsys: pytest.CaptureFixture[str], lib_arg: str) -> None:
    code, out, _ = run(capsys, "tag", lib_arg, "1", "2", "--add", "work/project-x", "--add", "x")
    assert code == 0
    assert out.splitlines() == ["article 1: work/project-x, x", "article 2: work/project-x, x"]
    code, out, _ = run(capsys, "tag", lib_arg, "2", "--remove", "X")
    assert code == 0 and out == "article 2: work/project-x\n"
    code, out, _ = run(capsys, "tags", "--json", lib_arg)
    assert code == 0
    assert json.loads(out) == [
        {"name": "work", "articles": 2, "annotations": 0},
        {"name": "work/project-x", "articles": 2, "annotations": 0},
        {"name": "x", "articles": 1, "annotations": 0},
    ]
    code, out, _ = run(capsys, "tags", lib_arg)
    assert code == 0 and out.splitlines()[0].split() == ["2", "0", "work"]


def test_tag_on_annotations(
    capsys: pytest.CaptureFixture[str], library_path: Path, lib_arg: str
) -> None:
    with Library.open(library_path) as library:
        note = library.add_highlight(1, 0, 5, "yellow")
    code, out, _ = run(capsys, "tag", lib_arg, str(note.id), "--annotation", "--add", "quote")
    assert code == 0 and out == f"annotation {note.id}: quote\n"
    code, out, _ = run(capsys, "tags", "--json", lib_arg)
    assert json.loads(out) == [{"name": "quote", "articles": 0, "annotations": 1}]


@pytest.mark.parametrize("bad", ["", "a//b", "a\nb", "x" * 101])
def test_bad_names_are_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], lib_arg: str, bad: str
) -> None:
    code, out, err = run(capsys, "tag", lib_arg, "1", "--add", bad)
    assert code == 1 and out == ""
    assert err.startswith("reader: ") and err.count("\n") == 1


def test_unknown_article_is_a_usage_error(capsys: pytest.CaptureFixture[str], lib_arg: str) -> None:
    code, _, err = run(capsys, "tag", lib_arg, "999", "--add", "x")
    assert code == 2 and "no article 999" in err
