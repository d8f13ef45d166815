"""The topic model (the 17 top-level IPTC Media Topics) and a transparent rule-based classifier.

Rules come from a TOML file (``resources/topics.toml``; its header documents the format): per
topic code an IPTC ``name``, a display ``label``, weighted ``terms`` (words or phrases) and an
optional ``neutral`` list of its frame-neutral terms. A user overrides file of the same shape may
set ``label``, add, reweigh or (weight 0) remove terms and mark more terms neutral.

Text: ASCII letters are lower-cased (other letters are kept as written, for speed) and every other
ASCII character separates words, so "cease-fire" is "cease fire" and "minister's" is "minister"
plus a stray "s"; curly quotes, dashes and Latin-1 symbols separate words too. Terms are split the
same way. There is no stemming: a word term matches its own form and its regular plural or
third-person form (policy -> policies, tax -> taxes); a term ending in ``*`` matches every word
with that prefix ("vaccin*": vaccine, vaccinated). Per topic a word counts once, through its most
specific rule: exact form, then plural, then the longest prefix. A phrase matches its words
separated by single spaces (punctuation breaks it), its last word inflected like a word term; it
counts on top of its words, so a phrase weighs more than its words apart.

Scoring: each matched word form or phrase contributes ``weight * (1 + ln n)``, ``n`` being its
occurrences with a title occurrence counting ``TITLE_REPEAT`` times and one in the lead (the first
paragraph, up to the first blank line, at most ``LEAD_WORDS`` words) ``LEAD_REPEAT`` times, so
what the headline and the lead say counts most and repetition (and with it length) is damped.
A topic's evidence is the sum of its contributions. Frame damping: a topic's frame-neutral terms
say how a story is told rather than what it is about (crime's "court", "lawyer", "charged";
business's "company", "deal"; labour's "workers", "staff"), so when another topic's evidence
reaches ``FRAME_MINIMUM`` and exceeds this topic's evidence from its other terms, its neutral
terms count ``FRAME_DAMPING`` times: a politician's trial stays politics, a murder trial crime.
`TopicRules.explain` lists the terms as counted plus a negative ``FRAME_NOTE`` entry for the
evidence a damping took off. A topic's score is its share of the evidence of all topics, in
(0, 1] and not growing with length. The best topic is reported if any term matched; up to two
more follow if their evidence reaches ``SECONDARY_RATIO`` of the best and ``SECONDARY_MINIMUM``.
Empty text, or text without any matching term, gives no topics.

Speed: rules are compiled once; classifying counts words with a Counter, matches them by set
intersection with a cache of resolved words, and searches the text for a phrase only when its
first and last words occur.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.library.errors import LibraryError
from reader.library.store.files import config_dir, read_toml, resource

TITLE_REPEAT = 3
LEAD_REPEAT = 2
LEAD_WORDS = 80
FRAME_DAMPING = 0.4
FRAME_MINIMUM = 6.0
FRAME_NOTE = "(frame-neutral terms damped)"
SECONDARY_RATIO = 0.35
SECONDARY_MINIMUM = 3.0
MAX_TOPICS = 3
CACHE_LIMIT = 200_000

_CODE = re.compile(r"\d{8}")
_SEPARATORS = bytes(c for c in range(128) if not chr(c).isalnum())
_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_TABLE = bytes.maketrans(_SEPARATORS + _UPPER, b" " * len(_SEPARATORS) + _UPPER.lower())
_GENERAL_PUNCTUATION = re.compile(rb"\xe2\x80[\x80-\xbf]")  # U+2000-203F: quotes, dashes, spaces
_LATIN1_SYMBOLS = re.compile(rb"\xc2[\xa0-\xbf]")  # U+00A0-00BF: no-break space, « », ·, £, °

Rule = tuple[int, float, str]  # topic index, weight, term as written
Entry = tuple[int, float, int]  # topic index, weight, rule number
Phrase = tuple[tuple[bytes, ...], bytes, tuple[Entry, ...]]  # middle words, needle, entries
PhraseIndex = dict[bytes, list[Phrase]]  # last word form -> phrases, for one first word
_DAMP = [0.0, *(1.0 + math.log(n) for n in range(1, 64))]  # 1 + ln n, precomputed


@dataclass(frozen=True, slots=True)
class Topic:
    """One IPTC Media Topic: its 8-digit code, official name and short display label."""

    code: str
    name: str
    label: str


@dataclass(frozen=True, slots=True)
class TopicScore:
    """A topic of a text; ``score`` is its share of the evidence for all topics, in (0, 1]."""

    code: str
    score: float


class TopicRulesError(ValueError):
    """A topics file is unreadable or invalid; the message names the file and the problem."""


def _normalize(text: str) -> bytes:
    """``text`` as lower-cased UTF-8 with every separator a space, padded with spaces."""
    data = text.encode()
    if not text.isascii():
        data = _LATIN1_SYMBOLS.sub(b" ", _GENERAL_PUNCTUATION.sub(b" ", data))
    return b" " + data.translate(_TABLE) + b" "


def _lead(text: str, body: bytes) -> bytes:
    """The normalised lead: the text's first paragraph (up to its first blank line, else its
    first line), at most `LEAD_WORDS` words; empty when the text is that one paragraph."""
    stripped = text.lstrip()
    end = stripped.find("\n\n")
    if end < 0:
        end = stripped.find("\n")
    if end < 0:
        return b" "
    words = _normalize(stripped[:end]).split()[:LEAD_WORDS]
    return b" " + b" ".join(words) + b" " if words else b" "


def _key(term: str) -> str:
    """A term's canonical spelling: its words as matched, joined by spaces, ``*`` kept."""
    try:
        words, prefix = _parse_term(term)
    except ValueError:
        return term
    return b" ".join(words).decode() + ("*" if prefix else "")


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
    """A term's words and whether it is a prefix; ValueError if malformed."""
    prefix = term.endswith("*")
    body = term[:-1] if prefix else term
    words = tuple(_normalize(body.lower()).split())
    if not words or "*" in body or (prefix and len(words) > 1):
        raise ValueError("needs words, and '*' only at the end of a single word")
    if prefix and len(words[0]) < 3:
        raise ValueError("a prefix needs at least 3 letters before '*'")
    return words, prefix


