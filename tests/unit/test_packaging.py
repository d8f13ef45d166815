"""Packaging facts that once broke the app: the PySide6 6.12.0 / Python 3.11 abort, and the
resources and corpus that must ship inside the package."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

from reader.library.store.files import corpus_dir, resource

REPO = Path(__file__).resolve().parents[2]


def _pyside_requirements() -> list[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [d for d in project["dependencies"] if d.lower().startswith("pyside6")]


def test_python_below_312_is_held_below_pyside6_612() -> None:
    pinned = [r for r in _pyside_requirements() if "python_version < '3.12'" in r]
    assert pinned, "PySide6 needs an environment marker for Python < 3.12"
    assert all("<6.12" in r for r in pinned)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="the abort happens on Python 3.11")
def test_installed_pyside6_is_not_the_aborting_release() -> None:
    major, minor = (int(x) for x in version("PySide6-Essentials").split(".")[:2])
    assert (major, minor) < (6, 12)


def test_many_void_calls_and_none_results_do_not_abort_the_interpreter() -> None:
    """PySide6 6.12.0 on 3.11 dropped a reference to None on each void call and each None
    returned by QModelIndex.data(); the interpreter died after a few thousand."""
    code = (
        "from PySide6.QtCore import QCoreApplication, QStringListModel, Qt\n"
        "app = QCoreApplication([])\n"
        "model = QStringListModel(['a'])\n"
        "index = model.index(0, 0)\n"
        "for _ in range(20000):\n"
        "    app.processEvents()\n"
        "    assert index.data(Qt.ItemDataRole.DecorationRole) is None\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"


def test_bundled_data_is_found() -> None:
    assert (corpus_dir() / "000_57c416fe57b96e89.txt").is_file()
    for name in (
        "topics.toml",
        "keymap.toml",
        "reader.css",
        "reader.svg",
        "reader-desktop.desktop",
    ):
        assert resource(name).is_file(), name


def test_corpus_is_the_seed_byte_for_byte() -> None:
    seed = REPO.parent / "shared" / "seed" / "000_57c416fe57b96e89.txt"
    if not seed.exists():
        pytest.skip("the shared seed is not beside this checkout")
    assert (corpus_dir() / seed.name).read_bytes() == seed.read_bytes()


def test_desktop_entry_launches_the_reader_command() -> None:
    entry = resource("reader-desktop.desktop").read_text(encoding="utf-8")
    assert "[Desktop Entry]" in entry
    assert "\nExec=reader" in entry
    assert "\nType=Application" in entry
    assert "\nIcon=" in entry
