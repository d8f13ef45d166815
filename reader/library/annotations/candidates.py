"""Where an orphan might belong now: the passages of an article's current text nearest its
quote, ranked, each with how much of it is the same (for a person to choose from).

Re-anchoring (`anchoring.anchor`) places a highlight only where the text honestly still holds
it; an orphan is one it could not place. Here the bar is lower, because a person confirms:
any passage within `SHARE_DIFFERENT` of the quote's characters changed is offered, best
first. Texts up to `MAX_SCANNED` characters are searched whole with Myers' bit-parallel
edit distance (about a fifth of a second for 120 KB: this runs once, when an orphan is
chosen); longer ones only where the piece filter of `approximate.windows` finds a window.

Python (edit distances by rapidfuzz, see `approximate`), no database and no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.library.annotations.anchoring import Selector
from reader.library.annotations.approximate import (
    MAX_QUOTE_CHARS,
    PieceIndex,
    all_ends,
    levenshtein,
    myers_ends,
    windows,
)

MOST = 5  # candidates offered
SHARE_DIFFERENT = 0.4  # at most this share of the quote's characters may differ
MAX_SCANNED = 400_000  # longer texts are searched only in the piece filter's windows
SHOWN_CONTEXT = 40  # characters of the text either side of a candidate, for showing it
CONTEXT_SCORED = 32


@dataclass(frozen=True, slots=True)
class Candidate:
    """A passage `text[start:end]` that an orphan might be re-attached to. `similarity`
    is the share of the quote that is the same (1.0: word for word); `before` and `after`
    are the text around it, for showing it in its place."""

    start: int
    end: int
    passage: str
    before: str
    after: str
    similarity: float

    @property
    def percent(self) -> int:
        """The similarity in whole percent, never 100 unless it is the very quote."""
        value = round(self.similarity * 100)
        return 99 if value == 100 and self.similarity < 1.0 else value


def candidates(text: str, selector: Selector, most: int = MOST) -> list[Candidate]:
    """The `most` passages of `text` nearest `selector`'s quote that do not overlap, the
    most similar first (the better context, then the nearer position, breaking ties)."""
    exact = selector.exact[:MAX_QUOTE_CHARS]
    if not exact.strip() or not text:
        return []
    limit = max(1, int(len(exact) * SHARE_DIFFERENT))
    if len(text) <= MAX_SCANNED:
        ends = myers_ends(text, exact, limit)
    else:
        near = max(1, len(exact) // 5)  # the piece filter works up to a fifth
        ends = []
        for low, high in windows(PieceIndex(text, build=False), exact, near):
            ends += [(end + low, errors) for end, errors in myers_ends(text[low:high], exact, near)]
    ends.sort(key=lambda pair: pair[1])
    found: list[tuple[tuple[float, float, int], Candidate]] = []
    for end, errors in ends[: most * 8]:
        start = _start_of(text, exact, end, errors)
        if start >= end or not text[start:end].strip():
            continue
        similarity = max(0.0, 1.0 - errors / len(exact))
        rank = (-round(similarity, 2), -_context(text, selector, start, end), _far(selector, start))
        candidate = Candidate(
            start, end, text[start:end], text[max(0, start - SHOWN_CONTEXT) : start],
            text[end : end + SHOWN_CONTEXT], similarity,
        )  # fmt: skip
        found.append((rank, candidate))
    chosen: list[Candidate] = []
    for _rank, candidate in sorted(found, key=lambda pair: pair[0]):
        if all(candidate.end <= c.start or candidate.start >= c.end for c in chosen):
            chosen.append(candidate)
            if len(chosen) == most:
                break
    return chosen


def _start_of(text: str, exact: str, end: int, errors: int) -> int:
    """Where the match ending at `end` starts: the reversed quote searched backwards."""
    low = max(0, end - len(exact) - errors)
    found = all_ends(text[low:end][::-1], exact[::-1], errors)
    if not found:
        return max(0, end - len(exact))
    size = len(exact)
    best = min(found, key=lambda pair: (pair[1], abs(pair[0] - size)))
    return end - best[0]


def _context(text: str, selector: Selector, start: int, end: int) -> float:
    """How alike the stored prefix and suffix are to the text around the passage (0 to 2)."""
    prefix, suffix = selector.prefix[-CONTEXT_SCORED:], selector.suffix[:CONTEXT_SCORED]
    before = text[max(0, start - len(prefix)) : start]
    after = text[end : end + len(suffix)]
    return _alike(prefix, before) + _alike(suffix, after)


def _alike(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return 1.0 - levenshtein(a, b) / max(len(a), len(b))


def _far(selector: Selector, start: int) -> int:
    return abs(start - selector.start) if selector.start is not None else 0
