"""`reader backup`, `backups`, `restore`, `salvage`; read-only and damaged libraries from the
command line; and control characters from files and notes printed escaped."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from reader.cli import main
from reader.cli.terminal import escape
from reader.library import Library


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_backup_backups_and_restore(capsys: pytest.CaptureFixture[str], library_path: Path,
                                    tmp_path: Path) -> None:  # fmt: skip
    lib = ["--library", str(library_path)]
    code, out, _ = run(capsys, "backup", *lib)
    assert code == 0 and out.startswith(f"Backed up {library_path} to ")
    assert "4 articles, 0 highlights and notes" in out
    code, out, _ = run(capsys, "backup", "-o", str(tmp_path / "mine.db"), *lib)
    assert code == 0 and (tmp_path / "mine.db").is_file()
    code, out, _ = run(capsys, "backups", "--json", *lib)
    rows = json.loads(out)
    assert [r["kind"] for r in rows] == ["manual"]
    assert set(rows[0]) == {"path", "created", "kind", "size", "articles", "annotations",
                            "schema", "problem"}  # fmt: skip
    assert (rows[0]["articles"], rows[0]["annotations"], rows[0]["problem"]) == (4, 0, None)
    assert run(capsys, "topic", "1", "--add", "sport", *lib)[0] == 0
    code, out, err = run(capsys, "restore", str(tmp_path / "mine.db"), *lib)
    assert code == 0, err
    assert "the library it replaced is kept as" in out
    code, out, _ = run(capsys, "backups", *lib)
    assert "before-restore" in out and "daily" in out


def test_restore_refuses_a_bad_backup_in_one_line(
    capsys: pytest.CaptureFixture[str], library_path: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("x")
    code, _, err = run(capsys, "restore", str(bad), "--library", str(library_path))
    assert code == 1 and err.count("\n") == 1 and "cannot be restored" in err


def test_a_damaged_library_says_what_to_do_and_salvage_does_it(
    capsys: pytest.CaptureFixture[str], library_path: Path, tmp_path: Path
) -> None:
    Library.open(library_path).close()
    data = bytearray(library_path.read_bytes())
    data[4096:8192] = bytes(4096)
    library_path.write_bytes(bytes(data))
    code, _, err = run(capsys, "list", "--library", str(library_path))
    assert code == 1 and err.count("\n") == 1
    assert "is damaged" in err and "`reader restore FILE`" in err and "reader salvage" in err
    new = tmp_path / "saved.db"
    code, out, err = run(capsys, "salvage", str(library_path), str(new))
    assert code == 0, err
    assert out.startswith(f"Saved into {new} what could be read of {library_path}:")
    assert "articles:" in out
    assert run(capsys, "check", "--library", str(new))[0] == 0


def test_a_read_only_library_says_so_once_and_refuses_writes(
    capsys: pytest.CaptureFixture[str], library_path: Path
) -> None:
    Library.open(library_path).close()
    if subprocess.run(["chattr", "+i", str(library_path)], check=False).returncode:
        pytest.skip("chattr +i is not possible here")
    try:
        code, out, err = run(capsys, "list", "--library", str(library_path))
        assert code == 0 and len(out.splitlines()) == 4
        assert err.count("opened read-only: ") == 1 and err.count("\n") == 1
        code, _, err = run(capsys, "topic", "1", "--add", "sport", "--library", str(library_path))
        assert code == 1
        assert err.splitlines()[-1].startswith(
            "reader: Nothing was saved: the library is read-only"
        )
        assert "Traceback" not in err
    finally:
        subprocess.run(["chattr", "-i", str(library_path)], check=True)


HOSTILE = "\x1b]0;retitled\x07 \x1b]52;c;aGk=\x07 \r\x9b31m \u202e end"


def test_escape_leaves_nothing_that_steers_a_terminal() -> None:
    escaped = escape(HOSTILE + "\udcff")
    assert escaped == ("\\x1b]0;retitled\\x07 \\x1b]52;c;aGk=\\x07 \\x0d\\u009b31m "
                       "\\u202e end\\udcff")  # fmt: skip
    assert escape("line\n\ttab") == "line\n\ttab"
    assert escape("\x1b[1mbold\x1b[0m") == "\x1b[1mbold\x1b[0m"  # Reader's own styles only


def test_file_names_reasons_and_notes_are_printed_escaped(
    capsys: pytest.CaptureFixture[str], library_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a\x1b]0;x\x07.txt").write_bytes(b"\x00binary")
    lib = ["--library", str(library_path)]
    _, out, err = run(capsys, "import", str(folder), *lib)
    assert "\x1b" not in err and "\\x1b]0;x\\x07.txt" in err
    with Library.open(library_path) as opened:
        opened.add_article_note(1, f"note {HOSTILE}")
    for args in (["notes"], ["notes", "--json"], ["import", str(folder), "--json"]):
        _, out, err = run(capsys, *args, *lib)
        for text in (out, err):
            assert not any(c in text for c in "\x1b\x07\r\x9b\u202e"), args
    _, out, _ = run(capsys, "notes", "--json", *lib)
    assert json.loads(out)[0]["note"] == f"note {HOSTILE}"  # escaped on the wire, exact in JSON
