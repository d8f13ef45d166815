"""The core never imports Qt: `reader.library` must work in a process without PySide6."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import reader.library

LIBRARY = Path(reader.library.__file__).parent


def test_no_library_module_imports_qt_in_its_source() -> None:
    offenders = []
    for path in LIBRARY.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {n}"
                for n in names
                if n.split(".")[0] in {"PySide6", "shiboken6", "reader"}
                and n.startswith(("PySide6", "shiboken6", "reader.ui"))
            ]
    assert offenders == []


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
