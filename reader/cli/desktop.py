"""Installing Reader's desktop entry and icon for the current user (Linux, freedesktop.org).

`pip install` cannot put files in `~/.local/share/applications`, so `reader install-desktop`
does it: the `.desktop` file (pointing at this installation's `reader` command) and the SVG
icon, under `$XDG_DATA_HOME` (default `~/.local/share`).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from reader import APP_ID
from reader.library import resource


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def reader_command() -> str:
    """The absolute path of this installation's `reader` command, else plain `reader`."""
    beside = Path(sys.executable).parent / "reader"
    if beside.is_file():
        return str(beside)
    return shutil.which("reader") or "reader"


def install(target: Path | None = None) -> list[Path]:
    """Write the desktop entry and icon; returns the files written."""
    root = target or data_home()
    entry_path = root / "applications" / f"{APP_ID}.desktop"
    icon_path = root / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    command = reader_command()
    lines = [
        _with_command(line, command)
        for line in resource(f"{APP_ID}.desktop").read_text(encoding="utf-8").splitlines()
    ]
    entry_path.parent.mkdir(parents=True, exist_ok=True)
    icon_path.parent.mkdir(parents=True, exist_ok=True)
    entry_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copyfile(resource("reader.svg"), icon_path)
    return [entry_path, icon_path]


def _with_command(line: str, command: str) -> str:
    if line.startswith("Exec="):
        return f"Exec={_quote(command)}"
    if line.startswith("TryExec="):
        return f"TryExec={command}"
    return line


def _quote(command: str) -> str:
    """Quote an Exec path as the Desktop Entry Specification asks, if it needs it."""
    if not any(c in command for c in " \t\"'\\><~|&;$*?#()`"):
        return command
    escaped = (
        command.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    )
    return f'"{escaped}"'
