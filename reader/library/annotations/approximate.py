"""Approximate matching of a quote in a text, in bounded time: a piece filter says where a
match could be, and Myers' bit-parallel edit distance runs only there.

The filter is the pigeonhole principle. Cut the quote into 4-character pieces that do not
overlap; one edit changes at most one piece, so a passage within `limit` edits of the quote
still holds all but `limit` of them unchanged, each within `limit` characters of where the
passage's start puts it (its diagonal: text position minus offset in the quote). A piece
that is nowhere cannot be unchanged, so with more such pieces than edits allowed there is no
match at all (most unplaceable quotes stop there); otherwise the rarest pieces vote, `p` of
them with `p - (limit - missing)` needed (all rare enough ones, up to `MAX_VOTES` places).
Only where that many line up on nearby diagonals is there a window to check with Myers, the
only Python loop over characters, and at most `MAX_WINDOWS` of them.

A piece found more than `MAX_PIECE_HITS` times votes for nothing (it is left out, so one
fewer unchanged piece can be required). When none would be left to require, `windows` gives
up (an empty list): a quote made of pieces that common is too ambiguous to place
approximately in that much text.

Where pieces are is looked up in a `PieceIndex`: built once for a text that many quotes are
anchored in (an import, a re-anchoring: about 50 ms and 5 MB for 120 KB), a search then
costs one dictionary look-up per piece. A one-off search, and a text longer than
`MAX_INDEXED_CHARS`, find each piece with `str.find` instead (a scan of the text per piece,
stopped after `MAX_PIECE_HITS`): the same answers, more time.

The edit distance of two whole strings (`levenshtein`, which scores a match's context) is
rapidfuzz's, in C++: the same number the old pure-Python dynamic programme gave (kept as the
reference in tests/unit/library/annotations/reference_matcher.py), some 500 times faster on
32-character contexts. The search for a quote's ends (`all_ends`) stays Myers in Python: it
is run only in small windows, and no compiled library reports every end within `limit`
edits (edlib's infix mode gives only the best ones), which the ranking of candidates needs.

No database and no Qt.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict

from rapidfuzz.distance.Levenshtein import distance as _distance

PIECE = 4  # characters: shorter pieces are found almost everywhere
SPARE = 4  # pieces beyond `limit`, so that several must line up
MAX_PIECE_HITS = 64  # a piece found more often than this is too common to vote
MAX_WINDOWS = 8  # windows checked with Myers, most promising first
MAX_VOTES = 1024  # places of pieces lined up per search (the rarest pieces' first)
MAX_INDEXED_CHARS = 1_000_000  # longer texts are searched with str.find (index memory)
MAX_QUOTE_CHARS = 4096  # longest quote searched: a piece's offset fits in `_SHIFT` bits
_SHIFT = 12
_MASK = (1 << _SHIFT) - 1


class PieceIndex:
    """Where the 4-character pieces of one text start. `build`: index the whole text on
    first use (for many searches; not done above `MAX_INDEXED_CHARS`), else scan for each."""

    def __init__(self, text: str, build: bool = True) -> None:
        self.text = text
        self._build = build and len(text) <= MAX_INDEXED_CHARS
        self._starts: dict[str, list[int]] | None = None

    def starts(self, piece: str, low: int, high: int) -> list[int]:
        """Where `piece` starts within `text[low:high]`: all of them, or (when scanning)
        the first `MAX_PIECE_HITS + 1`, which is enough to know it is too common."""
        if not self._build:
            return _scan(self.text, piece, low, high)
        if self._starts is None:
            text = self.text
            found: defaultdict[str, list[int]] = defaultdict(list)
            cuts = map(slice, range(len(text) - PIECE + 1), range(PIECE, len(text) + 1))
            for at, gram in enumerate(map(text.__getitem__, cuts)):
                found[gram].append(at)
            self._starts = dict(found)
        every = self._starts.get(piece)
        if not every:
            return []
        return every[bisect_left(every, low) : bisect_left(every, high - PIECE + 1)]


def _scan(text: str, piece: str, low: int, high: int) -> list[int]:
    found: list[int] = []
    at = text.find(piece, low, high)
    while at != -1 and len(found) <= MAX_PIECE_HITS:
        found.append(at)
        at = text.find(piece, at + 1, high)
    return found


def windows(
    index: PieceIndex, exact: str, limit: int, low: int = 0, high: int | None = None
) -> list[tuple[int, int]]:
    """Ranges (start, end) of `text[low:high]` where a passage within `limit` edits of
    `exact` may lie, those where most pieces line up first; every such passage lies in one
    unless the quote's pieces are too common (then the list is empty)."""
    high = len(index.text) if high is None else min(high, len(index.text))
    found = [(offset, index.starts(exact[offset : offset + PIECE], low, high))
             for offset in range(0, len(exact) - PIECE + 1, PIECE)]  # fmt: skip
    missing = sum(1 for _offset, starts in found if not starts)
    slack = limit - missing  # edits left for pieces that are somewhere
    if slack < 0:
        return []
    chosen: list[tuple[int, int, list[int]]] = []  # the rarest pieces, up to MAX_VOTES
    votes = 0
    for piece in sorted((len(starts), offset, starts) for offset, starts in found if starts):
        votes += piece[0]
        if piece[0] > MAX_PIECE_HITS or (votes > MAX_VOTES and len(chosen) > slack + SPARE):
            break
        chosen.append(piece)
    need = len(chosen) - slack
    if need < 1:
        return []
    hits = sorted(
        (at - offset) << _SHIFT | offset for _n, offset, starts in chosen for at in starts
    )
    clusters = _clusters(hits, need, limit, len(exact))
    return _spans(clusters, len(exact), limit, low, high)


