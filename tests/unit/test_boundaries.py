"""The shape of the house, checked on the source (every import, function-level ones too):

- the core (`reader.library`) never imports Qt, the window or the command line, and works in a
  process without PySide6;
- the window (`reader.ui`) never imports the command line;
- the window and the command line import only the core's front door, `reader.library`, and
  only names it exports (never a module behind it).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import reader.library

PACKAGE = Path(reader.library.__file__).parents[1]  # reader/
LIBRARY = PACKAGE / "library"
QT = ("PySide6", "shiboken6")


def imports(source: str) -> Iterator[tuple[int, str, list[str]]]:
    """(line, module, names imported from it) for every import anywhere in `source`; a plain
    `import a.b` gives the module and no names."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module, [alias.name for alias in node.names]


def _under(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def front_door_offences(source: str, where: str) -> list[str]:
    """Imports of the core other than names `reader.library` exports."""
    exported = set(reader.library.__all__)
    found = []
    for line, module, names in imports(source):
        if _under(module, "reader.library") and module != "reader.library":
            found.append(f"{where}:{line}: {module}")
        elif module == "reader.library":
            found += [f"{where}:{line}: reader.library.{n}" for n in names if n not in exported]
    return found


def _sources(*roots: Path) -> Iterator[tuple[str, str]]:
    for root in roots:
        paths = sorted(root.rglob("*.py")) if root.is_dir() else [root] if root.exists() else []
        for path in paths:
            yield str(path.relative_to(PACKAGE.parent)), path.read_text(encoding="utf-8")


def _cli_sources() -> Iterator[tuple[str, str]]:
    return _sources(PACKAGE / "cli")


def test_the_core_imports_no_qt_no_window_and_no_command_line() -> None:
    offenders = [
        f"{where}:{line}: {module}"
        for where, source in _sources(LIBRARY)
        for line, module, _ in imports(source)
        if _under(module, *QT, "reader.ui", "reader.cli")
    ]
    assert offenders == []


def test_the_window_never_imports_the_command_line() -> None:
    offenders = [
        f"{where}:{line}: {module}"
        for where, source in _sources(PACKAGE / "ui")
        for line, module, names in imports(source)
        if _under(module, "reader.cli") or (module == "reader" and "cli" in names)
    ]
    assert offenders == []


def test_the_window_and_the_command_line_use_only_the_front_door() -> None:
    offenders = [
        offence
        for where, source in (*_sources(PACKAGE / "ui"), *_cli_sources())
        for offence in front_door_offences(source, where)
    ]
    assert offenders == []
    assert list(_cli_sources()), "no command-line sources found: the test would check nothing"


def test_the_front_door_check_finds_imports_at_any_depth() -> None:
    source = (
        "from reader.library import Library, View\n"
        "def later():\n"
        "    from reader.library.store import db\n"
        "    import reader.library.search.query\n"
        "    from reader.library import store, Library as L\n"
    )
    assert front_door_offences(source, "x.py") == [
        "x.py:3: reader.library.store",
        "x.py:4: reader.library.search.query",
        "x.py:5: reader.library.store",
    ]


def test_every_exported_name_exists_and_none_is_a_module() -> None:
    for name in reader.library.__all__:
        value = getattr(reader.library, name)
        assert not isinstance(value, type(reader)), name


def test_importing_and_using_the_library_loads_no_qt(tmp_path: Path) -> None:
    code = (
        "import sys, pathlib\n"
        "from reader.library import Library\n"
        "import reader.cli\n"
        f"lib = Library.open(pathlib.Path({str(tmp_path / 'l.db')!r}))\n"
        "lib.counts(); lib.close()\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'reader.ui'))]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_command_line_opens_the_window_only_when_asked() -> None:
    """`reader.ui.app.run_app` is imported inside `main`, for the window alone: no module of
    the command line imports the window at module level."""
    inside, at_top = [], []
    for where, source in _cli_sources():
        tree = ast.parse(source)
        top = {node.lineno for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)}
        for line, module, names in imports(source):
            if _under(module, "reader.ui"):
                (at_top if line in top else inside).append((where, module, names))
    assert at_top == []
    assert ("reader/cli/main.py", "reader.ui.app", ["run_app"]) in inside
