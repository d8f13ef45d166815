"""The one-article text format: a headline, a blank line, then paragraphs separated by blank
lines (lines inside a paragraph are joined). A lone line is its own body."""

from __future__ import annotations

from reader.library.ingest.blocks import MAX_BLOCK_CHARS, split_paragraph
from reader.library.ingest.budget import UNLIMITED, Budget
from reader.library.ingest.draft import Draft, collapse, make_draft, split_blocks

MAX_TITLE = 300


def parse(text: str, budget: Budget = UNLIMITED, warnings: list[str] | None = None) -> list[Draft]:
    """The one draft of a text file (none if it holds no text). Every step is one pass of
    C code over the text, so the budget is only looked at between them; nothing is left
    out (`warnings` stays empty)."""
    budget.check()
    blocks = [collapse(b) for b in split_blocks(text)]
    budget.check()
    blocks = [b for b in blocks if b]
    if not blocks:
        return []
    title, paragraphs = blocks[0][:MAX_TITLE].rstrip(), blocks[1:]
    if not paragraphs:  # a lone line is its own body, all of it
        paragraphs = [blocks[0]]
    if any(len(p) > MAX_BLOCK_CHARS for p in paragraphs):
        paragraphs = [p for para in paragraphs for p in split_paragraph(para)]
    draft = make_draft(paragraphs, 0, title, fmt="text", collapsed=True)
    return [draft] if draft else []
