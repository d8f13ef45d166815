"""Plain-text helpers shared by the importers and the views: datelines, derived titles,
word counts, reading time and excerpts.

Each helper runs in time linear in its text, whatever the text (an opening line may be a
whole 30 MB file): no prefix is copied per match, and regular expressions that look back
from a match look only at the few characters they can match."""

from __future__ import annotations

import math
import re

TITLE_MAX = 100
WORDS_PER_MINUTE = 230
EXCERPT_MAX = 220
SUBJECT_SENTENCES = 3  # sentences after the first that may name the subject instead
SUBJECT_WITHIN = 4  # words: a sentence about the subject names it this early
NAMES_SCAN = 50_000  # characters of the text where names are counted
SUBJECT_SCAN = 2_000  # characters of a later sentence made a title (a title uses ~100)

# "TAIPEI –", "WASHINGTON, D.C. —", "NEW YORK (Reuters) -", "SÃO PAULO —": a run of capitalised
# words (optionally with an agency in brackets) then a dash with spaces around it.
_DATELINE = re.compile(
    r"^(?P<place>[A-ZÀ-Þ][A-ZÀ-Þ'’.\-]*(?:[ ,]+[A-ZÀ-Þ][A-ZÀ-Þ'’.\-]*){0,4}"
    r"(?:, [A-Z][a-z]+\.?(?: [A-Z][a-z]+\.?){0,2})?"
    r"(?:,? \([A-Za-z .&]{2,30}\))?)\s+[–—-]{1,2}\s+(?=\S)"
)
_SENTENCE_END = re.compile(r"([.!?][\"”’)]?)\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATIONS = re.compile(
    r"\b(?:[A-Z]\.){1,3}$|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|St|No|vs|Jr|Sr)\.$"
)
_ABBREVIATION_MAX = 8  # characters; the longest match above is "A.B.C." or "Prof."
_INTRO = re.compile(
    r"^(?:In|On|At|After|Before|Amid|Across|Despite|During|Following|While|As|With|For|Since|"
    r"Under|Over|Throughout|Once|Although|Though|Ahead of|Against)\b[^,]{8,90},\s+(?=\S)"
)
# `(?<!\s)`: a match starts where a run of spaces starts, not again inside it (linear).
_WEEKDAY_DATE = re.compile(
    r"(?:,|(?<!\s))\s+on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:,?\s+[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s+\d{4})?)?,?(?=\s)"
)
_PARENTHESES = re.compile(r"(?<!\s)\s*\([^()]{0,60}\)")
_CLAUSE_BREAK = re.compile(r"(?:,[\"”’]?|;|:|\s[–—])\s")
_UNTRIMMED = re.compile(r"[^,;:—– ]")  # what `_clause_head`'s rstrip keeps
# A capitalised word of two letters or more (with its apostrophes and hyphens).
_NAME = re.compile(r"[A-ZÀ-Þ][\w'’\-]*[\w]")
_NOT_NAMES = {
    "the", "a", "an", "in", "on", "at", "of", "and", "but", "or", "it", "its", "he", "she",
    "they", "we", "i", "this", "that", "these", "those", "his", "her", "their", "our", "mr",
    "mrs", "ms", "dr", "prof", "sir", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december",
}  # fmt: skip
_BACK_REFERENCES = {
    "this", "these", "that", "those", "it", "its", "they", "their", "he", "she", "his", "her",
    "such", "but", "and", "yet", "however", "so", "also",
}  # fmt: skip
_WEAK_ENDINGS = {
    "a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "but", "with", "by",
    "from", "as", "that", "which", "who", "its", "their", "his", "her", "is", "are", "was",
    "were", "has", "have", "had", "be", "been", "into", "about", "than", "this", "these",
}  # fmt: skip


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """Split "TAIPEI – In an unprecedented..." into ("TAIPEI", "In an unprecedented...")."""
    match = _DATELINE.match(paragraph)
    if not match or len(match.group("place")) > 60:
        return None, paragraph
    place = match.group("place").strip(" ,")
    if not any(c.isalpha() for c in place) or len(place) < 2:
        return None, paragraph
    return place, paragraph[match.end() :]