class TopicRules:
    """Compiled topic rules: the topics in code order plus the weighted terms of each."""

    def __init__(
        self,
        topics: Sequence[Topic],
        terms: Mapping[str, Mapping[str, float]],
        neutral: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        neutral_terms = {code: sorted(set(names)) for code, names in (neutral or {}).items()}
        self._source = (
            tuple(topics),
            {code: dict(weights) for code, weights in terms.items()},
            neutral_terms,
        )
        self.topics: tuple[Topic, ...] = tuple(sorted(topics, key=lambda t: t.code))
        self._by_code = {t.code: t for t in self.topics}
        self._rules: list[Rule] = []
        self._exact: dict[bytes, dict[int, tuple[int, int]]] = {}  # form -> topic -> rank, rule
        self._prefixes: dict[bytes, dict[int, int]] = {}  # prefix -> topic -> rule
        phrases: dict[tuple[bytes, ...], list[Entry]] = {}
        self._neutral: set[int] = set()  # rule numbers of frame-neutral terms
        for index, topic in enumerate(self.topics):
            names = {_key(name) for name in neutral_terms.get(topic.code, ())}
            for term, weight in terms.get(topic.code, {}).items():
                if weight > 0:
                    if _key(term) in names:
                        self._neutral.add(len(self._rules))
                    self._add_rule((index, float(weight), term), phrases)
        self._prefix_lengths = sorted({len(p) for p in self._prefixes}, reverse=True)
        self._phrases: dict[bytes, PhraseIndex] = {}  # first word -> last word form -> phrases
        for words, entries in phrases.items():
            by_last = self._phrases.setdefault(words[0], {})
            for form in (words[-1], *_plurals(words[-1])):
                needle = b" " + b" ".join((*words[:-1], form)) + b" "
                by_last.setdefault(form, []).append((words[1:-1], needle, tuple(entries)))
        self._seen: set[bytes] = set()  # words resolved so far, matching or not
        self._hits: dict[bytes, tuple[Entry, ...]] = {}  # those that match rules

    def __reduce__(self) -> tuple[type[TopicRules], tuple[object, ...]]:
        """Pickle the rules as written, not the compiled tables and the word cache: a
        worker process gets them in a few kilobytes and compiles them itself."""
        return (TopicRules, self._source)

    def _add_rule(self, rule: Rule, phrases: dict[tuple[bytes, ...], list[Entry]]) -> None:
        words, prefix = _parse_term(rule[2])
        index, number = rule[0], len(self._rules)
        self._rules.append(rule)
        if len(words) > 1:
            phrases.setdefault(words, []).append((index, rule[1], number))
        elif prefix:
            self._prefixes.setdefault(words[0], {})[index] = number
        else:
            for rank, form in [(2, words[0]), *((1, p) for p in _plurals(words[0]))]:
                known = self._exact.setdefault(form, {})
                if known.get(index, (0, 0))[0] < rank:
                    known[index] = (rank, number)

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
            t for t in self.topics for n in (t.name, t.label) if n.casefold().startswith(query)
        }
        return found.pop() if len(found) == 1 else None

    def classify(self, title: str, text: str) -> list[TopicScore]:
        """Up to three topics for an article, best first; [] if no term matched."""
        raw, damping = self._contributions(title, text)
        evidence = [0.0] * len(self.topics)
        for number, value in raw.items():
            evidence[self._rules[number][0]] += value
        for index, value in damping.items():
            evidence[index] -= value
        total = sum(evidence)
        if not total:
            return []
        ranked = sorted(range(len(evidence)), key=evidence.__getitem__, reverse=True)
        floor = max(evidence[ranked[0]] * SECONDARY_RATIO, SECONDARY_MINIMUM)
        chosen = [ranked[0], *(i for i in ranked[1:MAX_TOPICS] if evidence[i] >= floor)]
        return [TopicScore(self.topics[i].code, evidence[i] / total) for i in chosen]

    def explain(self, title: str, text: str) -> dict[str, list[tuple[str, float]]]:
        """Per topic code, the matched terms and their contributions, largest first.

        Contributions count the title and lead repeats. A topic whose frame-neutral terms were
        damped also gets a negative `FRAME_NOTE` entry, the evidence taken off, so that per
        topic the entries sum to the evidence `classify` compares."""
        raw, damping = self._contributions(title, text)
        found: dict[str, list[tuple[str, float]]] = {}
        for number, value in raw.items():
            index, _, term = self._rules[number]
            found.setdefault(self.topics[index].code, []).append((term, value))
        for index, value in damping.items():
            found[self.topics[index].code].append((FRAME_NOTE, -value))
        return {code: sorted(terms, key=lambda t: (-t[1], t[0])) for code, terms in found.items()}

    def _contributions(self, title: str, text: str) -> tuple[dict[int, float], dict[int, float]]:
        """Per matched rule number its contribution, and per topic index the evidence its
        frame damping takes off (see the module docstring)."""
        raw: dict[int, float] = {}
        for entries, count in self._matches(title, text):
            damp = _DAMP[count] if count < len(_DAMP) else 1.0 + math.log(count)
            for _, weight, number in entries:
                raw[number] = raw.get(number, 0.0) + weight * damp
        neutral = self._neutral
        if not neutral or not raw:
            return raw, {}
        size, rules = len(self.topics), self._rules
        evidence, framed = [0.0] * size, [0.0] * size
        for number, value in raw.items():
            index = rules[number][0]
            evidence[index] += value
            if number not in neutral:
                framed[index] += value
        first, second = sorted(range(size), key=evidence.__getitem__, reverse=True)[:2]
        damping: dict[int, float] = {}
        for index in range(size):
            procedural = evidence[index] - framed[index]
            if procedural > 0:
                other = evidence[second if first == index else first]
                if other >= FRAME_MINIMUM and other > framed[index]:
                    damping[index] = procedural * (1.0 - FRAME_DAMPING)
        return raw, damping

    def _matches(self, title: str, text: str) -> list[tuple[tuple[Entry, ...], int]]:
        """The rule entries of each matched word form and phrase, with its occurrences."""
        title_data, body_data = _normalize(title), _normalize(text)
        lead_data = _lead(text, body_data)
        counts = Counter(
            title_data.split() * TITLE_REPEAT
            + lead_data.split() * (LEAD_REPEAT - 1)
            + body_data.split()
        )
        words, seen, hits = counts.keys(), self._seen, self._hits
        if not seen.issuperset(words):
            self._learn(words - seen, seen, hits)
        found = [(hits[word], counts[word]) for word in words & hits.keys()]
        starts = [(word, self._phrases[word]) for word in words & self._phrases.keys()]
        if starts:
            found += _phrase_matches(starts, counts, title_data, lead_data, body_data)
        return found

    def _learn(
        self, words: Iterable[bytes], seen: set[bytes], hits: dict[bytes, tuple[Entry, ...]]
    ) -> None:
        """Resolve words not seen before into the cache, which starts afresh when too big."""
        if len(seen) > CACHE_LIMIT:
            self._seen, self._hits = set(), {}
        for word in words:
            seen.add(word)
            entries = self._resolve(word)
            if entries:
                hits[word] = entries

    def _resolve(self, word: bytes) -> tuple[Entry, ...]:
        """Per topic, the most specific rule matching ``word``: exact, plural, longest prefix."""
        best = {index: number for index, (_, number) in self._exact.get(word, {}).items()}
        for length in self._prefix_lengths:
            if length <= len(word):
                for index, number in self._prefixes.get(word[:length], {}).items():
                    best.setdefault(index, number)
        return tuple((index, self._rules[number][1], number) for index, number in best.items())


