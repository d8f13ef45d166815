"""Finding a quoted passage again in a text that may have changed (W3C selectors, the way
Hypothesis re-anchors), placing it only where the text honestly still holds it.

A highlight is described by a TextQuoteSelector (`exact` with about 32 characters of
`prefix` and `suffix`) and a TextPositionSelector (`start`, `end`). `anchor()` places it:

1. at the stored position, if the text there is still exactly the quote;
2. else at the exact quote nearest the stored position (best context first when there is no
   position, as in annotations from other tools);
3. else, for a quote of `MIN_APPROXIMATE` to `MAX_APPROXIMATE` characters, at the best
   approximate match (scored on quote, prefix, suffix and position): within `max_errors`
   edits (a fifth of the quote: at least 80% the same) close to where it was, or within
   `far_errors` edits (a tenth, at most `MAX_FAR_ERRORS`: at least 90% the same) anywhere
   else, since far from its place only the quote itself vouches for a match;
4. else nowhere: the caller keeps it as an orphan.

So a quote shorter than `MIN_APPROXIMATE` characters is placed only where it occurs exactly
(one character "#" is never put on a "T"), and no match is taken that shares less than that
with the quote. Step 3 is bounded (`approximate`): a few C-speed scans of the text per quote
and Myers only in small windows, never a character-by-character pass over the whole text.

Python (edit distances by rapidfuzz, see `approximate`), no database and no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reader.library.annotations.approximate import (
    MAX_QUOTE_CHARS,
    PieceIndex,
    all_ends,
    levenshtein,
    myers_ends,
    windows,
)

__all__ = ["PieceIndex", "Selector", "anchor", "describe", "far_errors", "levenshtein",
           "max_errors", "myers_ends"]  # fmt: skip

CONTEXT = 32  # characters of prefix and suffix stored with a quote
MIN_APPROXIMATE = 16  # shorter quotes are placed only where they occur exactly
MAX_APPROXIMATE = 4000  # longer ones too: Myers costs grow with the square of the length
assert MAX_APPROXIMATE <= MAX_QUOTE_CHARS
MAX_FAR_ERRORS = 20  # edits allowed away from the stored position, however long the quote
MAX_EXACT_RANKED = 64  # exact occurrences ranked one by one by their context
CANDIDATES_PER_WINDOW = 4  # approximate matches scored in each window


@dataclass(frozen=True, slots=True)
class Selector:
    """The W3C TextQuoteSelector and TextPositionSelector of one passage."""

    exact: str
    prefix: str
    suffix: str
    start: int | None = None
    end: int | None = None


def describe(text: str, start: int, end: int) -> Selector:
    """The selectors of `text[start:end]` (bounds are clamped to the text)."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    return Selector(
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
        start=start,
        end=end,
    )


def anchor(
    text: str, selector: Selector, expected: int | None = None, index: PieceIndex | None = None
) -> tuple[int, int] | None:
    """Where `selector` lies in `text` as (start, end), or None if it cannot be placed.

    `expected` is where the caller guesses the quote now starts (the stored start moved by
    the shift of the highlights before it); it is tried first and searched around first.
    `index` is `PieceIndex(text)`, for a caller that anchors many quotes in one text: it makes
    each approximate search cost look-ups instead of scans of the text.
    """
    exact = selector.exact
    if not exact or not exact.strip():
        return None
    selector = _usable(text, selector)
    for start in dict.fromkeys((expected, selector.start)):
        if start is not None and start >= 0 and text[start : start + len(exact)] == exact:
            return start, start + len(exact)
    if expected is not None and 0 <= expected <= len(text) - len(exact):
        selector = replace(selector, start=expected, end=None)
    found = _exact(text, selector)
    if found is not None:
        return found, found + len(exact)
    if not MIN_APPROXIMATE <= len(exact) <= MAX_APPROXIMATE:
        return None
    if index is None or index.text is not text:
        index = PieceIndex(text, build=False)  # one quote: scanning beats indexing
    return _approximate(text, selector, index)


