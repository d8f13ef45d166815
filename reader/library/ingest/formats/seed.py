"""The seed format (the bundled corpus): several articles in one file, separated by a blank
line; paragraphs separated by a single newline; no headlines; an optional dateline such as
`TAIPEI –` opening the first paragraph. Titles are derived (`prose.derive_title`).

A file holds at most `MAX_ARTICLES` articles: each article costs memory and time beyond its
text (a 9 MB file of 3 million one-word articles took 469 s and 4 GB), so past the cap the
rest of the file is left out and the file's warnings say how much.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reader.library.ingest.blocks import MAX_BLOCK_CHARS, split_paragraph
from reader.library.ingest.budget import UNLIMITED, Budget, plural
from reader.library.ingest.draft import BLANK_LINES, Draft, make_draft

MAX_ARTICLES = 50_000
_TEXT = re.compile(r"\S")


def parse(text: str, budget: Budget = UNLIMITED, warnings: list[str] | None = None) -> list[Draft]:
    """The drafts of a seed file; a line over the block limit is cut at spaces."""
    return _split_long_lines(parse_seed(text, budget, warnings))


def parse_seed(
    text: str, budget: Budget = UNLIMITED, warnings: list[str] | None = None
) -> list[Draft]:
    """Split seed-format text into drafts: blank lines between articles, one line a paragraph."""
    drafts: list[Draft] = []
    text = text.strip("\n")
    for block, end in _blocks(text):
        budget.tick()
        draft = make_draft(block.split("\n"), len(drafts))
        if draft is not None:
            drafts.append(draft)
            if len(drafts) == MAX_ARTICLES and _TEXT.search(text, end):
                if warnings is not None:
                    warnings.append(
                        f"only the first {MAX_ARTICLES:,} articles of the file were read; the "
                        f"rest ({plural(len(text) - end, 'character')}) was left out (split "
                        "the file into smaller ones to import it all)"
                    )
                break
    return drafts


def _blocks(text: str) -> Iterator[tuple[str, int]]:
    """`draft.split_blocks(text)` one at a time, with where each ends (no list of millions)."""
    at = 0
    for match in BLANK_LINES.finditer(text):
        yield text[at : match.start()], match.start()
        at = match.end()
    yield text[at:], len(text)


def _split_long_lines(drafts: list[Draft]) -> list[Draft]:
    """Seed articles keep their lines, but a line over the block limit is cut at spaces."""
    out = []
    for draft in drafts:
        if len(draft.body) > MAX_BLOCK_CHARS and any(
            len(line) > MAX_BLOCK_CHARS for line in draft.body.split("\n")
        ):
            lines = [p for line in draft.body.split("\n") for p in split_paragraph(line)]
            body = "\n".join(lines)
            out.append(Draft(draft.title, draft.title_derived, draft.dateline, body, draft.index))
        else:
            out.append(draft)
    return out