def first_sentence(text: str) -> str:
    """The first sentence of `text`, not fooled by "U.S." or "Dr."."""
    text = text.strip()
    for match in _SENTENCE_END.finditer(text):
        end = match.end(1)
        # An abbreviation is at most 6 characters: look only at those (`\b` still sees
        # the character before the window).
        if not _ABBREVIATIONS.search(text, max(0, end - _ABBREVIATION_MAX), end):
            return text[:end]
    return text


def derive_title(body: str, limit: int = TITLE_MAX) -> str:
    """A headline-like title that names the article's subject: at most `limit` characters,
    cut at a word boundary, without a dangling "of the" and marked with an ellipsis if cut.

    It is the opening sentence's (see `opening_title`), unless that names none of the names
    that recur in the text while a later sentence of the opening paragraph starts with the
    commonest of them: then that sentence's. "Across the rugged mountains…, a nation of an
    estimated 30 to 45 million people endures…" only sets the scene; "The Kurds, one of the
    world's largest ethnic groups without a sovereign state" names its subject."""
    title = opening_title(body, limit)
    names = recurring_names(body)
    if not names or _name_keys(title) & set(names):
        return title
    for sentence in _sentences(body.split("\n", 1)[0], SUBJECT_SENTENCES + 1)[1:]:
        words = sentence.split(None, SUBJECT_WITHIN)
        if not words or words[0].lower().strip("\"“‘'(") in _BACK_REFERENCES:
            continue
        if names[0] in _name_keys(" ".join(words[:SUBJECT_WITHIN]), sentence_start=False):
            candidate = _title_of(sentence[:SUBJECT_SCAN], limit)
            if names[0] in _name_keys(candidate, sentence_start=False):
                return candidate
    return title


def opening_title(body: str, limit: int = TITLE_MAX) -> str:
    """A headline-like title from the opening sentence alone (see `derive_title`)."""
    return _title_of(first_sentence(body.split("\n", 1)[0]), limit)


def _title_of(sentence: str, limit: int) -> str:
    """`sentence` made a title: tightened, and cut at a clause or a word if too long."""
    sentence = sentence.rstrip(".!?").strip()
    sentence = _tighten(sentence) or sentence
    if not sentence:
        return "Untitled article"
    if len(sentence) <= limit:
        return sentence
    fitting = [head for head in _clause_heads(sentence, limit) if 45 <= len(head) <= limit]
    return fitting[-1] if fitting else _cut_at_word(sentence, limit)


def recurring_names(text: str) -> list[str]:
    """The keys of the names (capitalised words not opening a sentence) that occur at least
    twice in the first `NAMES_SCAN` characters of `text`, commonest first (ties: earliest).
    A key is a name's first four letters, lower-cased, so "Kurds" and "Kurdistan", "Russia"
    and "Russian" count as one name."""
    counts: dict[str, int] = {}
    for key in _name_key_list(text[:NAMES_SCAN]):
        counts[key] = counts.get(key, 0) + 1
    recurring = [key for key, n in counts.items() if n >= 2]  # dicts keep first-seen order
    return sorted(recurring, key=lambda key: -counts[key])


def _name_keys(text: str, *, sentence_start: bool = True) -> set[str]:
    return set(_name_key_list(text, sentence_start=sentence_start))


def _name_key_list(text: str, *, sentence_start: bool = True) -> list[str]:
    """The keys of the names in `text`, in order. `sentence_start`: `text` opens a sentence
    (its first word is capitalised whatever it is, so it is not taken for a name)."""
    keys = []
    for match in _NAME.finditer(text):
        if _opens_sentence(text, match.start(), sentence_start):
            continue
        word = match.group().rstrip("'’").removesuffix("'s").removesuffix("’s")
        if word.lower() in _NOT_NAMES or len(word) < 2:
            continue
        keys.append(word[:4].lower())
    return keys


