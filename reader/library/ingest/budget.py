"""How long reading one file may take, and how a long read is stopped from inside.

Every step of reading a file (decoding, detecting its format, parsing, deriving titles,
classifying) is linear in the file's size, but a linear step can still be slow on hostile
input, and Cancel must work inside a file, not only between files. So the loops that walk
a file's text call `Budget.tick()` (cheap: the clock is read every `EVERY` ticks), which
raises `TimeUp` once the file has had `seconds_for(size)` and `Cancelled` once the import
is cancelled. In the importing thread `cancelled` is the import's own callable; in a worker
process it is an event the importing thread sets (`preparing.PreparePool.stop`). A file
read for less than `GRACE_SECONDS` is let finish (it is nearly done, and what was read
before Cancel is kept).
"""

from __future__ import annotations

import time
from collections.abc import Callable

MB = 1024 * 1024
FLOOR_SECONDS = 10.0  # every file may take this long, however small
SECONDS_PER_MB = 4.0  # and this much more per MB
EVERY = 256  # ticks between looks at the clock and at Cancel
GRACE_SECONDS = 0.2


class Stopped(Exception):  # a control-flow signal, not an error
    """Reading the file was stopped before it finished."""


class TimeUp(Stopped):
    """The file took longer than its budget; the message is the reason for the report."""


class Cancelled(Stopped):
    """The import was cancelled while this file was being read."""


Limits = tuple[float, float]  # seconds for any file, and seconds more per MB
DEFAULT_LIMITS: Limits = (FLOOR_SECONDS, SECONDS_PER_MB)


def seconds_for(size: int, limits: Limits = DEFAULT_LIMITS) -> float:
    """The time a file of `size` bytes may take to read."""
    return limits[0] + limits[1] * size / MB


class Budget:
    """The time left for one file, and a way to ask whether the import was cancelled."""

    __slots__ = ("_cancelled", "_count", "deadline", "seconds", "size", "started")

    def __init__(
        self, size: int, cancelled: Callable[[], bool] | None = None, seconds: float | None = None,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:  # fmt: skip
        self.size = size
        self.seconds = seconds_for(size, limits) if seconds is None else seconds
        self.started = time.monotonic()
        self.deadline = self.started + self.seconds
        self._cancelled = cancelled
        self._count = 0

    def tick(self, weight: int = 1) -> None:
        """Count `weight` units of work; every `EVERY` units, check the clock and Cancel."""
        self._count += weight
        if self._count >= EVERY:
            self._count = 0
            self.check()

    def check(self) -> None:
        """Raise `Cancelled` or `TimeUp` if reading should stop now."""
        now = time.monotonic()
        cancel = self._cancelled
        if cancel is not None and now > self.started + GRACE_SECONDS and cancel():
            raise Cancelled("the import was cancelled")
        if now > self.deadline:
            mb = self.size / MB
            size = f"{mb:.1f} MB" if mb >= 0.1 else f"{self.size:,} bytes"
            raise TimeUp(
                f"took too long to read: over {self.seconds:.0f} s for {size} "
                "(its content may be built to slow a reader down)"
            )

    def left(self) -> float:
        """Seconds left before the deadline (negative once it has passed)."""
        return self.deadline - time.monotonic()


def plural(count: int, word: str) -> str:
    """ "1 paragraph", "2,000 paragraphs" (for warnings)."""
    return f"{count:,} {word}{'s' * (count != 1)}"


UNLIMITED = Budget(0, None, float("inf"))  # for callers outside an import (tests, tools)
