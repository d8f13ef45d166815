"""What a tag name may be, checked in one place for every way a name comes in (the window,
the command line, a Markdown file's front matter, an annotation file).

A name is trimmed, and so is each `/`-separated part of it (`work / project-x` is
`work/project-x`), then put in Unicode NFC form. It is refused, with a `TagError` saying
why, when it is empty, has an empty part (`work//x`, `/x`, `x/`), is longer than
`MAX_TAG_CHARS`, or holds a control character (line breaks, tabs, NUL, the C1 controls, line
and paragraph separators, or the bidirectional overrides that would show it reversed).
Names compare as SQLite's NOCASE does (`fold`): `Work` and `work` are one tag.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from reader.library.errors import LibraryError

MAX_TAG_CHARS = 100
SEPARATOR = "/"
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class TagError(LibraryError):
    """A tag name cannot be used, or a tag does not exist; the message says why."""


def shown(name: str, limit: int = 40) -> str:
    """A name for a message: quoted, with control characters escaped, cut to `limit`."""
    text = repr(name[:limit])
    return text + ("…" if len(name) > limit else "")


def clean_tag(name: object) -> str:
    """`name` as stored (trimmed, NFC), or `TagError` naming what is wrong with it."""
    if not isinstance(name, str):
        raise TagError(f"a tag name is text, not {type(name).__name__}")
    if _CONTROL.search(name):
        raise TagError(
            f"the tag {shown(name)} holds a control character (a line break, tab or the like); "
            "a tag is one line of visible text"
        )
    text = unicodedata.normalize("NFC", name).strip()
    if not text:
        raise TagError("a tag name cannot be empty")
    parts = [part.strip() for part in text.split(SEPARATOR)]
    if not all(parts):
        raise TagError(
            f"the tag {shown(text)} has an empty part: nest tags as parent/child, with text "
            "on both sides of each /"
        )
    text = SEPARATOR.join(" ".join(part.split()) for part in parts)
    if len(text) > MAX_TAG_CHARS:
        raise TagError(
            f"the tag {shown(text)} is too long ({len(text):,} characters; at most {MAX_TAG_CHARS})"
        )
    return text


def clean_tags(names: Iterable[object]) -> list[str]:
    """Each name cleaned, the first spelling of each kept once (ignoring case), in order."""
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        text = clean_tag(name)
        if fold(text) not in seen:
            seen.add(fold(text))
            out.append(text)
    return out


def fold(name: str) -> str:
    """A name as SQLite's NOCASE compares it: ASCII letters in lower case, the rest as is."""
    return name.translate(_ASCII_LOWER)


def parent_names(name: str) -> list[str]:
    """The tags above `name`, outermost first (`a/b/c`: `a`, `a/b`)."""
    parts = name.split(SEPARATOR)
    return [SEPARATOR.join(parts[:depth]) for depth in range(1, len(parts))]


def under(name: str, ancestor: str) -> bool:
    """Whether `name` is `ancestor` or nested inside it (ignoring case)."""
    a, b = fold(name), fold(ancestor)
    return a == b or a.startswith(b + SEPARATOR)
