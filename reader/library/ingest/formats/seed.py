"""The seed format (the bundled corpus): several articles in one file, separated by a blank
line; paragraphs separated by a single newline; no headlines; an optional dateline such as
`TAIPEI –` opening the first paragraph. Titles are derived from the opening sentence.
"""

from __future__ import annotations

from reader.library.ingest.blocks import MAX_BLOCK_CHARS, split_paragraph
from reader.library.ingest.draft import Draft, make_draft, split_blocks


def parse(text: str) -> list[Draft]:
    """The drafts of a seed file; a line over the block limit is cut at spaces."""
    return _split_long_lines(parse_seed(text))


def parse_seed(text: str) -> list[Draft]:
    """Split seed-format text into drafts: blank lines between articles, one line a paragraph."""
    drafts: list[Draft] = []
    for block in split_blocks(text):
        draft = make_draft(block.split("\n"), len(drafts))
        if draft is not None:
            drafts.append(draft)
    return drafts


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
