"""An article body cut into the sentences read aloud, as body offsets.

`split_sentences` runs Qt's `QTextBoundaryFinder` (Sentence) over each paragraph of the body
(a paragraph always ends a sentence), trims the spaces around each sentence, drops pieces
with nothing to say (a lone dash), and joins a piece cut after a common abbreviation
("Mr.", "Dr.", "e.g.") to the sentence it belongs to. Qt counts UTF-16 code units; the
offsets here are Python characters, as `Article.body` and `BodyMap` use.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QTextBoundaryFinder

ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "vs", "e.g", "i.e", "etc", "no", "fig"}
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """Body offsets [start, end) of one sentence, and its text."""

    start: int
    end: int
    text: str


def _columns(paragraph: str) -> list[int]:
    """For each UTF-16 position of `paragraph` (and its end), the character column."""
    columns = []
    for column, char in enumerate(paragraph):
        columns.append(column)
        if ord(char) > 0xFFFF:
            columns.append(column)
    columns.append(len(paragraph))
    return columns


def _boundaries(paragraph: str) -> list[int]:
    """Sentence boundaries of one paragraph, as character columns (0 and the end included)."""
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Sentence, paragraph)
    columns = _columns(paragraph)
    found = [0]
    position = finder.toNextBoundary()
    while position != -1:
        found.append(columns[min(position, len(columns) - 1)])
        position = finder.toNextBoundary()
    if found[-1] != len(paragraph):
        found.append(len(paragraph))
    return found


def _ends_with_abbreviation(text: str) -> bool:
    words = text.rstrip().split()
    return bool(words) and words[-1].rstrip(".").casefold() in ABBREVIATIONS


def _sayable(text: str) -> bool:
    return any(char.isalnum() for char in text)


def split_sentences(body: str) -> list[Sentence]:
    """The body's sentences in order (see the module docstring)."""
    sentences: list[Sentence] = []
    offset = 0
    for paragraph in body.split("\n"):
        pieces: list[tuple[int, int]] = []
        bounds = _boundaries(paragraph)
        for start, end in pairwise(bounds):
            if pieces and _ends_with_abbreviation(paragraph[pieces[-1][0] : pieces[-1][1]]):
                pieces[-1] = (pieces[-1][0], end)
            else:
                pieces.append((start, end))
        for start, end in pieces:
            text = paragraph[start:end]
            lead = len(text) - len(text.lstrip())
            text = text.strip()
            if _sayable(text):
                first = offset + start + lead
                sentences.append(Sentence(first, first + len(text), text))
        offset += len(paragraph) + 1
    return sentences


def sentence_at(sentences: list[Sentence], offset: int) -> int:
    """The index of the sentence holding body offset `offset`, else of the next one after
    it (the last sentence if none follows; 0 if there are none)."""
    starts = [sentence.start for sentence in sentences]
    index = bisect_right(starts, offset) - 1
    if index >= 0 and offset < sentences[index].end:
        return index
    return min(index + 1, max(0, len(sentences) - 1))
