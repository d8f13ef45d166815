"""Re-anchoring quotes in changed text, the Hypothesis way (`annotations.anchoring`)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.library.annotations.anchoring import (
    Selector,
    anchor,
    describe,
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
