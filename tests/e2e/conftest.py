"""Fixtures of the end-to-end sessions: a private Xvfb display and the installed `reader`
running on it with its own configuration, data and library."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from xsession import READER, Session, free_display


@pytest.fixture
def display() -> Iterator[str]:
    if not shutil.which("Xvfb") or not shutil.which("xdotool"):
        pytest.skip("Xvfb and xdotool are needed (apt-get install xvfb xdotool)")
    number = free_display()
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            pytest.skip("Xvfb did not start")
        time.sleep(0.05)
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def session(display: str, tmp_path: Path) -> Iterator[Session]:
    assert READER.exists(), f"the installed reader is missing: {READER}"
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "HOME": str(tmp_path / "home"),
    }
    env.pop("READER_LIBRARY", None)
    log = (tmp_path / "reader.log").open("wb")
    app = subprocess.Popen(
        [str(READER), "--library", str(tmp_path / "library.db")], env=env, stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield Session(env, app)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(timeout=10)
        log.close()
