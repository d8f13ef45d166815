"""The layout shows the architecture: every module says what it is for, none grows into a
god module, and no package holds near-synonyms (`annotations`, `annotator`, `annotating`,
`annotationwindow`) that leave a newcomer guessing where a feature goes."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import reader

PACKAGE = Path(reader.__file__).parent
MAX_LINES = 600
SUFFIXES = ("window", "_api", "api", "ing", "ions", "ion", "or", "er", "s")


def stem(name: str) -> str:
    """A module name without the endings that make near-synonyms of one word."""
    word = name.replace("_", "")
    changed = True
    while changed:
        changed = False
        for suffix in SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                changed = True
    return word


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def test_every_module_says_what_it_is_for() -> None:
    missing = [
        str(p.relative_to(PACKAGE))
        for p in modules()
        if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) and p.stat().st_size > 0
    ]
    assert missing == []


def test_no_module_is_a_god_module() -> None:
    big = {
        str(p.relative_to(PACKAGE)): n
        for p in modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert big == {}


def test_no_package_holds_near_synonyms() -> None:
    clashes = []
    for folder in {p.parent for p in modules()}:
        stems: dict[str, list[str]] = defaultdict(list)
        for path in folder.glob("*.py"):
            if path.stem != "__init__":
                stems[stem(path.stem)].append(path.stem)
        for subfolder in folder.iterdir():
            if subfolder.is_dir() and (subfolder / "__init__.py").exists():
                stems[stem(subfolder.name)].append(subfolder.name + "/")
        clashes += [
            f"{folder.relative_to(PACKAGE.parent)}: {', '.join(sorted(names))}"
            for names in stems.values()
            if len(names) > 1
        ]
    assert clashes == []


def test_the_stem_rule_catches_the_old_near_synonyms() -> None:
    old = ["annotations", "annotation_api", "annotator", "annotating", "annotationwindow"]
    assert len({stem(name) for name in old}) == 1
    assert len({stem(name) for name in ["search", "search_api", "searching", "searchwindow"]}) == 1


def test_test_files_have_names_of_their_own() -> None:
    """Tests mirror the package in folders without `__init__.py`, so pytest imports each by
    its base name: two files of one name anywhere under tests/ break the whole run."""
    tests = PACKAGE.parent / "tests"
    seen: dict[str, list[str]] = defaultdict(list)
    for path in tests.rglob("test_*.py"):
        seen[path.name].append(str(path.relative_to(tests)))
    assert {name: places for name, places in seen.items() if len(places) > 1} == {}
