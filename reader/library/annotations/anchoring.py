"""Finding a quoted passage again in a text that may have changed (W3C selectors, the way
Hypothesis re-anchors).

A highlight is described by a TextQuoteSelector (`exact` with about 32 characters of
`prefix` and `suffix`) and a TextPositionSelector (`start`, `end`). `anchor()` places it:

1. at the stored position, if the text there is still exactly the quote;
2. else at the exact quote nearest the stored position (best context first when there is no
   position, as in annotations from other tools);
3. else at the best approximate match of the quote within a bounded edit distance
   (Myers' bit-parallel search), scored on quote, prefix, suffix and position;
4. else nowhere: the caller keeps it as an orphan.

Pure Python, no database and no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT = 32  # characters of prefix and suffix stored with a quote
MAX_EXACT_HITS = 2000  # occurrences of a quote considered in step 2
WINDOW = 2000  # characters around the stored position searched first in step 3
MAX_CANDIDATES = 24  # approximate matches scored in step 3


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


def anchor(text: str, selector: Selector, expected: int | None = None) -> tuple[int, int] | None:
    """Where `selector` lies in `text` as (start, end), or None if it cannot be placed.

    `expected` is where the caller guesses the quote now starts (the stored start moved by
    the shift of the highlights before it); it is tried first and searched around first.
    """
    exact = selector.exact
    if not exact or not exact.strip():
        return None
    if selector.start is not None and selector.start + len(exact) > len(text):
        selector = Selector(exact, selector.prefix, selector.suffix)  # names no text here
    for start in dict.fromkeys((expected, selector.start)):
        if start is not None and start >= 0 and text[start : start + len(exact)] == exact:
            return start, start + len(exact)
    if expected is not None:
        selector = Selector(selector.exact, selector.prefix, selector.suffix, expected, None)
    hits = _exact_hits(text, exact)
    if hits:
        best = min(hits, key=lambda s: _exact_rank(text, selector, s))
        return best, best + len(exact)
    return _approximate(text, selector)


def max_errors(exact: str) -> int:
    """The edit distance a quote may have from its new text: a fifth of it, at least 1."""
    return min(256, max(1, len(exact) // 5))


# -- step 2: exact occurrences -------------------------------------------------------------


def _exact_hits(text: str, exact: str) -> list[int]:
    hits: list[int] = []
    found = text.find(exact)
    while found != -1 and len(hits) < MAX_EXACT_HITS:
        hits.append(found)
        found = text.find(exact, found + 1)
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


def _approximate(text: str, selector: Selector) -> tuple[int, int] | None:
    exact = selector.exact
    limit = max_errors(exact)
    if not _may_occur(text, exact, limit):
        return None
    regions = []
    if selector.start is not None:
        for margin in (2 * limit + CONTEXT, WINDOW):
            low = max(0, selector.start - margin)
            regions.append((low, min(len(text), selector.start + len(exact) + margin)))
    regions.append((0, len(text)))
    for low, high in regions:
        found = _best_in(text, selector, low, high, limit)
        if found is not None:
            return found
    return None


def _may_occur(text: str, exact: str, limit: int) -> bool:
    """Pigeonhole: with at most `limit` errors, one of `limit + 1` pieces occurs unchanged."""
    pieces = limit + 1
    size = len(exact) // pieces
    if size < 3:
        return True
    return any(exact[i * size : (i + 1) * size] in text for i in range(pieces))


def _best_in(
    text: str, selector: Selector, low: int, high: int, limit: int
) -> tuple[int, int] | None:
    exact = selector.exact
    ends = myers_ends(text[low:high], exact, limit)
    if not ends:
        return None
    ends.sort(key=lambda pair: pair[1])
    best: tuple[float, int, int] | None = None
    for local_end, errors in ends[:MAX_CANDIDATES]:
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
    found = _all_ends(window, exact[::-1], errors)
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


def levenshtein(a: str, b: str) -> int:
    """The edit distance of two (short) strings."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def myers_ends(text: str, pattern: str, limit: int) -> list[tuple[int, int]]:
    """(end, errors) of approximate matches of `pattern` in `text` (`end` exclusive), one per
    run of neighbouring ends: the one with the fewest errors."""
    return _local_minima(_all_ends(text, pattern, limit))


def _all_ends(text: str, pattern: str, limit: int) -> list[tuple[int, int]]:
    """Every (end, errors) where a substring of `text` ending at `end` (exclusive) is within
    `limit` edits of `pattern`: Myers' bit-parallel algorithm, one big int per column."""
    m = len(pattern)
    if m == 0:
        return []
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    pv, mv, score = mask, 0, m
    found: list[tuple[int, int]] = []
    for j, char in enumerate(text):
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = (ph << 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        if score <= limit:
            found.append((j + 1, score))
    return found


def _local_minima(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One entry (the fewest errors) per run of consecutive end positions."""
    best: list[tuple[int, int]] = []
    last = -2
    for end, errors in found:
        if best and end == last + 1:
            if errors < best[-1][1]:
                best[-1] = (end, errors)
        else:
            best.append((end, errors))
        last = end
    return best