def max_errors(exact: str) -> int:
    """The edits a quote may have near its old place: a fifth of it, at least 1."""
    return min(256, max(1, len(exact) // 5))


def far_errors(exact: str) -> int:
    """The edits a quote may have away from its old place: a tenth, at most 20."""
    return min(MAX_FAR_ERRORS, len(exact) // 10)


def _usable(text: str, selector: Selector) -> Selector:
    """The context that is scored (`CONTEXT` characters each side), and no position that
    lies beyond the text (it names nothing there)."""
    start, end = selector.start, selector.end
    if start is not None and (start < 0 or start + len(selector.exact) > len(text)):
        start = end = None
    return Selector(selector.exact, selector.prefix[-CONTEXT:], selector.suffix[:CONTEXT],
                    start, end)  # fmt: skip


# -- step 2: exact occurrences -------------------------------------------------------------


def _exact(text: str, selector: Selector) -> int | None:
    exact = selector.exact
    if selector.start is not None:  # the nearest occurrence after or before, then context
        after = text.find(exact, selector.start)
        before = text.rfind(exact, 0, selector.start + len(exact) - 1)
        hits = [h for h in dict.fromkeys((after, before)) if h != -1]
    else:
        hits = _first_hits(text, exact, MAX_EXACT_RANKED + 1)
        if len(hits) > MAX_EXACT_RANKED:  # too many to rank: those the context points to
            hits = _context_hits(text, selector) or hits[:1]
    if not hits:
        return None
    return min(hits, key=lambda s: _exact_rank(text, selector, s))


def _first_hits(text: str, exact: str, most: int) -> list[int]:
    hits: list[int] = []
    found = text.find(exact)
    while found != -1 and len(hits) < most:
        hits.append(found)
        found = text.find(exact, found + 1)
    return hits


def _context_hits(text: str, selector: Selector) -> list[int]:
    """The first occurrences with the longest matching piece of prefix, and of suffix."""
    exact, prefix, suffix = selector.exact, selector.prefix, selector.suffix
    hits: list[int] = []
    for size in (CONTEXT, 16, 8, 4, 2, 1):
        if size <= len(prefix) and (at := text.find(prefix[-size:] + exact)) != -1:
            hits.append(at + size)
            break
    for size in (CONTEXT, 16, 8, 4, 2, 1):
        if size <= len(suffix) and (at := text.find(exact + suffix[:size])) != -1:
            hits.append(at)
            break
    return hits


def _exact_rank(text: str, selector: Selector, start: int) -> tuple[int, int]:
    """Lower is better: nearest the old position, then the better context."""
    context = _context_match(text, selector, start, start + len(selector.exact))
    if selector.start is None:
        return (-context, start)
    return (abs(start - selector.start), -context)


def _context_match(text: str, selector: Selector, start: int, end: int) -> int:
    """How many characters of prefix (backwards) and suffix (forwards) agree."""
    score = 0
    for a, b in zip(
        reversed(selector.prefix), reversed(text[max(0, start - CONTEXT) : start]), strict=False
    ):
        if a != b:
            break
        score += 1
    for a, b in zip(selector.suffix, text[end : end + CONTEXT], strict=False):
        if a != b:
            break
        score += 1
    return score


# -- step 3: approximate matches -----------------------------------------------------------


def _approximate(text: str, selector: Selector, index: PieceIndex) -> tuple[int, int] | None:
    exact = selector.exact
    if selector.start is not None:
        near = max_errors(exact)
        margin = 2 * near + CONTEXT
        low, high = max(0, selector.start - margin), selector.start + len(exact) + margin
        found = _best(text, selector, windows(index, exact, near, low, high), near)
        if found is not None:
            return found
    far = far_errors(exact)
    return _best(text, selector, windows(index, exact, far), far)


def _best(
    text: str, selector: Selector, spans: list[tuple[int, int]], limit: int
) -> tuple[int, int] | None:
    """The best-scored match within `limit` edits in any of `spans`."""
    exact = selector.exact
    best: tuple[float, int, int] | None = None
    for low, high in spans:
        ends = sorted(myers_ends(text[low:high], exact, limit), key=lambda pair: pair[1])
        for local_end, errors in ends[:CANDIDATES_PER_WINDOW]:
            end = local_end + low
            start = _start_of(text, exact, end, errors)
            score = _score(text, selector, start, end, errors)
            if best is None or score > best[0]:
                best = (score, start, end)
    return (best[1], best[2]) if best is not None else None


def _start_of(text: str, exact: str, end: int, errors: int) -> int:
    """The start of the match ending at `end`: search backwards with the reversed quote."""
    low = max(0, end - len(exact) - errors)
    window = text[low:end][::-1]
    found = all_ends(window, exact[::-1], errors)
    if not found:
        return max(0, end - len(exact))
    size = len(exact)
    best = min(found, key=lambda pair: (pair[1], abs(pair[0] - size)))
    return end - best[0]


def _score(text: str, selector: Selector, start: int, end: int, errors: int) -> float:
    quote = 1.0 - errors / max(1, len(selector.exact))
    before = text[max(0, start - len(selector.prefix)) : start]
    after = text[end : end + len(selector.suffix)]
    prefix = _similarity(selector.prefix, before)
    suffix = _similarity(selector.suffix, after)
    position = 1.0
    if selector.start is not None and text:
        position = 1.0 - abs(start - selector.start) / len(text)
    return (50 * quote + 20 * prefix + 20 * suffix + 2 * position) / 92


def _similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return 1.0 - levenshtein(a, b) / max(len(a), len(b))
