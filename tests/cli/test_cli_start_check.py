"""What the command line does before each command: only the cheap check (header, schema,
version), the full page-by-page check only after an unclean shutdown or by `reader check`;
and `reader list --limit N`, which reads no more than it prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library
from reader.library.store import db


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each check of a file on opening read every page."""
    seen: list[bool] = []
    original = db._check_readonly

    def recording(conn, path, full):  # type: ignore[no-untyped-def]
        seen.append(full)
        return original(conn, path, full)

    monkeypatch.setattr(db, "_check_readonly", recording)
    return seen


def test_commands_check_only_the_header_schema_and_version(
    library_path: Path, capsys: pytest.CaptureFixture[str], checks: list[bool]
) -> None:
    Library.open(library_path).close()
    code, out, _ = run(capsys, "list", "--library", str(library_path))
    assert code == 0 and len(out.splitlines()) == 4
    assert checks == [False]
    code, out, _ = run(capsys, "check", "--library", str(library_path))
    assert code == 0 and "ok" in out  # `reader check` reads every page itself


def test_after_an_unclean_shutdown_every_page_is_checked(
    library_path: Path, capsys: pytest.CaptureFixture[str], checks: list[bool]
) -> None:
    Library.open(library_path).close()
    wal = library_path.with_name(library_path.name + "-wal")
    wal.write_bytes(b"\0" * 32)  # what a crash leaves: a WAL file with something in it
    run(capsys, "list", "--library", str(library_path))
    assert checks == [True]


def test_list_limit_prints_the_first_rows_only(
    library_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Library.open(library_path).close()
    _, every, _ = run(capsys, "list", "--library", str(library_path))
    code, two, _ = run(capsys, "list", "--limit", "2", "--library", str(library_path))
    assert code == 0 and two.splitlines() == every.splitlines()[:2]
    with pytest.raises(SystemExit):  # a usage error, as argparse reports them
        main(["list", "--limit", "0", "--library", str(library_path)])
    assert "above 0" in capsys.readouterr().err
