"""The topic subcommands: choosing topics, `--explain`, `reclassify` and `--reset-learning`."""

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


def test_explain_shows_rule_terms_and_what_was_learned(
    capsys: pytest.CaptureFixture[str], library_path: Path, tmp_path: Path
) -> None:
    lib = ["--library", str(library_path)]
    code, out, _ = run(capsys, "topic", "1", "--explain", *lib)
    assert code == 0 and "rules: '" in out and "learned from" not in out
    for n in range(4):
        (tmp_path / f"tribunal-{n}.txt").write_text(
            f"Minister number {n} faces a tribunal\n\nThe tribunal heard that the minister "
            f"misled the cabinet about contract {n}.\n\nThe court adjourned the hearing.\n"
        )
    code, out, _ = run(capsys, "import", *(str(p) for p in sorted(tmp_path.glob("*.txt"))), *lib)
    assert code == 0
    for article in (5, 6, 7):
        assert run(capsys, "topic", str(article), "--add", "weather", *lib)[0] == 0
    code, out, _ = run(capsys, "topic", "8", "--explain", *lib)
    assert code == 0 and "learned from your 3 choices: '" in out and "-> Weather (+" in out
    code, out, _ = run(capsys, "topic", "8", "--explain", "--json", *lib)
    found = json.loads(out)
    assert found["explain"]["examples"] == 3 and found["topics"]
    weather = [t for t in found["explain"]["topics"] if t["label"] == "Weather"]
    assert weather and weather[0]["learned"] > 0 and weather[0]["words"]


def test_reclassify_and_reset_learning(
    capsys: pytest.CaptureFixture[str], library_path: Path
) -> None:
    lib = ["--library", str(library_path)]
    run(capsys, "topic", "1", "--add", "weather", *lib)
    code, _, err = run(capsys, "reclassify", *lib)
    assert code == 0 and "Re-classified 3 articles." in err  # not the one chosen by hand
    code, _, err = run(capsys, "reclassify", "--all", *lib)
    assert code == 0 and "Re-classified 4 articles." in err
    code, _, err = run(capsys, "reclassify", "2", *lib)
    assert code == 0 and "Re-classified 1 article." in err
    assert run(capsys, "reclassify", "999", *lib)[0] == 2
    code, out, err = run(capsys, "topics", "--reset-learning", *lib)
    assert code == 0 and "Forgot what the topics learned from 1 choice;" in err and out
    with Library.open(library_path) as opened:
        assert opened.learned_examples() == 0
        article = opened.article(1)
        assert article is not None and "Weather" in {t.label for t in article.topics}
