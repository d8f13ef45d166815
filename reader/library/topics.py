"""The topic model (the 17 top-level IPTC Media Topics) and a transparent rule-based classifier.

Rules live in a TOML file (``resources/topics.toml``; its header documents the format): per topic
code a ``name``, a display ``label`` and ``terms``, a table of lowercase words or phrases with
weights. An optional user overrides file has the same shape, names only known codes and may give
``label`` and ``terms``; its terms replace or add to the base terms and a weight of 0 removes one.

Tokenising: text is split on whitespace and ASCII punctuation, including hyphens ("cease-fire"
becomes the two words "cease fire"); apostrophes inside a word stay ("don't"), a possessive "'s"
or trailing "'" is dropped, and curly quotes and dashes count as their ASCII forms. For speed only
ASCII letters are case-folded. Terms are tokenised the same way.

Inflections: text is not stemmed. A single-word term matches its own form and its regular plural
(policy -> policies, tax -> taxes, vote -> votes); a term ending in ``*`` matches every word with
that prefix ("vaccin*": vaccine, vaccination, vaccinated). For each topic a word counts once,
through its most specific rule (exact form, then plural, then the longest prefix). In a phrase
only the last word is inflected, the same way; phrases also count on top of their words.

Scoring: a matched term contributes ``weight * (1 + ln n)``, where ``n`` counts its occurrences
and a title occurrence counts ``TITLE_REPEAT`` times, so repetition and length are damped
logarithmically. A topic's evidence is the sum of its contributions, and its score is its share
of the evidence of all topics (0..1; the scores of all matched topics sum to 1). The best topic
is always reported if anything matched; up to two more follow if their evidence reaches
``SECONDARY_RATIO`` of the best and ``SECONDARY_MINIMUM``. Text without any matching term (and
empty text) gives no topics.

Speed: rules are compiled once; classifying counts tokens with a Counter, finds matching words by
set intersection with a cache of resolved tokens, and counts phrase needles in the joined tokens.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

TITLE_REPEAT = 3
SECONDARY_RATIO = 0.35
SECONDARY_MINIMUM = 3.0
MAX_TOPICS = 3
CACHE_LIMIT = 200_000

_CODE = re.compile(r"\d{8}")
_SEPARATORS = bytes(c for c in range(128) if not chr(c).isalnum() and chr(c) != "'")
_PUNCT = bytes.maketrans(_SEPARATORS, b" " * len(_SEPARATORS))
_APOSTROPHES = ("\u2018", "\u2019")
_SPACES = "\u201c\u201d\u201e\u2013\u2014\u2011\u2026\u2022\u2009\u202f\u00ab\u00bb\u00b7\u00a0"
_UNICODE = tuple(
    (c.encode(), b"'" if c in _APOSTROPHES else b" ") for c in (*_APOSTROPHES, *_SPACES)
)

Entry = tuple[int, float, str]  # topic index, weight, term


@dataclass(frozen=True, slots=True)
class Topic:
    """One IPTC Media Topic: its 8-digit code, official name and short display label."""

    code: str
    name: str
    label: str


@dataclass(frozen=True, slots=True)
class TopicScore:
    """A topic assigned to a text; ``score`` is its share of all topic evidence, in (0, 1]."""

    code: str
    score: float


class TopicRulesError(ValueError):
    """A topics file is unreadable or invalid; the message names the file and the problem."""


class _Phrase(NamedTuple):
    rest: tuple[bytes, ...]  # the words between the first and the inflected last word
    needles: tuple[bytes, ...]  # searched for in the space-joined tokens
    entries: tuple[Entry, ...]


def _tokenize(text: str) -> list[bytes]:
    """Lowercase ASCII words of ``text`` as UTF-8 bytes (see the module docstring)."""
    data = text.encode()
    if not text.isascii():
        for char, replacement in _UNICODE:
            if char in data:
                data = data.replace(char, replacement)
    data = b" " + data.lower().translate(_PUNCT) + b" "
    if b"'" in data:
        data = data.replace(b"'s ", b" ").replace(b"' ", b" ").replace(b" '", b" ")
    return data.split()


def _plurals(word: bytes) -> tuple[bytes, ...]:
    """Regular plural / third-person forms of ``word``."""
    if word.endswith(b"y") and len(word) > 2 and word[-2:-1] not in b"aeiou":
        return (word[:-1] + b"ies",)
    if word.endswith((b"s", b"x", b"z", b"ch", b"sh")):
        return (word + b"es",)
    if word.endswith(b"o"):
        return (word + b"s", word + b"es")
    return (word + b"s",)


def _parse_term(term: str) -> tuple[tuple[bytes, ...], bool]:
    """Split a term into its words and whether its last word is a prefix; ValueError if bad."""
    prefix = term.endswith("*")
    words = tuple(_tokenize(term[:-1] if prefix else term))
    if not words or "*" in term[:-1] or any(b"*" in w for w in words):
        raise ValueError("needs words, and '*' only at the end")
    if prefix and len(words[-1]) < 3:
        raise ValueError("a prefix needs at least 3 letters before '*'")
    return words, prefix


def _normalize_term(term: str) -> str:
    """The canonical spelling of a rules-file term: lowercase words joined by single spaces."""
    words, prefix = _parse_term(term.lower())
    return b" ".join(words).decode() + ("*" if prefix else "")


class TopicRules:
    """Compiled topic rules: the topics in code order plus the weighted terms of each."""

    def __init__(self, topics: Sequence[Topic], terms: Mapping[str, Mapping[str, float]]) -> None:
        self.topics: tuple[Topic, ...] = tuple(sorted(topics, key=lambda t: t.code))
        self._by_code = {t.code: t for t in self.topics}
        self._exact: dict[bytes, dict[int, tuple[int, float, str]]] = {}
        self._prefixes: dict[bytes, dict[int, Entry]] = {}
        phrases: dict[tuple[tuple[bytes, ...], bool], list[Entry]] = {}
        for index, topic in enumerate(self.topics):
            for term, weight in terms.get(topic.code, {}).items():
                if weight > 0:
                    words, prefix = _parse_term(term)
                    entry = (index, float(weight), term)
                    if len(words) > 1:
                        phrases.setdefault((words, prefix), []).append(entry)
                    elif prefix:
                        self._prefixes.setdefault(words[0], {})[index] = entry
                    else:
                        self._add_word(words[0], entry)
        self._prefix_lengths = sorted({len(p) for p in self._prefixes}, reverse=True)
        self._phrases: dict[bytes, list[_Phrase]] = {}
        for (words, prefix), entries in phrases.items():
            self._phrases.setdefault(words[0], []).append(_phrase(words, prefix, entries))
        self._seen: set[bytes] = set()
        self._hits: dict[bytes, tuple[Entry, ...]] = {}

    def _add_word(self, word: bytes, entry: Entry) -> None:
        for rank, form in [(2, word)] + [(1, plural) for plural in _plurals(word)]:
            rules = self._exact.setdefault(form, {})
            if rules.get(entry[0], (0,))[0] < rank:
                rules[entry[0]] = (rank, entry[1], entry[2])

    def topic(self, code: str) -> Topic:
        """The topic with this code; KeyError if there is none."""
        return self._by_code[code]

    def find(self, code_or_name: str) -> Topic | None:
        """A topic by code, IPTC name or label (any case), or by a unique prefix of those."""
        query = code_or_name.strip().casefold()
        if not query:
            return None
        for topic in self.topics:
            if query in (topic.code, topic.name.casefold(), topic.label.casefold()):
                return topic
        found = {
            t
            for t in self.topics
            if t.name.casefold().startswith(query) or t.label.casefold().startswith(query)
        }
        return found.pop() if len(found) == 1 else None

    def classify(self, title: str, text: str) -> list[TopicScore]:
        """Up to three topics for an article, best first; [] if no term matched."""
        evidence = [0.0] * len(self.topics)
        for (index, weight, _), count in self._term_counts(title, text).items():
            evidence[index] += weight * (1.0 + math.log(count))
        total = sum(evidence)
        if not total:
            return []
        ranked = sorted(range(len(evidence)), key=evidence.__getitem__, reverse=True)
        floor = max(evidence[ranked[0]] * SECONDARY_RATIO, SECONDARY_MINIMUM)
        chosen = [ranked[0], *(i for i in ranked[1:MAX_TOPICS] if evidence[i] >= floor)]
        return [TopicScore(self.topics[i].code, evidence[i] / total) for i in chosen]

    def explain(self, title: str, text: str) -> dict[str, list[tuple[str, float]]]:
        """Per topic code, the matched terms and their contributions, largest first."""
        found: dict[str, list[tuple[str, float]]] = {}
        for (index, weight, term), count in self._term_counts(title, text).items():
            contribution = weight * (1.0 + math.log(count))
            found.setdefault(self.topics[index].code, []).append((term, contribution))
        return {code: sorted(terms, key=lambda t: (-t[1], t[0])) for code, terms in found.items()}

    def _term_counts(self, title: str, text: str) -> dict[Entry, int]:
        """Occurrences per matched rule, summed over the word forms that matched it."""
        counts: dict[Entry, int] = {}
        for entries, count in self._matches(title, text):
            for entry in entries:
                counts[entry] = counts.get(entry, 0) + count
        return counts

    def _matches(self, title: str, text: str) -> list[tuple[tuple[Entry, ...], int]]:
        """The rule entries that match, each with its (title-weighted) occurrence count."""
        title_words, body_words = _tokenize(title), _tokenize(text)
        counts = Counter(title_words * TITLE_REPEAT + body_words)
        seen, hits = self._seen, self._hits
        words = counts.keys()
        new = words - seen
        if new:
            self._learn(new, seen, hits)
        found = [(hits[word], counts[word]) for word in words & hits.keys()]
        firsts = words & self._phrases.keys()
        if firsts:
            joined = b" | ".join([b" ".join(title_words)] * TITLE_REPEAT + [b" ".join(body_words)])
            joined = b" " + joined + b" "
            for first in firsts:
                for phrase in self._phrases[first]:
                    if all(word in counts for word in phrase.rest):
                        count = sum(joined.count(needle) for needle in phrase.needles)
                        if count:
                            found.append((phrase.entries, count))
        return found

    def _learn(
        self, words: Iterable[bytes], seen: set[bytes], hits: dict[bytes, tuple[Entry, ...]]
    ) -> None:
        """Resolve words not seen before into the token cache (reset when it grows too big)."""
        if len(seen) > CACHE_LIMIT:
            self._seen, self._hits = set(), {}
        for word in words:
            seen.add(word)
            entries = self._resolve(word)
            if entries:
                hits[word] = entries

    def _resolve(self, word: bytes) -> tuple[Entry, ...]:
        """Per topic, the most specific rule matching ``word``: exact, plural, longest prefix."""
        exact = self._exact.get(word, {})
        best = {index: (weight, term) for index, (_, weight, term) in exact.items()}
        for length in self._prefix_lengths:
            if length <= len(word):
                for index, (_, weight, term) in self._prefixes.get(word[:length], {}).items():
                    best.setdefault(index, (weight, term))
        return tuple((index, weight, term) for index, (weight, term) in best.items())


def _phrase(words: tuple[bytes, ...], prefix: bool, entries: list[Entry]) -> _Phrase:
    """Compile a multi-word term into the needles searched for in the joined tokens."""
    stem = b" " + b" ".join(words)
    if prefix:
        needles: tuple[bytes, ...] = (stem,)
    else:
        head = b" " + b" ".join(words[:-1]) + b" "
        needles = (stem + b" ", *(head + plural + b" " for plural in _plurals(words[-1])))
    return _Phrase(words[1:-1], needles, tuple(entries))


def load_rules(path: Path, overrides: Path | None = None) -> TopicRules:
    """Load and validate the topics file and an optional user overrides file."""
    topics: dict[str, Topic] = {}
    terms: dict[str, dict[str, float]] = {}
    for code, table in _read_topics(path).items():
        _check_keys(path, code, table, required={"name", "label"}, allowed={"terms"})
        topics[code] = Topic(code, table["name"], table["label"])
        terms[code] = _read_terms(path, code, table.get("terms", {}))
    if overrides is not None:
        for code, table in _read_topics(overrides).items():
            if code not in topics:
                raise TopicRulesError(f"{overrides}: unknown topic code {code!r}")
            _check_keys(overrides, code, table, required=set(), allowed={"label", "terms"})
            if "label" in table:
                topics[code] = Topic(code, topics[code].name, table["label"])
            terms[code].update(_read_terms(overrides, code, table.get("terms", {})))
    return TopicRules(list(topics.values()), terms)


def _read_topics(path: Path) -> dict[str, Any]:
    """The ``[topic.CODE]`` tables of a TOML file, checked for shape."""
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except OSError as error:
        raise TopicRulesError(f"{path}: cannot read topics file ({error.strerror})") from error
    except tomllib.TOMLDecodeError as error:
        raise TopicRulesError(f"{path}: invalid TOML: {error}") from error
    if set(data) - {"topic"} or not isinstance(data.get("topic"), dict):
        raise TopicRulesError(f'{path}: expected only [topic."CODE"] tables, found {sorted(data)}')
    for code, table in data["topic"].items():
        if not _CODE.fullmatch(code) or not isinstance(table, dict):
            raise TopicRulesError(f"{path}: {code!r} is not an 8-digit topic code with a table")
    return data["topic"]


def _check_keys(
    path: Path, code: str, table: dict[str, Any], *, required: set[str], allowed: set[str]
) -> None:
    """Require the given string keys of a topic table and reject unknown keys."""
    unknown = set(table) - required - allowed
    if unknown:
        raise TopicRulesError(f"{path}: topic {code!r}: unknown key(s) {sorted(unknown)}")
    for key in sorted(required | ({"label"} & set(table))):
        if not isinstance(table.get(key), str) or not table[key].strip():
            raise TopicRulesError(f"{path}: topic {code!r}: {key!r} must be a non-empty string")


def _read_terms(path: Path, code: str, table: Any) -> dict[str, float]:
    """Validated terms of one topic, keyed by their canonical spelling."""
    if not isinstance(table, dict):
        raise TopicRulesError(f"{path}: topic {code!r}: 'terms' must be a table")
    terms: dict[str, float] = {}
    for term, weight in table.items():
        where = f"{path}: topic {code!r}: term {term!r}"
        if isinstance(weight, bool) or not isinstance(weight, int | float):
            raise TopicRulesError(f"{where}: weight must be a number, got {weight!r}")
        if not math.isfinite(weight) or weight < 0:
            raise TopicRulesError(f"{where}: weight must be a finite number >= 0, got {weight!r}")
        try:
            key = _normalize_term(term)
        except ValueError as error:
            raise TopicRulesError(f"{where}: {error}") from None
        if key in terms:
            raise TopicRulesError(f"{where}: duplicate of another term spelled {key!r}")
        terms[key] = float(weight)
    return terms
