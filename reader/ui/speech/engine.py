"""Finding a text-to-speech engine that works, or saying why there is none.

QtTextToSpeech ships in PySide6-Addons, an optional extra (`reader-desktop[speech]`), so it
is imported only when the reader first asks for speech, never at start-up. `open_engine`
returns a working `QTextToSpeech` or the sentence the status bar shows instead: how to
install the extra, or (on Linux) speech-dispatcher, whose engine gives the desktop's voices.
Qt's `mock` engine, which speaks nothing and exists for tests, is only used when asked for by
name (`READER_SPEECH_ENGINE=mock`). While the module loads and engines start, Qt's messages
about optional audio libraries and plug-ins that failed to load are kept off the terminal:
the status bar says what matters.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMessageLogContext, QObject, QtMsgType, qInstallMessageHandler

if TYPE_CHECKING:
    from PySide6.QtTextToSpeech import QTextToSpeech

MODULE = "PySide6.QtTextToSpeech"
ENGINE_VARIABLE = "READER_SPEECH_ENGINE"
TEST_ENGINE = "mock"
NEEDS_EXTRA = "Read aloud needs the speech extra: pip install 'reader-desktop[speech]'"
LINUX_VOICES = "speech-dispatcher (sudo apt install speech-dispatcher)"
QUIET_CATEGORIES = ("qt.multimedia.symbolsresolver",)
QUIET_MESSAGES = ("Error loading text-to-speech plug-in", "Text-to-speech plug-in")


def needs_extra_message() -> str:
    """How to enable read aloud when QtTextToSpeech cannot be imported."""
    if sys.platform.startswith("linux"):
        return f"{NEEDS_EXTRA}, and {LINUX_VOICES} for the desktop's voices"
    return NEEDS_EXTRA


def no_engine_message(detail: str = "") -> str:
    """What to do when QtTextToSpeech loads but no engine works."""
    if sys.platform.startswith("linux"):
        advice = f"Read aloud found no working voice: install {LINUX_VOICES}, then restart Reader"
    else:
        advice = "Read aloud found no working text-to-speech engine on this system"
    return f"{advice} ({detail})" if detail else advice


Handler = Callable[[QtMsgType, QMessageLogContext, str], Any]


@contextmanager
def quiet_qt_messages() -> Iterator[None]:
    """Drop Qt's messages about optional speech and audio back-ends for the duration; pass
    every other message on to the handler installed before (pytest-qt's, in tests)."""
    previous: Handler | None = None

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if context.category in QUIET_CATEGORIES or message.startswith(QUIET_MESSAGES):
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            sys.stderr.write(message + "\n")

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


def _module() -> Any:
    """PySide6.QtTextToSpeech, or None if it cannot be imported."""
    try:
        return importlib.import_module(MODULE)
    except ImportError:
        return None


def open_engine(name: str | None = None, parent: QObject | None = None) -> QTextToSpeech | str:
    """A working engine (`name`, else `READER_SPEECH_ENGINE`, else the platform's default,
    else any but the mock) or the message saying how to get one."""
    with quiet_qt_messages():
        module = _module()
        if module is None:
            return needs_extra_message()
        wanted = name or os.environ.get(ENGINE_VARIABLE, "")
        try:
            names = [str(engine) for engine in module.QTextToSpeech.availableEngines()]
        except RuntimeError:
            return no_engine_message()
        if wanted:
            candidates = [wanted]
        else:
            candidates = [""] + [engine for engine in names if engine != TEST_ENGINE]
        detail = ""
        for candidate in candidates:
            engine = (
                module.QTextToSpeech(candidate, parent)
                if candidate
                else module.QTextToSpeech(parent)
            )
            working = engine.state() != module.QTextToSpeech.State.Error
            if working and (wanted or engine.engine() != TEST_ENGINE):
                return engine
            detail = detail or engine.errorString()
            engine.deleteLater()
    return no_engine_message(detail)
