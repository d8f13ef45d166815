"""The formats articles are imported from, one module each, and which one a file is in.

Each format module has `parse(text, budget, warnings) -> list[Draft]` (see `parse` below);
a new format is a new module here, a name in `Format` and a line in `_PARSERS` (and its
file extensions in `SUFFIXES`).

Formats: `seed` (the bundled corpus: articles separated by blank lines, one line a
paragraph, no headlines), `text` (one article: a headline, a blank line, then paragraphs
separated by blank lines; lines inside a paragraph are joined), `markdown` and `html`.
`detect` decides from the extension and the opening of the text: `.md` and `.html`
files are what they say; a `.txt` (or extension-less) file is HTML if it starts like HTML,
Markdown if it opens with front matter or a `# Heading`, and otherwise text or seed from the
file's shape (see `formats.shape`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Literal, get_args

from reader.library.ingest.budget import UNLIMITED, Budget
from reader.library.ingest.draft import Draft
from reader.library.ingest.formats import html as html_format
from reader.library.ingest.formats import markdown as markdown_format
from reader.library.ingest.formats import seed as seed_format
from reader.library.ingest.formats import text as text_format
from reader.library.ingest.formats.markdown import split_front_matter
from reader.library.ingest.formats.shape import is_one_article

Format = Literal["seed", "text", "markdown", "html"]
FORMATS: tuple[str, ...] = get_args(Format)
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
SUFFIXES = HTML_SUFFIXES | MARKDOWN_SUFFIXES | TEXT_SUFFIXES
# What an HTML file starts with once leading space and comments are skipped (a loop does
# the skipping: `(?:<!--.*?-->\s*)*` backtracks exponentially on many comments).
_HTML_OPENING = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.I)


def detect(path: str | Path, text: str) -> Format:
    """The format of a decoded file, from its extension and its opening."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    head = text[:4096]
    if _starts_like_html(head):
        return "html"
    stripped = head.lstrip("\n")
    if stripped.startswith("# ") or split_front_matter(text[:20_000])[0].title:
        return "markdown"
    return "text" if is_one_article(text) else "seed"


def _starts_like_html(head: str) -> bool:
    """Whether `head` opens with a doctype, `<html>`, `<head>` or `<body>` after spaces
    and comments."""
    at = 0
    while True:
        while at < len(head) and head[at].isspace():
            at += 1
        if not head.startswith("<!--", at):
            return _HTML_OPENING.match(head, at) is not None
        end = head.find("-->", at + 4)
        if end < 0:
            return False
        at = end + 3


def parse(
    text: str, fmt: Format, budget: Budget = UNLIMITED, warnings: list[str] | None = None
) -> list[Draft]:
    """The drafts in `text` read as `fmt` (an empty list if there is no text). The parse
    ticks `budget` (which may raise `budget.Stopped`) and says in `warnings` what text it
    had to leave out or simplify."""
    return _PARSERS[fmt](text, budget, warnings)


_PARSERS = {
    "seed": seed_format.parse,
    "text": text_format.parse,
    "markdown": markdown_format.parse,
    "html": html_format.parse,
}