def _phrase_matches(
    starts: list[tuple[bytes, PhraseIndex]],
    counts: Counter[bytes],
    title: bytes,
    lead: bytes,
    body: bytes,
) -> list[tuple[tuple[Entry, ...], int]]:
    """The phrases that occur in the normalised title, lead or body, with their occurrences."""
    found: list[tuple[tuple[Entry, ...], int]] = []
    for first, by_last in starts:
        for last in by_last.keys() & counts.keys():
            once = counts[first] == 1 or counts[last] == 1  # then once, in the body past the lead
            for rest, needle, entries in by_last[last]:
                if rest and not all(word in counts for word in rest):
                    continue
                if once:
                    count = int(needle in body)
                else:
                    count = (
                        title.count(needle) * TITLE_REPEAT
                        + lead.count(needle) * (LEAD_REPEAT - 1)
                        + body.count(needle)
                    )
                if count:
                    found.append((entries, count))
    return found


def load_rules(path: Path, overrides: Path | None = None) -> TopicRules:
    """Load and validate the topics file and an optional user overrides file."""
    topics: dict[str, Topic] = {}
    terms: dict[str, dict[str, tuple[str, float]]] = {}
    neutral: dict[str, set[str]] = {}
    for code, table in _read_topics(path).items():
        _check_keys(path, code, table, required={"name", "label"}, allowed={"terms", "neutral"})
        topics[code] = Topic(code, table["name"], table["label"])
        terms[code] = _read_terms(path, code, table.get("terms", {}))
        neutral[code] = _read_neutral(path, code, table.get("neutral", []), terms[code])
    if overrides is not None:
        for code, table in _read_topics(overrides).items():
            if code not in topics:
                raise TopicRulesError(f"{overrides}: unknown topic code {code!r}")
            allowed = {"label", "terms", "neutral"}
            _check_keys(overrides, code, table, required=set(), allowed=allowed)
            if "label" in table:
                topics[code] = Topic(code, topics[code].name, table["label"])
            terms[code].update(_read_terms(overrides, code, table.get("terms", {})))
            neutral[code] |= _read_neutral(overrides, code, table.get("neutral", []), terms[code])
    weights = {code: dict(spelled.values()) for code, spelled in terms.items()}
    names = {code: [terms[code][key][0] for key in sorted(keys)] for code, keys in neutral.items()}
    return TopicRules(list(topics.values()), weights, {c: n for c, n in names.items() if n})


