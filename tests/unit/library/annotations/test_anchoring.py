"""Re-anchoring quotes in changed text, the Hypothesis way (`annotations.anchoring`)."""

from __future__ import annotations

import random

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reader.library.annotations.anchoring import (
    MAX_APPROXIMATE,
    MIN_APPROXIMATE,
    PieceIndex,
    Selector,
    anchor,
    describe,
    far_errors,
    levenshtein,
    max_errors,
    myers_ends,
)

TEXT = (
    "The council met on Monday. The mayor said the harbour plan would go ahead.\n"
    "Residents asked about the schools. The mayor said the harbour plan was final.\n"
    "A vote is expected in spring."
)


def quote(text: str, passage: str, nth: int = 0) -> Selector:
    start = -1
    for _ in range(nth + 1):
        start = text.index(passage, start + 1)
    return describe(text, start, start + len(passage))


def test_describe_keeps_about_32_characters_of_context() -> None:
    sel = quote(TEXT, "harbour plan was final")
    assert sel.exact == "harbour plan was final"
    assert TEXT[sel.start - len(sel.prefix) : sel.start] == sel.prefix
    assert len(sel.prefix) == 32 and sel.suffix == ".\nA vote is expected in spring."


def test_unchanged_text_keeps_the_stored_position() -> None:
    sel = quote(TEXT, "The mayor said the harbour plan", nth=1)
    assert anchor(TEXT, sel) == (sel.start, sel.end)


def test_text_inserted_before_moves_the_quote() -> None:
    sel = quote(TEXT, "Residents asked about the schools")
    edited = "BREAKING: an update.\n" + TEXT
    start, end = anchor(edited, sel)  # type: ignore[misc]
    assert edited[start:end] == sel.exact
    assert start == sel.start + len("BREAKING: an update.\n")


def test_of_two_exact_copies_the_one_nearest_the_old_place_wins() -> None:
    sel = quote(TEXT, "The mayor said the harbour plan", nth=1)
    edited = "Intro. " + TEXT
    start, _end = anchor(edited, sel)  # type: ignore[misc]
    assert start == sel.start + len("Intro. ")  # the second copy, not the first


def test_a_quote_without_position_picks_the_best_context() -> None:
    sel = quote(TEXT, "The mayor said the harbour plan", nth=1)
    only_quote = Selector(sel.exact, sel.prefix, sel.suffix)
    start, _end = anchor(TEXT, only_quote)  # type: ignore[misc]
    assert start == sel.start


def test_a_slightly_edited_quote_is_found_approximately() -> None:
    sel = quote(TEXT, "Residents asked about the schools")
    edited = TEXT.replace("Residents asked about", "Residents asked again about")
    start, end = anchor(edited, sel)  # type: ignore[misc]
    assert edited[start:end] in ("Residents asked again about the schools",)


def test_a_quote_that_is_gone_is_an_orphan() -> None:
    sel = quote(TEXT, "Residents asked about the schools")
    edited = TEXT.replace("Residents asked about the schools.", "Nothing else happened.")
    assert anchor(edited, sel) is None
    assert anchor("completely different words here", sel) is None


def test_empty_or_blank_quotes_never_anchor() -> None:
    assert anchor(TEXT, Selector("", "", "")) is None
    assert anchor(TEXT, Selector("   ", "", "")) is None


def test_emoji_and_right_to_left_text() -> None:
    text = "שלום עולם 👋🏽 and مرحبا بالعالم 🌍 done"
    sel = quote(text, "مرحبا بالعالم")
    assert anchor("👋 " + text, sel) == (sel.start + 2, sel.end + 2)  # type: ignore[operator]


