"""A plain-text file is read as one article or as several (the seed form) from its whole
shape: a headline that ends in `?`, `!`, `…`, `...`, `:` or a closing quote over blank-line
paragraphs is one article; seed files of several articles still split."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reader.library import Library
from reader.library.ingest.formats import detect, parse
from tests.conftest import SEED

PARAGRAPHS = [
    "Yukos, the Russian oil firm at the heart of a long tax dispute, may yet be saved by the "
    "sale of its main production unit, analysts said on Monday.",
    "The company has been fighting a bill of more than $27bn in back taxes.",
    "Shares rose 5% in Moscow trading.",
]
HEADLINES = [
    "Could Yukos be a blessing in disguise?",
    "Yukos wins a reprieve!",
    "Yukos and the long goodbye…",
    "Yukos and the long goodbye...",
    "'My memories of Marley...'",
    "'Yukos will survive'",
    '"Yukos will survive."',
    "Yukos: the lessons",
    "Why Yukos matters:",
]


def one_article(headline: str, paragraphs: list[str] = PARAGRAPHS) -> str:
    return headline + "\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.mark.parametrize("headline", HEADLINES)
def test_a_headline_ending_in_any_mark_heads_one_article(headline: str) -> None:
    text = one_article(headline)
    assert detect(Path("a.txt"), text) == "text"
    [draft] = parse(text, "text")
    assert (draft.title, draft.title_derived) == (headline, False)
    assert draft.body.split("\n") == PARAGRAPHS


@pytest.mark.parametrize("headline", HEADLINES[:3])
def test_wrapped_paragraphs_under_a_question_are_one_article(headline: str) -> None:
    wrapped = [
        "Yukos, the Russian oil firm at the heart of a long\ntax dispute, may yet be saved by the"
        "\nsale of its main production unit.",
        "The company has been fighting a bill of more\nthan $27bn in back taxes.",
    ]
    text = one_article(headline, wrapped)
    assert detect(Path("a.txt"), text) == "text"
    [draft] = parse(text, "text")
    assert draft.title == headline and len(draft.body.split("\n")) == 2


def test_importing_a_question_headline_gives_one_article(
    empty_library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "yukos.txt"
    path.write_text(one_article(HEADLINES[0]), encoding="utf-8")
    report = empty_library.import_paths([path])
    [article_id] = report.added_ids
    art = empty_library.article(article_id)
    assert art is not None and art.title == HEADLINES[0] and art.format == "text"


def test_the_bundled_corpus_is_still_four_seed_articles() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert detect(SEED, text) == "seed"
    assert len(parse(text, "seed")) == 4


@pytest.mark.parametrize(
    "text",
    [
        "First article.\n\nSecond article.",  # a full stop ends a sentence, not a headline
        "Article number 0.\n\nArticle number 1.\n\nArticle number 2.",
        # lines that each end a sentence are seed paragraphs: the blocks are articles
        "Why now?\n\nFirst paragraph.\nSecond paragraph.\n\nOther article.\nMore of it.",
        # a question no shorter than anything after it is an article of its own
        "Is this the longest line of them all?\n\nNo.\n\nShort.",
        "A sentence; then more;\n\nAnother article, longer than the first one.",
        "The first article is a paragraph. It has two sentences.\nAnd a second paragraph!\n\n"
        "Other article?",
    ],
)
def test_seed_files_of_several_articles_still_split(text: str) -> None:
    assert detect(Path("a.txt"), text) == "seed"
    assert len(parse(text, "seed")) > 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A Headline\n\nA paragraph.", "text"),  # no sentence end: a headline, as before
        ("Markets rallied.\n\nA paragraph that is longer than the first line.", "seed"),
        ("Why?\n\nBecause it was there.", "text"),
        ("Only one line?", "seed"),  # nothing follows: no headline
        ("Why?\n\n", "seed"),
    ],
)
def test_ambiguous_files(text: str, expected: str) -> None:
    assert detect(Path("a.txt"), text) == expected


WORDS = st.text(alphabet="abcdefghij", min_size=1, max_size=8)
SENTENCE = st.lists(WORDS, min_size=3, max_size=12).map(lambda w: " ".join(w).capitalize() + ".")


@settings(max_examples=150, deadline=None, database=None)
@given(
    st.lists(WORDS, min_size=1, max_size=8),
    st.sampled_from(["?", "!", "…", "...", ":", "'", "”", "?'", "...”", ""]),
    st.lists(st.lists(SENTENCE, min_size=2, max_size=4).map(" ".join), min_size=1, max_size=6),
)
def test_any_headline_over_paragraphs_is_one_article(
    words: list[str], mark: str, paragraphs: list[str]
) -> None:
    headline = " ".join(words).capitalize() + mark
    assume(len(headline) < max(map(len, paragraphs)))  # a headline is shorter than its text
    text = one_article(headline, paragraphs)
    assert detect(Path("a.txt"), text) == "text"
    [draft] = parse(text, "text")
    assert draft.title == headline


@settings(max_examples=150, deadline=None, database=None)
@given(st.lists(st.lists(SENTENCE, min_size=2, max_size=5), min_size=2, max_size=6))
def test_seed_articles_of_several_paragraphs_always_split(articles: list[list[str]]) -> None:
    text = "\n\n".join("\n".join(paragraphs) for paragraphs in articles)
    assert detect(Path("a.txt"), text) == "seed"
    assert len(parse(text, "seed")) == len(articles)
