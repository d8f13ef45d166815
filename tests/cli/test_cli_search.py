"""`reader search`, `reader check` and `reader reindex`: output, agreement, odd input."""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.cli import main
from reader.cli import search as search_commands
from reader.library import Library

DATA = Path(__file__).resolve().parents[1] / "data"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lib_arg(library_path: Path) -> str:
    Library.open(library_path).close()
    return f"--library={library_path}"


def test_search_json_has_the_documented_fields(
    capsys: pytest.CaptureFixture[str], lib_arg: str
) -> None:
    code, out, _ = run(capsys, "search", "--json", lib_arg, '"free solo"')
    assert code == 0
    [hit] = json.loads(out)
    assert {"id", "title", "score", "snippet", "kind"} <= set(hit)
    assert (hit["id"], hit["kind"], hit["article_id"]) == (2, "article", 2)
    assert "**free solo**" in hit["snippet"] and hit["score"] > 0


def test_search_text_marks_matches_and_limit_applies(
    capsys: pytest.CaptureFixture[str], lib_arg: str
) -> None:
    code, out, _ = run(capsys, "search", lib_arg, "taipei")
    assert code == 0 and "[Taipei]" in out and out.split()[0] == "2"
    code, out, _ = run(capsys, "search", "--json", "--limit", "2", lib_arg, "the")
    assert code == 0 and len(json.loads(out)) == 2


def test_search_agrees_with_the_library(
    capsys: pytest.CaptureFixture[str], library_path: Path, lib_arg: str
) -> None:
    for query in ("the", "troops OR climber", "is:unread", "topic:sport"):
        _, out, _ = run(capsys, "search", "--json", lib_arg, query)
        with Library.open(library_path) as library:
            expected = [r.as_json() for r in library.search(query)]
        assert json.loads(out) == expected


def test_no_results_is_not_an_error(capsys: pytest.CaptureFixture[str], lib_arg: str) -> None:
    code, out, err = run(capsys, "search", lib_arg, "zzzzqqq")
    assert (code, out, err.strip()) == (0, "", "No results.")
    code, out, _ = run(capsys, "search", "--json", lib_arg, "zzzzqqq")
    assert (code, json.loads(out)) == (0, [])


@pytest.mark.parametrize("limit", ["0", "-3", "many"])
def test_a_bad_limit_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], lib_arg: str, limit: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["search", lib_arg, "--limit", limit, "x"])
    assert exit_info.value.code == 2
    assert "--limit" in capsys.readouterr().err


ODD = ['"', "AND", "OR", "NOT", "*", "^", "NEAR(", "nope:x", "x" * 10_000, "a\x00b", "😀", "-x"]


@pytest.mark.parametrize("query", ODD)
def test_odd_queries_through_the_whole_command(
    capsys: pytest.CaptureFixture[str], lib_arg: str, query: str
) -> None:
    code, out, err = run(capsys, "search", "--json", lib_arg, "--", query)
    assert code == 0 and isinstance(json.loads(out), list) and "Traceback" not in err
    assert run(capsys, "search", lib_arg, "--", query)[0] == 0


def test_every_naughty_string_prints_results_or_nothing(
    capsys: pytest.CaptureFixture[str], library: Library
) -> None:
    """Every line of blns.txt through the command's own code, as text and as JSON (one open
    library: opening it 700 times would only test `Library.open`)."""
    lines = (DATA / "blns.txt").read_text(encoding="utf-8").splitlines()
    for query in [line for line in lines if line and not line.startswith("#")]:
        for as_json in (False, True):
            args = argparse.Namespace(query=[query], json=as_json, limit=50)
            assert search_commands.COMMANDS["search"](library, args) == 0
            out, _ = capsys.readouterr()
            if as_json:
                assert isinstance(json.loads(out), list)


def test_check_ok_then_damaged_then_reindexed(
    capsys: pytest.CaptureFixture[str], library_path: Path, lib_arg: str
) -> None:
    code, out, _ = run(capsys, "check", lib_arg)
    assert code == 0 and "ok" in out
    conn = sqlite3.connect(library_path)
    conn.execute("DELETE FROM article_fts_data WHERE id > 10")
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "check", lib_arg)
    assert code == 1 and "search index" in err and "reader reindex" in err
    code, out, _ = run(capsys, "reindex", lib_arg)
    assert code == 0 and "Indexed 4 articles" in out
    assert run(capsys, "check", lib_arg)[0] == 0
    code, out, _ = run(capsys, "search", "--json", lib_arg, "taipei")
    assert [r["id"] for r in json.loads(out)] == [2]


def test_an_old_library_is_indexed_when_a_command_opens_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "old.db"
    shutil.copy(DATA / "library-v1.db", path)
    code, out, _ = run(capsys, "search", "--json", f"--library={path}", "taipei")
    assert code == 0 and [r["id"] for r in json.loads(out)] == [2]