def test_max_errors_is_bounded() -> None:
    assert max_errors("abc") == 1
    assert max_errors("x" * 100) == 20
    assert max_errors("x" * 10_000) == 256


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet="abcd ", min_size=1, max_size=40),
    st.text(alphabet="abcd", min_size=1, max_size=8),
    st.integers(0, 3),
)
def test_myers_agrees_with_brute_force(text: str, pattern: str, limit: int) -> None:
    found = dict(myers_ends(text, pattern, limit))
    best = {
        end: min(levenshtein(pattern, text[s:end]) for s in range(end + 1))
        for end in range(1, len(text) + 1)
    }
    matching = sorted(end for end, errors in best.items() if errors <= limit)
    for end, errors in found.items():
        assert best[end] == errors
    runs: list[list[int]] = []
    for end in matching:  # one reported end, the best, per run of neighbouring ends
        if runs and end == runs[-1][-1] + 1:
            runs[-1].append(end)
        else:
            runs.append([end])
    assert len(runs) == len(found)
    for run in runs:
        (reported,) = [e for e in run if e in found]
        assert found[reported] == min(best[e] for e in run)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=200), st.data())
def test_describe_then_anchor_is_the_identity(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    sel = describe(text, start, end)
    if sel.exact.strip():
        assert anchor(text, sel) == (start, end)
        prefix = data.draw(st.text(max_size=20))
        assert anchor(prefix + text, sel) is not None


# -- honest placement: no match that shares too little with the quote ---------------------

_WORDS = ("council", "mayor", "harbour", "ferry", "vote", "spring", "school", "resident",
          "plan", "budget", "road", "bridge", "market", "museum", "library", "river",
          "station", "park", "tower", "garden", "street", "square")  # fmt: skip
_RNG = random.Random(5)
LONG = " ".join(  # prose of a small vocabulary: most pieces of a quote are rare enough
    f"{_RNG.choice(_WORDS).title()} {n} met the {_RNG.choice(_WORDS)} near the "
    f"{_RNG.choice(_WORDS)} about item {n * 7 % 101}."
    for n in range(400)
)


def test_a_one_character_quote_that_is_not_there_is_not_placed() -> None:
    assert anchor(TEXT, Selector("#", "", "", 0, 1)) is None  # "T" is there, "#" is not
    assert anchor(TEXT, Selector("#", "", "")) is None
    assert anchor(TEXT, Selector("T", "", "", 0, 1)) == (0, 1)  # exact is still exact


def test_quotes_shorter_than_the_minimum_need_an_exact_match() -> None:
    assert MIN_APPROXIMATE == 16
    sel = quote(TEXT, "harbour plan")  # 12 characters
    typo = Selector("harbuor plan", sel.prefix, sel.suffix, sel.start, sel.end)
    assert anchor(TEXT, typo) is None  # even at its own place, with its own context
    sel = quote(TEXT, "the harbour plan")  # 16: one edit is allowed near its place
    typo = Selector("the harbuor plan", sel.prefix, sel.suffix, sel.start, sel.end)
    assert anchor(TEXT, typo) == (sel.start, sel.end)


def test_near_its_place_a_quote_may_have_a_fifth_changed_and_no_more() -> None:
    sel = quote(TEXT, "Residents asked about the schools")  # 33 characters: 6 edits
    for edited, placed in (
        ("Residents asked again about the schools", True),  # 6 inserted
        ("Residents asked loudly about the schools", False),
    ):  # 7 inserted
        text = TEXT.replace("Residents asked about the schools", edited)
        found = anchor(text, sel)
        assert (found is not None) is placed, (edited, found)
        if found is not None:
            assert text[found[0] : found[1]] == edited
    assert max_errors(sel.exact) == 6


def test_far_from_any_place_a_quote_must_be_nine_tenths_the_same() -> None:
    passage = LONG[LONG.index("Council 17") :][:42]
    assert far_errors(passage) == 4 and LONG.count(passage) == 1
    start = LONG.index(passage)
    close = passage.replace("met", "mat").replace("near", "neer")  # 2 edits
    assert anchor(LONG, Selector(close, "", "")) == (start, start + len(passage))
    loose = passage.replace("met the", "met with the")  # 5 edits
    assert anchor(LONG, Selector(loose, "", "")) is None
    # near its old place the same quote may be placed: a fifth may differ there
    assert anchor(LONG, Selector(loose, "", "", start, start + len(loose))) is not None


def test_quotes_longer_than_the_maximum_are_placed_only_exactly() -> None:
    start = 1000
    long_quote = LONG[start : start + MAX_APPROXIMATE + 1]
    sel = Selector(long_quote, "", "", start, start + len(long_quote))
    assert anchor(LONG, sel) == (start, start + len(long_quote))
    edited = long_quote[:10] + "X" + long_quote[11:]
    assert anchor(LONG, Selector(edited, "", "", start, start + len(edited))) is None
    shorter = edited[:MAX_APPROXIMATE]
    assert anchor(LONG, Selector(shorter, "", "", start, start + len(shorter))) is not None


def test_a_position_beyond_the_text_names_nothing() -> None:
    sel = quote(TEXT, "The mayor said the harbour plan", nth=0)
    far = Selector(sel.exact, sel.prefix, sel.suffix, 10**9, 10**9 + len(sel.exact))
    assert anchor(TEXT, far) == (sel.start, sel.end)  # best context, not the last copy


def test_many_copies_of_a_short_quote_are_ranked_by_context_in_bounded_time() -> None:
    text = "aa b " * 5000 + "the one we want b " + "aa b " * 5000
    start = text.index("one we want b") + len("one we want ")
    sel = describe(text, start, start + 1)  # "b": over 10,000 copies
    assert anchor(text, Selector(sel.exact, sel.prefix, sel.suffix)) == (start, start + 1)


def test_an_index_gives_the_same_answers_as_scanning() -> None:
    index = PieceIndex(LONG)
    passage = LONG[LONG.index("Council 17") :][:42]
    for edited in (passage, passage.replace("met", "mat"), passage.replace("near", "by")):
        for start in (None, LONG.index(passage)):
            sel = Selector(edited, "", "", start, None if start is None else start + len(edited))
            assert anchor(LONG, sel, index=index) == anchor(LONG, sel)


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_a_planted_quote_within_the_limits_is_found(data: st.DataObject) -> None:
    """Random text (rare pieces): a quote with at most a tenth changed, planted anywhere,
    is always found there, with or without an index and with or without its position."""
    rng = random.Random(data.draw(st.integers(0, 2**32)))
    text = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(3000))
    size = data.draw(st.integers(MIN_APPROXIMATE, 120))
    start = data.draw(st.integers(0, len(text) - size))
    passage = text[start : start + size]
    edited = list(passage)
    for _ in range(data.draw(st.integers(0, far_errors(passage)))):
        at = rng.randrange(len(edited))
        choice = rng.choice(("sub", "ins", "del"))
        if choice == "sub":
            edited[at] = rng.choice("ABC")
        elif choice == "ins":
            edited.insert(at, rng.choice("ABC"))
        elif len(edited) > MIN_APPROXIMATE:
            del edited[at]
    quote_ = "".join(edited)
    limit = far_errors(quote_)  # the limit follows the length of the quote as given
    assume(quote_.strip() and levenshtein(passage, quote_) <= limit)
    for position in (None, start):
        sel = Selector(quote_, "", "", position, None if position is None else position + size)
        for index in (None, PieceIndex(text)):
            found = anchor(text, sel, index=index)
            assert found is not None, (quote_, position)
            assert abs(found[0] - start) <= limit + 1
            assert levenshtein(text[found[0] : found[1]], quote_) <= limit


@settings(max_examples=80, deadline=None)
@given(
    st.text(alphabet="ab cd", min_size=20, max_size=300),
    st.text(alphabet="ab cd", min_size=1, max_size=40),
    st.booleans(),
)
def test_whatever_is_placed_shares_enough_with_the_quote(
    text: str, exact: str, known: bool
) -> None:
    start = len(text) // 3 if known and len(text) // 3 + len(exact) <= len(text) else None
    sel = Selector(exact, "", "", start, None if start is None else start + len(exact))
    found = anchor(text, sel)
    if found is None or text[found[0] : found[1]] == exact:
        return
    assert len(exact) >= MIN_APPROXIMATE
    assert levenshtein(text[found[0] : found[1]], exact) <= max_errors(exact)
