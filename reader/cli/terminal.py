"""What `reader` writes to the terminal: control characters escaped, in this one place.

File names, reasons, titles, notes and feed text can hold escape sequences: `\\x1b]0;…\\x07`
retitles the terminal, OSC 52 writes the clipboard, `\\r` overwrites what a line said,
bidirectional overrides reorder it. While a subcommand runs, `sys.stdout` and `sys.stderr`
are an `EscapingStream`, so every line goes through `escape`, whoever prints it (argparse and
logging too): C0 controls but newline and tab become `\\x1b`, DEL and C1 controls,
bidirectional controls and lone surrogates (undecodable bytes in file names) become `\\u009b`
(both spellings are also valid inside JSON strings). Only Reader's own bold and plain
(`STYLES`, for `reader search` on a terminal) pass: they style text and do nothing else.
Progress lines that rewrite themselves with `\\r` go to `raw_stderr()`.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from collections.abc import Iterator
from typing import TextIO

BOLD, PLAIN = "\x1b[1m", "\x1b[0m"
STYLES = frozenset({BOLD, PLAIN})
_UNSAFE = re.compile(
    "\x1b\\[[01]m"  # Reader's own styles: kept
    "|[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _replace(match: re.Match[str]) -> str:
    found = match.group()
    if found in STYLES:
        return found
    code = ord(found)
    return f"\\x{code:02x}" if code < 0x7F else f"\\u{code:04x}"


def escape(text: str) -> str:
    """`text` with every character that could steer a terminal written as an escape."""
    return _UNSAFE.sub(_replace, text)


class EscapingStream(io.TextIOBase):
    """A text stream that escapes what is written to it before passing it on to `raw`."""

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(escape(text))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def fileno(self) -> int:
        return self.raw.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.raw, "encoding", "utf-8")

    def close(self) -> None:
        """Close the terminal stream itself (`reader list | head`: silence a broken pipe)."""
        self.raw.close()
        super().close()

    def __del__(self) -> None:
        """Dropped after the command: the stream it wrapped stays open (io would close it)."""


def raw_stderr() -> TextIO:
    """The terminal's stderr itself, for Reader's own `\\r` progress lines."""
    stream = sys.stderr
    return stream.raw if isinstance(stream, EscapingStream) else stream


@contextlib.contextmanager
def escaped_output() -> Iterator[None]:
    """Escape everything written to stdout and stderr inside the block."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = EscapingStream(saved[0]), EscapingStream(saved[1])
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            if not sys.stdout.closed:
                sys.stdout.flush()
        sys.stdout, sys.stderr = saved
