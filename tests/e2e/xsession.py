"""The pieces of an end-to-end session: the installed `reader`, the keys xdotool sends it
under Xvfb, screenshots, and what `reader ... --json` says afterwards (fixtures that start
them are in this folder's conftest.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

READER = Path(sys.executable).parent / "reader"


def free_display() -> int:
    for number in range(90, 400):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            return number
    pytest.skip("no free X display number")


class Session:
    """The running app and the keys sent to it."""

    def __init__(self, env: dict[str, str], app: subprocess.Popen[bytes]) -> None:
        self.env = env
        self.app = app

    def xdotool(self, *args: str, timeout: float = 15) -> str:
        result = subprocess.run(
            ["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=timeout,
            check=False,
        )  # fmt: skip
        return result.stdout.strip()

    def key(self, *keys: str) -> None:
        self.xdotool("key", "--delay", "120", *keys)
        time.sleep(0.25)

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "80", text)
        time.sleep(0.3)

    def screenshot(self, path: Path) -> Path:
        """The whole screen as a PNG (ImageMagick's `import`)."""
        if not shutil.which("import"):
            pytest.skip("ImageMagick's import is needed for screenshots")
        subprocess.run(
            ["import", "-window", "root", str(path)], env=self.env, timeout=30, check=True
        )
        return path

    def wait_title(self, pattern: str, timeout: float = 15) -> None:
        """Wait until the window title matches `pattern` (the title names the view)."""
        found = self.xdotool("search", "--sync", "--onlyvisible", "--name", pattern,
                             timeout=timeout)  # fmt: skip
        assert found, f"no window titled {pattern!r}"


def highlight_pixels(path: Path) -> int:
    """How many pixels of a screenshot have the yellow highlight's paint (on white)."""
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert not image.isNull(), path
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(image.width() * 2 // 5, image.width(), 2):  # the reading pane's side
            colour = image.pixelColor(x, y)
            if colour.red() > 235 and 215 < colour.green() < 250 and 90 < colour.blue() < 175:
                count += 1
    return count


def reader_json(command: str, library: Path) -> list[dict[str, object]]:
    """What `reader COMMAND --json` prints about the library (`list`, `notes`)."""
    out = subprocess.run(
        [str(READER), command, "--json", "--library", str(library)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    rows: list[dict[str, object]] = json.loads(out.stdout)
    return rows
