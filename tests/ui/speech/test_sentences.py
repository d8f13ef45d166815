"""Cutting a body into the sentences read aloud: paragraphs end sentences, spaces are
trimmed, abbreviations do not cut, nothing unsayable is kept, offsets are the body's own
(characters, not Qt's UTF-16 units), and the sentence at an offset."""

from __future__ import annotations

from reader.ui.speech.sentences import sentence_at, split_sentences


def test_paragraphs_and_sentences_with_offsets_into_the_body() -> None:
    body = "Mr. Smith went to Washington.  Then 😀 he left! OK?\n\nNew para — here.\n—\nLast"
    sentences = split_sentences(body)
    assert [s.text for s in sentences] == [
        "Mr. Smith went to Washington.",
        "Then 😀 he left!",
        "OK?",
        "New para — here.",
        "Last",
    ]
    for sentence in sentences:
        assert body[sentence.start : sentence.end] == sentence.text


def test_an_empty_body_has_no_sentences() -> None:
    assert split_sentences("") == [] and split_sentences("\n\n—\n") == []


def test_the_sentence_at_an_offset_or_the_next_one() -> None:
    body = "One two. Three four.\n\nFive."
    sentences = split_sentences(body)
    assert sentence_at(sentences, 0) == 0
    assert sentence_at(sentences, body.index("four")) == 1
    assert sentence_at(sentences, body.index("\n")) == 2  # between paragraphs: the next
    assert sentence_at(sentences, len(body) + 5) == 2
    assert sentence_at([], 3) == 0
