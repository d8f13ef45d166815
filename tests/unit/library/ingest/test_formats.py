"""The seed format: articles split on blank lines, paragraphs on newlines, datelines kept."""

from __future__ import annotations

from pathlib import Path

from reader.library.ingest.formats.seed import parse_seed
from tests.conftest import SEED

DATA = Path(__file__).resolve().parents[3] / "data"


def test_bundled_corpus_is_four_articles_with_paragraphs_and_datelines() -> None:
    drafts = parse_seed(SEED.read_text(encoding="utf-8"))
    assert len(drafts) == 4
    assert [d.body.count("\n") + 1 for d in drafts] == [11, 1, 1, 1]
    assert [d.dateline for d in drafts] == [None, "TAIPEI", None, "BERLIN"]
    assert drafts[1].body.startswith("In an unprecedented display")
    assert drafts[3].body.startswith("The United States has extended")
    assert all(d.title_derived and 0 < len(d.title) <= 100 for d in drafts)
    assert "Ukraine" in drafts[0].title
    assert "Honnold" in drafts[1].title
    assert "Germany" in drafts[3].title


def test_paragraph_text_is_kept_exactly() -> None:
    text = SEED.read_text(encoding="utf-8")
    drafts = parse_seed(text)
    lines = [line for line in text.split("\n") if line.strip()]
    assert drafts[0].body.split("\n") == lines[:11]
    assert "TAIPEI – " + drafts[1].body == lines[11]


def test_blank_lines_with_spaces_and_surrounding_blank_lines_split_articles() -> None:
    drafts = parse_seed("\n\nFirst one.\nSecond para.\n  \n\n\nOther article.\n\n")
    assert [d.body for d in drafts] == ["First one.\nSecond para.", "Other article."]
    assert [d.index for d in drafts] == [0, 1]


def test_identity_ignores_where_the_text_sits_but_not_what_it_says() -> None:
    a = parse_seed("Alpha beta.\n\nGamma delta.")
    b = parse_seed("\n\nGamma  delta.\n\n\nAlpha beta.\n")
    assert {d.content_hash for d in a} == {d.content_hash for d in b}
    assert {d.uri for d in a} == {d.uri for d in b}
    assert parse_seed("Alpha beta!")[0].content_hash != a[0].content_hash
    assert a[0].uri.startswith("urn:sha256:")


def test_whitespace_only_text_has_no_articles() -> None:
    assert parse_seed("") == []
    assert parse_seed(" \n\t\n ") == []


def test_word_counts_made_while_parsing_match_counting_the_body() -> None:
    """Parsing counts words from the collapsed paragraphs it builds (no second split); the
    count must be exactly what splitting the body gives, for any text."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from reader.library.ingest.draft import Draft
    from reader.library.ingest.formats import parse
    from reader.library.ingest.prose import word_count

    lines = (DATA / "blns.txt").read_text(encoding="utf-8").splitlines()
    texts = ["Headline\n\n" + "\n\n".join(lines[i : i + 7]) for i in range(0, len(lines), 7)]
    texts += ["\n".join(lines[i : i + 5]) for i in range(0, len(lines), 5)]

    def check(text: str) -> None:
        for fmt in ("text", "seed"):
            for draft in parse(text, fmt):  # type: ignore[arg-type]
                assert draft.words == word_count(draft.body)
                unprimed = Draft(draft.title, draft.title_derived, None, draft.body, 0)
                assert unprimed.words == draft.words or draft.dateline is not None

    for text in texts:
        check(text)
    given(st.text(alphabet=st.sampled_from(" \t\n\u00a0\u2003\x1c\u200bab–A,"), max_size=80))(
        settings(max_examples=300, deadline=None)(check)
    )()


def test_collapsing_whitespace_keeps_text_that_has_none_to_collapse_and_fixes_the_rest() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from reader.library.ingest.draft import collapse

    lines = (DATA / "blns.txt").read_text(encoding="utf-8").splitlines()
    for line in [*lines, " a", "a ", "a  b", "a\u2003b", "a\u00a0b", "a\x1cb", "a\u2028b", ""]:
        assert collapse(line) == " ".join(line.split())

    @settings(max_examples=500, deadline=None)
    @given(st.text())
    def any_text(text: str) -> None:
        assert collapse(text) == " ".join(text.split())

    any_text()
