"""The compiled edit distance (rapidfuzz) against the pure-Python one it replaced: the same
numbers on random and hostile strings, and the same places for quotes re-anchored in edited
text and the same orphan candidates, so that moving to it changed no result."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.library.annotations.anchoring import PieceIndex, Selector, anchor, describe, levenshtein
from reader.library.annotations.candidates import candidates
from tests.unit.library.annotations.reference_matcher import pure_python, reference_levenshtein

HOSTILE = [
    "",
    "a",
    "\x00\x00\x00",
    "\ud800\udfff\ud800",  # lone surrogates: a Python str may hold them
    "😀👍🏽e\u0301",  # astral characters, a modifier, a combining accent
    "ﬁ ß İ ǅ",  # characters whose case folding changes their length
    "\u202e\u200b\ufeff\r\n\t",
    "a" * 300,
    "ab" * 150 + "b",
    "x" * 64 + "\U0010ffff" * 64,
]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_the_same_distance_on_any_text(a: str, b: str) -> None:
    assert levenshtein(a, b) == reference_levenshtein(a, b)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab", max_size=70), st.text(alphabet="ab", max_size=70))
def test_the_same_distance_on_two_letters(a: str, b: str) -> None:  # many equal-cost paths
    assert levenshtein(a, b) == reference_levenshtein(a, b)


def test_the_same_distance_on_hostile_strings() -> None:
    for a in HOSTILE:
        for b in HOSTILE:
            assert levenshtein(a, b) == reference_levenshtein(a, b), (a, b)
    long = "".join(random.Random(1).choice("ab ") for _ in range(4000))
    assert levenshtein(long, long[::-1]) == reference_levenshtein(long, long[::-1])


def _edit(rng: random.Random, text: str, edits: int, alphabet: str) -> str:
    chars = list(text)
    for _ in range(edits):
        at = rng.randrange(len(chars) + 1)
        kind = rng.choice(("sub", "ins", "del"))
        if kind == "ins" or not chars:
            chars.insert(at, rng.choice(alphabet))
        elif at < len(chars):
            if kind == "sub":
                chars[at] = rng.choice(alphabet)
            else:
                del chars[at]
    return "".join(chars)


def _both(text: str, selector: Selector, expected: int | None, index: bool) -> None:
    new = anchor(text, selector, expected, PieceIndex(text) if index else None)
    with pure_python():
        old = anchor(text, selector, expected, PieceIndex(text) if index else None)
    assert new == old, (selector, expected)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32), st.sampled_from(["abcdefghij ", "ab ", "a", "ab😀\x00 "]))
def test_the_same_places_after_random_edits(seed: int, alphabet: str) -> None:
    rng = random.Random(seed)
    text = "".join(rng.choice(alphabet) for _ in range(rng.randint(50, 2000)))
    quotes = []
    for _ in range(8):
        start = rng.randrange(len(text))
        quotes.append(describe(text, start, start + rng.randint(1, 150)))
    edited = _edit(rng, text, rng.randint(0, 60), alphabet + "XY")
    for selector in quotes:
        changed = _edit(rng, selector.exact, 3, "XY")
        for quote in (selector, Selector(changed, selector.prefix, selector.suffix)):
            _both(edited, quote, None, index=False)
            _both(edited, quote, selector.start, index=True)
            _both(edited, Selector(quote.exact, quote.prefix, quote.suffix), None, index=True)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32))
def test_the_same_places_among_near_copies(seed: int) -> None:
    """Text made of a few passages repeated with small changes, where the context (scored by
    the edit distance) decides between several approximate matches."""
    rng = random.Random(seed)
    blocks = ["".join(rng.choice("abcdefgh ") for _ in range(rng.randint(40, 90))) for _ in "1234"]
    text = "".join(_edit(rng, rng.choice(blocks), 3, "XY") for _ in range(40))
    edited = _edit(rng, text, 40, "XY")
    for _ in range(10):
        start = rng.randrange(len(text) - 100)
        selector = describe(text, start, start + rng.randint(20, 80))
        quote = Selector(_edit(rng, selector.exact, 3, "XY"), selector.prefix, selector.suffix)
        _both(edited, quote, selector.start, index=True)
        _both(edited, quote, None, index=True)


def test_the_same_places_in_hostile_text() -> None:
    rng = random.Random(7)
    for text in [*HOSTILE[3:], "".join(HOSTILE) * 5, "the harbour plan " * 200]:
        edited = _edit(rng, text, 10, "XY😀\ud800")
        for _ in range(10):
            start = rng.randrange(len(text))
            selector = describe(text, start, start + rng.randint(16, 60))
            _both(edited, selector, selector.start, index=True)
            _both(edited, Selector(selector.exact, "", ""), None, index=False)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32))
def test_the_same_orphan_candidates(seed: int) -> None:
    rng = random.Random(seed)
    text = "".join(rng.choice("abcde fgh") for _ in range(rng.randint(100, 3000)))
    start = rng.randrange(len(text) - 20)
    selector = describe(text, start, start + rng.randint(20, 100))
    orphan = Selector(_edit(rng, selector.exact, rng.randint(0, 25), "XYZ"), selector.prefix,
                      selector.suffix, selector.start if rng.random() < 0.5 else None)  # fmt: skip
    edited = _edit(rng, text, 30, "XYZ")
    new = candidates(edited, orphan)
    with pure_python():
        old = candidates(edited, orphan)
    assert new == old