def _opens_sentence(text: str, at: int, sentence_start: bool) -> bool:
    """Whether the word at `at` opens a sentence: what comes before it, past spaces and
    opening quotes, is the end of a sentence (not "Mr." or "U.S."), a line break, or nothing
    (the text's start if `sentence_start`, or a run of spaces)."""
    start = max(0, at - 4)
    before = text[start:at].rstrip(" \"“‘'(")
    if before[-1:] not in ("", ".", "!", "?", ":", "\n"):
        return False
    if not before:
        return sentence_start or at >= 4
    end = start + len(before)
    return not (
        before[-1] == "." and _ABBREVIATIONS.search(text, max(0, end - _ABBREVIATION_MAX), end)
    )


def _sentences(text: str, most: int) -> list[str]:
    """The first `most` sentences of `text` (the last may be the rest of it), in one pass."""
    text = text.strip()
    sentences: list[str] = []
    at = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end(1)
        if _ABBREVIATIONS.search(text, max(0, end - _ABBREVIATION_MAX), end):
            continue
        sentences.append(text[at:end])
        at = match.end()
        if len(sentences) == most:
            return sentences
    if at < len(text):
        sentences.append(text[at:])
    return sentences


def _clause_heads(sentence: str, limit: int) -> list[str]:
    """The sentence's clause heads that can be at most `limit` long, in order.

    A head is the text before a break (plus a closing quote after a comma), trimmed of
    trailing punctuation and spaces. So a break past the first untrimmed character after
    `limit` gives a longer head (the loop stops there), and a break past `limit + 1` but
    before it gives either the same trimmed prefix (made once) or, with a quote, a head too
    long. Building every head instead copied a prefix per break: quadratic."""
    beyond = _UNTRIMMED.search(sentence, limit + 1)
    stop = beyond.start() if beyond else len(sentence)
    trimmed: str | None = None
    heads = []
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.start() > stop:
            break
        if match.start() <= limit + 1:
            heads.append(_clause_head(sentence, match))
        elif not match.group().strip()[1:].strip():  # no quote: the same trimmed prefix
            if trimmed is None:
                trimmed = sentence[: limit + 1].rstrip(",;:—– ")
            heads.append(trimmed)
    return heads


def _clause_head(sentence: str, match: re.Match[str]) -> str:
    """The sentence up to a clause break, keeping a closing quote that follows a comma."""
    head = sentence[: match.start()] + match.group().strip()[1:].strip()
    return head.rstrip(",;:—– ")


def _tighten(sentence: str) -> str:
    """Drop an introductory phrase, a weekday date and short parentheses, as an editor would."""
    intro = _INTRO.match(sentence)
    if intro and len(sentence) - intro.end() >= 40:
        rest = sentence[intro.end() :]
        sentence = rest[0].upper() + rest[1:]
    sentence = _WEEKDAY_DATE.sub("", sentence)
    sentence = _PARENTHESES.sub("", sentence)
    return re.sub(r"\s{2,}", " ", sentence).strip()


def _cut_at_word(text: str, limit: int) -> str:
    words = text[: limit - 1].split(" ")
    if len(text) > limit - 1 and len(words) > 1:
        words.pop()  # the last word was cut in the middle or touches the limit
    while len(words) > 3 and words[-1].lower().strip(',;:"“”') in _WEAK_ENDINGS:
        words.pop()
    return " ".join(words).rstrip(",;:—– ") + "…"


def word_count(text: str) -> int:
    return len(text.split())


def reading_minutes(words: int) -> int:
    """Reading time at 230 words a minute, at least one minute."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def excerpt(text: str, limit: int = EXCERPT_MAX) -> str:
    """The start of the text on one line, cut at a word boundary."""
    flat = " ".join(text[: limit * 2].split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
