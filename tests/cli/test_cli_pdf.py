"""`reader show ID --format pdf -o FILE`: a real PDF of the article with its notes, written
by a process that had no Qt application (it starts an offscreen one), and one-line errors
for a missing -o, a missing article and a place that cannot be written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library


def _reader(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # none is needed
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, text=True,
        env=env, check=False, timeout=120,
    )  # fmt: skip


def test_show_format_pdf_writes_a_pdf(library_path: Path, tmp_path: Path) -> None:
    with Library.open(library_path) as lib:
        lib.add_highlight(2, 0, 20, "pink", "<script>alert(1)</script> check this")
        lib.add_article_note(2, "Worth reading again.")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "article.pdf"
    result = _reader("show", "2", "--format", "pdf", "-o", str(target), "--library",
                     str(library_path))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr.strip() == f"Wrote {target}"
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]
    assert len(data) > 5_000  # text was laid out, not an empty page
    assert [p.name for p in out.iterdir()] == ["article.pdf"]  # no temporary left


def test_show_format_pdf_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], library_path: Path, tmp_path: Path
) -> None:
    base = ["--library", str(library_path)]
    assert main(["show", "2", "--format", "pdf", *base]) == 2
    assert capsys.readouterr().err == "reader: --format pdf needs -o FILE, the PDF to write\n"
    assert main(["show", "99", "--format", "pdf", "-o", str(tmp_path / "x.pdf"), *base]) == 2
    assert "there is no article 99" in capsys.readouterr().err
    assert main(["show", "2", "-o", str(tmp_path / "x.txt"), *base]) == 2
    assert capsys.readouterr().err == "reader: -o is for --format pdf; text and html are printed\n"
    result = _reader("show", "2", "--format", "pdf", "-o", str(tmp_path / "no" / "x.pdf"), *base)
    assert result.returncode == 1
    assert result.stderr.startswith("reader: cannot write the PDF to ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