def _clusters(hits: list[int], need: int, limit: int, size: int) -> list[tuple[int, int, int]]:
    """(votes, first diagonal, last diagonal) of each run of diagonals where at least
    `need` distinct pieces fall within `2 * limit + 1` of each other; a run is cut when it
    would span more than the quote's length, so that every window stays small. `hits` are
    sorted `diagonal << _SHIFT | piece`."""
    diagonals = [h >> _SHIFT for h in hits]
    band = 2 * limit
    if need > 1 and not any(
        b - a <= band for a, b in zip(diagonals, diagonals[need - 1 :], strict=False)
    ):  # not even `need` places (distinct pieces or not) that close together
        return []
    clusters: list[tuple[int, int, int]] = []
    counts: dict[int, int] = {}
    left = 0
    for diagonal, hit in zip(diagonals, hits, strict=True):
        number = hit & _MASK
        counts[number] = counts.get(number, 0) + 1
        while diagonal - diagonals[left] > band:
            gone = hits[left] & _MASK
            counts[gone] -= 1
            if not counts[gone]:
                del counts[gone]
            left += 1
        if len(counts) < need:
            continue
        first = diagonals[left]
        if clusters and first <= clusters[-1][2] and diagonal - clusters[-1][1] <= size:
            votes, start, _end = clusters[-1]
            clusters[-1] = (max(votes, len(counts)), start, diagonal)
        else:
            clusters.append((len(counts), first, diagonal))
    return clusters


def _spans(
    clusters: list[tuple[int, int, int]], size: int, limit: int, low: int, high: int
) -> list[tuple[int, int]]:
    ranked = sorted(clusters, key=lambda c: (-c[0], c[1]))[:MAX_WINDOWS]
    return [(max(low, first - limit), min(high, last + size + 2 * limit))
            for _votes, first, last in ranked]  # fmt: skip


def myers_ends(text: str, pattern: str, limit: int) -> list[tuple[int, int]]:
    """(end, errors) of approximate matches of `pattern` in `text` (`end` exclusive), one per
    run of neighbouring ends: the one with the fewest errors."""
    return _local_minima(all_ends(text, pattern, limit))


def all_ends(text: str, pattern: str, limit: int) -> list[tuple[int, int]]:
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


def levenshtein(a: str, b: str) -> int:
    """The edit distance of two strings (rapidfuzz's bit-parallel Levenshtein, in C++)."""
    return _distance(a, b)
