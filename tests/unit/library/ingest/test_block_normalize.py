"""`blocks.normalize`: whitespace collapsed as HTML layout does, control characters dropped,
the ends trimmed, empty inline tags kept only around text. Text with nothing to clean skips
the substitutions (`_plain`); for any text the result must be what the substitutions give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.library.ingest.blocks import Block, normalize

SPACE = re.compile(r"\s+")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CHARS = st.sampled_from(
    [*"ab é", "  ", "\n", "\r\n", "\t", "\x0b", "\x0c", "\x00", "\x85", "\x9f", "\xa0",
                    "\u2028", "\u200b", "\u3000", "\ufeff", "\U0001f600", "\x1c"]
)  # fmt: skip
TOKENS = st.lists(
    st.one_of(
        st.tuples(st.just("t"), st.lists(CHARS, max_size=8).map("".join)),
        st.tuples(st.sampled_from(["o", "c"]), st.just("em")),
    ),
    max_size=8,
)


def reference(tokens: list[tuple[str, str]]) -> list[tuple[str, str]] | None:
    """Every text substituted, then the ends trimmed: what `normalize` must give."""
    out: list[tuple[str, str]] = []
    space = True
    for kind, raw in tokens:
        if kind != "t":
            out.append((kind, raw))
            continue
        value = SPACE.sub(" ", CONTROL.sub("", raw))
        if space and value.startswith(" "):
            value = value[1:]
        if value:
            space = value.endswith(" ")
            out.append(("t", value))
    for index in range(len(out) - 1, -1, -1):
        if out[index][0] == "t":
            out[index] = ("t", out[index][1].rstrip(" "))
            if out[index][1]:
                break
    kept = [t for t in out if t != ("t", "")]
    return kept if any(kind == "t" for kind, _ in kept) else None


@settings(max_examples=500, deadline=None)
@given(TOKENS)
def test_normalize_gives_what_the_substitutions_give(tokens: list[tuple[str, str]]) -> None:
    block = normalize(Block("p", tokens=list(tokens)))
    expected = reference(tokens)
    assert (block.tokens if block else None) == expected


def test_plain_text_is_kept_as_it_is_and_the_rest_collapsed() -> None:
    block = normalize(Block("p", tokens=[("t", "  One  two\u00a0three\x00\n"), ("o", "<em>"),
                                         ("t", " four "), ("c", "em"), ("t", "  ")]))  # fmt: skip
    assert block is not None
    assert block.tokens == [("t", "One two three "), ("o", "<em>"), ("t", "four"), ("c", "em")]
    assert normalize(Block("p", tokens=[("t", " \n\t"), ("o", "<em>"), ("c", "em")])) is None
