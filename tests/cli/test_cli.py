"""The command line: subcommands, JSON output, and clear errors without tracebacks."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_has_the_documented_fields(
    capsys: pytest.CaptureFixture[str], library_path: Path
) -> None:
    code, out, _ = run(capsys, "list", "--json", "--library", str(library_path))
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 4
    for row in rows:
        assert {
            "id",
            "uri",
            "title",
            "dateline",
            "topics",
            "bookmarked",
            "read",
            "words",
            "source",
        } <= set(row)
        assert row["topics"] and {"code", "name", "score"} == set(row["topics"][0])
    assert [r["dateline"] for r in rows] == [None, "TAIPEI", None, "BERLIN"]
    assert rows[1]["topics"][0]["name"] == "sport"


def test_library_option_works_before_the_subcommand_and_from_the_environment(
    capsys: pytest.CaptureFixture[str], library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "--library", str(library_path), "list")[0] == 0
    monkeypatch.setenv("READER_LIBRARY", str(library_path))
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0 and len(json.loads(out)) == 4


def test_filters(capsys: pytest.CaptureFixture[str], library_path: Path) -> None:
    with Library.open(library_path) as lib:
        lib.set_bookmarked([2], True)
        lib.set_read([1], True)
    lib_args = ("--library", str(library_path))
    assert [
        r["id"] for r in json.loads(run(capsys, "list", "--bookmarked", "--json", *lib_args)[1])
    ] == [2]
    assert [
        r["id"] for r in json.loads(run(capsys, "list", "--unread", "--json", *lib_args)[1])
    ] == [2, 3, 4]
    both = json.loads(run(capsys, "list", "--unread", "--bookmarked", "--json", *lib_args)[1])
    assert [r["id"] for r in both] == [2]
    sport = json.loads(run(capsys, "list", "--topic", "sport", "--json", *lib_args)[1])
    assert 2 in [r["id"] for r in sport]
    by_code = json.loads(run(capsys, "list", "--topic", "15000000", "--json", *lib_args)[1])
    assert by_code == sport


def test_unknown_topic_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], library_path: Path
) -> None:
    code, out, err = run(capsys, "list", "--topic", "knitting", "--library", str(library_path))
    assert code == 2
    assert out == ""
    assert err.startswith("reader: no topic called 'knitting'")


def test_topics_json(capsys: pytest.CaptureFixture[str], library_path: Path) -> None:
    code, out, _ = run(capsys, "topics", "--json", "--library", str(library_path))
    topics = json.loads(out)
    assert code == 0
    assert all(set(t) == {"code", "name", "label", "count"} and t["count"] > 0 for t in topics)
    assert {"16000000", "15000000"} <= {t["code"] for t in topics}


def test_show_html_is_exactly_what_the_pane_gets(
    capsys: pytest.CaptureFixture[str], library_path: Path
) -> None:
    code, out, _ = run(capsys, "show", "2", "--format", "html", "--library", str(library_path))
    with Library.open(library_path) as lib:
        assert out == lib.article(2).html() + "\n"
    assert code == 0
    code, out, _ = run(capsys, "show", "2", "--library", str(library_path))
    assert out.splitlines()[0].startswith("American rock climber Alex Honnold")
    assert "TAIPEI – In an unprecedented display" in out


def test_show_missing_article(capsys: pytest.CaptureFixture[str], library_path: Path) -> None:
    code, _, err = run(capsys, "show", "99", "--library", str(library_path))
    assert code == 2
    assert "there is no article 99" in err


def test_import_json_and_summary(
    capsys: pytest.CaptureFixture[str], library_path: Path, tmp_path: Path
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("ROME – A new story about the Pope and the Vatican.")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x1f\x8b\x08\x00binary")
    code, out, _ = run(capsys, "import", str(good), str(bad), str(tmp_path / "gone.txt"),
                       "--json", "--library", str(library_path))  # fmt: skip
    result = json.loads(out)
    assert code == 0
    assert result["imported"] == 1
    assert {Path(f["path"]).name: f["reason"] for f in result["failed"]} == {
        "bad.txt": "not a text file (a gzip archive)",
        "gone.txt": "no such file or folder",
    }
    code, out, _ = run(capsys, "import", str(good), "--library", str(library_path))
    assert code == 0
    assert "Imported 0 articles" in out and "1 unchanged" in out


def test_import_of_only_bad_files_fails(
    capsys: pytest.CaptureFixture[str], library_path: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "import", str(tmp_path / "gone"), "--library", str(library_path))
    assert code == 1
    assert "no such file or folder" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty (0 bytes)"),
        (b"hello, not a database", "not an SQLite database"),
        (b"SQLite format 3\x00" + b"\xff" * 5000, "damaged"),
    ],
)
def test_bad_library_files_give_one_line_and_no_traceback(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "reader", "list", "--library", str(path)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("reader: ") and message in result.stderr
    assert path.read_bytes() == content


def test_newer_library_is_refused_from_the_command_line(
    capsys: pytest.CaptureFixture[str], library_path: Path
) -> None:
    Library.open(library_path).close()
    conn = sqlite3.connect(library_path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    code, _, err = run(capsys, "list", "--library", str(library_path))
    assert code == 1
    assert "newer version of Reader" in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("Reader ")


def test_reading_while_the_library_is_open_elsewhere(
    capsys: pytest.CaptureFixture[str], library_path: Path
) -> None:
    Library.open(library_path).close()
    other = sqlite3.connect(library_path)  # another process (the app) holding a read transaction
    other.execute("BEGIN")
    other.execute("SELECT COUNT(*) FROM article").fetchone()
    try:
        code, out, _ = run(capsys, "list", "--json", "--library", str(library_path))
        assert code == 0 and len(json.loads(out)) == 4
    finally:
        other.rollback()
        other.close()


def test_broken_user_topic_rules_warn_and_the_bundled_rules_still_work(
    capsys: pytest.CaptureFixture[str], library_path: Path, tmp_path: Path
) -> None:
    from reader.library import config_dir

    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "topics.toml").write_text('[topic."99000000"]\nterms = {x = "heavy"}\n')
    code, out, err = run(capsys, "list", "--json", "--library", str(library_path))
    assert code == 0
    assert len(json.loads(out)) == 4
    assert err.startswith("reader: warning: ")
    assert "topics.toml" in err
    assert "your topic rules were not applied" in err


def test_user_topic_rules_extend_the_bundled_ones(
    capsys: pytest.CaptureFixture[str], library_path: Path, tmp_path: Path
) -> None:
    from reader.library import config_dir

    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "topics.toml").write_text(
        '[topic."10000000".terms]\n"free solo" = 40.0\n"skyscraper" = 40.0\n'
    )
    code, out, err = run(capsys, "list", "--json", "--library", str(library_path))
    rows = json.loads(out)
    assert code == 0
    assert err == ""
    assert rows[1]["topics"][0]["code"] == "10000000"


def test_install_desktop_writes_entry_and_icon(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    code, out, _ = run(capsys, "install-desktop")
    entry = tmp_path / "share" / "applications" / "reader-desktop.desktop"
    icon = tmp_path / "share" / "icons" / "hicolor" / "scalable" / "apps" / "reader-desktop.svg"
    assert code == 0
    assert str(entry) in out
    assert icon.read_bytes().startswith(b"<?xml")
    text = entry.read_text()
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line.endswith("reader")
    assert "Icon=reader-desktop" in text


def test_topic_adds_and_removes_topics_by_hand(
    capsys: pytest.CaptureFixture[str], library_path: Path
) -> None:
    lib = ("--library", str(library_path))
    code, out, _ = run(
        capsys, "topic", "2", "--add", "lifestyle", "--remove", "sport", "--json", *lib
    )
    topics = json.loads(out)
    assert code == 0
    assert topics[0] == {"code": "10000000", "name": "lifestyle and leisure", "score": 1.0}
    assert "15000000" not in {t["code"] for t in topics}
    listed = json.loads(run(capsys, "list", "--topic", "sport", "--json", *lib)[1])
    assert 2 not in [r["id"] for r in listed]
    code, _, err = run(capsys, "topic", "2", "--add", "knitting", *lib)
    assert code == 2
    assert "no topic called 'knitting'" in err
    code, _, err = run(capsys, "topic", "99", "--add", "sport", *lib)
    assert code == 2
    assert "there is no article 99" in err


def test_import_names_files_read_with_warnings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A file whose name is not valid UTF-8 is imported, and said to be, in both outputs."""
    folder = tmp_path / "odd"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"odd \xff.txt"), "wb") as handle:
        handle.write(b"An odd name\n\nIts paragraph.\n")
    code, _out, err = run(capsys, "import", str(folder), "--library", str(tmp_path / "l.db"))
    assert code == 0, err
    assert "warning: its name is not valid UTF-8" in err
    code, out, _err = run(
        capsys, "import", str(folder), "--json", "--library", str(tmp_path / "m.db")
    )
    rows = json.loads(out)["warnings"]
    assert len(rows) == 1 and "\\xff" in rows[0]["path"], rows
