"""The README's two set-up commands are the ones CI runs."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
INSTALL = "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/reader"
TESTS = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest"


def test_readme_gives_the_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"```sh\n{INSTALL}\n```" in readme
    assert f"```sh\n{TESTS}\n```" in readme


def test_ci_runs_the_readme_test_command_in_a_fresh_environment() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert 'python3 -m venv "$work/venv"' in ci
    assert "\"$work/venv/bin/pip\" install -q -e '.[test]'" in ci
    assert '"$work/venv/bin/pytest"\n' in ci
    assert '"$work/wheel/bin/pip" install -q "$root"' in ci  # and a plain, non-editable wheel