def _read_neutral(
    path: Path, code: str, names: Any, terms: dict[str, tuple[str, float]]
) -> set[str]:
    """The canonical spellings of a topic's frame-neutral terms, each one of its terms."""
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise TopicRulesError(f"{path}: topic {code!r}: 'neutral' must be a list of terms")
    keys = {_key(name) for name in names}
    unknown = sorted(name for name in names if _key(name) not in terms)
    if unknown:
        raise TopicRulesError(f"{path}: topic {code!r}: neutral term(s) {unknown} not in its terms")
    return keys


def _read_topics(path: Path) -> dict[str, Any]:
    """The ``[topic."CODE"]`` tables of a TOML file, checked for shape."""
    data = read_toml(path, "the topics file", TopicRulesError)
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


def _read_terms(path: Path, code: str, table: Any) -> dict[str, tuple[str, float]]:
    """Validated terms of one topic: canonical spelling -> (spelling as written, weight)."""
    if not isinstance(table, dict):
        raise TopicRulesError(f"{path}: topic {code!r}: 'terms' must be a table")
    terms: dict[str, tuple[str, float]] = {}
    for term, weight in table.items():
        where = f"{path}: topic {code!r}: term {term!r}"
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not weight >= 0:
            raise TopicRulesError(f"{where}: weight must be a number >= 0, got {weight!r}")
        if not math.isfinite(weight):
            raise TopicRulesError(f"{where}: weight must be a finite number, got {weight!r}")
        try:
            _parse_term(term)
        except ValueError as error:
            raise TopicRulesError(f"{where}: {error}") from None
        key = _key(term)
        if key in terms:
            raise TopicRulesError(f"{where}: same words as {terms[key][0]!r}")
        terms[key] = (term.strip().lower(), float(weight))
    return terms


def load_topic_rules() -> tuple[TopicRules, list[str]]:
    """The bundled rules, extended or overridden by the user's `topics.toml` if present.

    A broken user file never stops Reader: its message comes back as a warning and the
    bundled rules are used alone. A broken bundled file is an installation error.
    """
    bundled = resource("topics.toml")
    user = config_dir() / "topics.toml"
    try:
        base = load_rules(bundled)
    except TopicRulesError as exc:
        raise LibraryError(f"Reader's own topic rules are broken: {exc}") from exc
    if not user.is_file():
        return base, []
    try:
        return load_rules(bundled, user), []
    except TopicRulesError as exc:
        return base, [f"{exc}; your topic rules were not applied"]
