"""One Reader per library: the lock, the socket that raises the first window, stale locks."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reader.ui.window.instance import InstanceGuard, Outcome, lock_path, server_name

REPO = Path(__file__).resolve().parents[3]


def python(code: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
        **kwargs,
    )


@pytest.fixture
def first(tmp_path: Path, qtbot: QtBot) -> Iterator[InstanceGuard]:
    guard = InstanceGuard(tmp_path / "library.db")
    assert guard.acquire() is Outcome.ACQUIRED
    yield guard
    guard.release()


def test_a_second_guard_on_the_same_library_raises_the_first(
    first: InstanceGuard, tmp_path: Path, qtbot: QtBot
) -> None:
    second = InstanceGuard(tmp_path / "sub" / ".." / "library.db")
    assert second.name == first.name
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert second.acquire() is Outcome.RAISED_OTHER
    assert lock_path(tmp_path / "library.db").exists()


def test_other_libraries_are_independent(first: InstanceGuard, tmp_path: Path) -> None:
    other = InstanceGuard(tmp_path / "other.db")
    try:
        assert other.name != first.name
        assert other.acquire() is Outcome.ACQUIRED
    finally:
        other.release()


def test_the_lock_is_free_after_release(tmp_path: Path, qtbot: QtBot) -> None:
    guard = InstanceGuard(tmp_path / "library.db")
    assert guard.acquire() is Outcome.ACQUIRED
    guard.release()
    again = InstanceGuard(tmp_path / "library.db")
    assert again.acquire() is Outcome.ACQUIRED
    again.release()


def test_a_lock_left_by_a_dead_process_is_taken_over(tmp_path: Path, qtbot: QtBot) -> None:
    library = tmp_path / "library.db"
    crashed = python(f"""
        import os
        from PySide6.QtCore import QLockFile
        lock = QLockFile({str(lock_path(library))!r})
        assert lock.tryLock(0)
        os._exit(0)  # dies holding the lock, as a crash would
    """)
    assert crashed.returncode == 0, crashed.stderr
    assert lock_path(library).exists()
    guard = InstanceGuard(library)
    assert guard.acquire() is Outcome.ACQUIRED
    guard.release()


def test_a_live_holder_that_does_not_answer_is_reported(tmp_path: Path, qtbot: QtBot) -> None:
    library = tmp_path / "library.db"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, time
            from PySide6.QtCore import QLockFile
            lock = QLockFile({str(lock_path(library))!r})
            assert lock.tryLock(0)
            print("locked", flush=True)
            sys.stdin.read()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        assert InstanceGuard(library, attempts=2).acquire() is Outcome.OTHER_SILENT
    finally:
        holder.communicate("", timeout=30)


def test_a_second_launch_brings_the_first_forward_and_exits(
    first: InstanceGuard, tmp_path: Path, qtbot: QtBot
) -> None:
    library = tmp_path / "library.db"
    with qtbot.waitSignal(first.activated, timeout=10_000):
        launched = python(f"""
            import sys
            from pathlib import Path
            from reader.ui.app import run_app
            sys.exit(run_app(Path({str(library)!r}), ["reader"]))
        """)
    assert launched.returncode == 0, launched.stderr
    assert f"Reader is already open on {library}; brought it to the front." in launched.stderr
    assert not library.exists()  # the second launch wrote nothing


def test_server_names_are_short_and_stable(tmp_path: Path) -> None:
    name = server_name(tmp_path / "a" / "library.db")
    assert name == server_name(tmp_path / "a" / "." / "library.db")
    assert len(name) < 60 and "/" not in name


def test_run_app_reports_a_library_it_cannot_open(tmp_path: Path, qtbot: QtBot) -> None:
    from reader.ui.app import run_app

    damaged = tmp_path / "library.db"
    damaged.write_bytes(b"")
    errors: list[str] = []
    assert run_app(damaged, ["reader"], report=errors.append) == 1
    assert errors and "empty" in errors[0]
    guard = InstanceGuard(damaged)  # the lock was let go
    assert guard.acquire() is Outcome.ACQUIRED
    guard.release()


def test_run_app_opens_the_window_and_closes_the_library_on_quit(
    tmp_path: Path, qtbot: QtBot
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from reader.library import Library
    from reader.ui.app import run_app
    from reader.ui.window.mainwindow import MainWindow

    seen: list[str] = []
    started = time.monotonic()

    def close_window() -> None:
        """Once the window is up with its counts (or after 10 s)."""
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                text = widget.status_text()
                if "4 articles" in text or time.monotonic() - started > 10:
                    seen.append(text)
                    widget.close()
                    return
        QTimer.singleShot(50, close_window)

    QTimer.singleShot(50, close_window)
    assert run_app(tmp_path / "library.db", ["reader"]) == 0
    # the first launch opens no article, so marks none read
    assert seen == ["4 articles · 4 unread · 0 bookmarked | All Articles: 4 articles"]
    assert Library._open is None
    assert QApplication.applicationName() == "Reader"
    assert QApplication.desktopFileName() == "reader-desktop"
    assert not QApplication.windowIcon().isNull()
