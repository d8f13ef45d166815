"""What the topics learn from the user: a small naive Bayes model over the user's own choices.

Every topic the user puts an article under or takes it out of by hand is a labelled example
(table `topic_example`). Per topic the model keeps two word lists, learned by one-vs-rest
multinomial naive Bayes with add-one smoothing:

- *put on*: the articles the user filed under the topic, against the rest: the user's other
  examples (counted `EXAMPLE_WEIGHT` times) and the sample of the library's recent articles
  (the background) that are not under the topic;
- *taken off*: the articles the user took the topic away from, against those the user put it
  on and the background articles still under it (all of them while fewer than `MIN_EXAMPLES`
  are): what sets the stories the user does not want there apart from those that stay.

A word's weight is its log likelihood ratio, ``log P(w | side) - log P(w | rest)``; each list
keeps the `FEATURES` words that occur in at least two of the side's examples with the largest
ratio times the number of examples they occur in, and a quarter as many that the rest use
clearly more (a ratio below -1), which speak against it. Words are those of the title (counted
`TITLE_WEIGHT` times, like the rules) and the text: runs of three or more letters, lower-cased,
regular plurals folded, common function words left out; each word's count is damped to
``1 + ln n`` like the rules' terms.

Applying it to an article gives per topic a *shift* of its log odds: the learned evidence of
each side, squashed by ``tanh(evidence / SCALE)`` so that no article moves further than
`MAX_SHIFT`, scaled by the confidence ``n / (n + CONFIDENCE)`` of the side's `n` examples, put
on minus taken off; a side whose words on balance speak against it moves nothing. A side with
fewer than `MIN_EXAMPLES` examples moves nothing, so a library
without choices is classified by the rules alone. How the shift and the rules' scores combine is
`reader.library.topics.classifier`'s business; the model knows nothing of the rules.

It pickles as its word lists (at most some 500 words per topic), so that import workers get it
cheaply, and it is immutable: training builds a new one.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

TITLE_WEIGHT = 3
MIN_EXAMPLES = 3
MAX_SHIFT = 4.0
CONFIDENCE = 3.0
SCALE = 8.0
FEATURES = 200
EXAMPLE_WEIGHT = 3.0
MIN_SHIFT = 0.05  # smaller shifts are left out of the results

_WORD = re.compile(r"[^\W\d_]{3,}")
_FUNCTION_WORDS = """the and for that with was were are has have had not but from this his her
    its they
    their them she him who whom which what when where why how all any can could would should
    will shall may might must been being also than then there here these those into onto over
    under about after before again more most some such only own same very just our ours your
    yours you out off one two three said says say mr mrs ms per via yet too each other both
    few nor now new like did does done get got make made many much well way year years
    week weeks day days time told last first"""
_STOPWORDS = frozenset(_FUNCTION_WORDS.split())

Table = dict[str, float]  # word -> weight
TopicTables = tuple[int, int, Table, Table]  # put-on examples, taken-off examples, their words


@dataclass(frozen=True, slots=True)
class Shift:
    """What the model does to one topic of an article: `shift` in log odds (positive: towards
    it) and the words that moved it, each with its part of the shift, largest first."""

    code: str
    shift: float
    words: tuple[tuple[str, float], ...]


_folded: dict[str, str] = {}


def _fold(word: str) -> str:
    """A regular plural as its singular: policies -> policy, ministers -> minister."""
    found = _folded.get(word)
    if found is None:
        found = word
        if len(word) > 4 and word.endswith("ies"):
            found = word[:-3] + "y"
        elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            found = word[:-1]
        if len(_folded) < 200_000:
            _folded[word] = found
    return found


def words(title: str, text: str) -> dict[str, float]:
    """The damped counts of an article's words, its title's counted `TITLE_WEIGHT` times."""
    counts: Counter[str] = Counter()
    for part, repeat in ((title, TITLE_WEIGHT), (text, 1)):
        for word in _WORD.findall(part.lower()):
            if word not in _STOPWORDS:
                counts[_fold(word)] += repeat
    return {word: 1.0 + math.log(n) for word, n in counts.items()}


class TopicModel:
    """The learned word lists per topic code; empty (`TopicModel()`) moves nothing."""

    def __init__(self, examples: int = 0, tables: Mapping[str, TopicTables] | None = None) -> None:
        self.examples = examples  # how many choices it learned from
        self._tables = dict(tables or {})
        self._index: dict[str, list[tuple[str, int, float]]] = {}  # word -> (code, side, weight)
        self._confidence: dict[tuple[str, int], float] = {}
        self._forms: dict[str, str] = {}  # each way a learned word is written -> the word
        for code, (put_on, taken_off, on_words, off_words) in self._tables.items():
            for side, n, table in ((1, put_on, on_words), (-1, taken_off, off_words)):
                if n >= MIN_EXAMPLES and table:
                    self._confidence[(code, side)] = n / (n + CONFIDENCE)
                    for word, weight in table.items():
                        self._index.setdefault(word, []).append((code, side, weight))
        for word in self._index:
            for form in (word, word + "s", word[:-1] + "ies" if word.endswith("y") else word):
                if form not in _STOPWORDS and _fold(form) == word:
                    self._forms[form] = word

    def __reduce__(self) -> tuple[type[TopicModel], tuple[object, ...]]:
        return (TopicModel, (self.examples, self._tables))

    def __bool__(self) -> bool:
        """Whether applying it can move anything."""
        return bool(self._index)

    def counts(self) -> dict[str, tuple[int, int]]:
        """Per topic code, its examples put on and taken off."""
        return {code: (t[0], t[1]) for code, t in self._tables.items()}

    def shifts(self, title: str, text: str) -> dict[str, Shift]:
        """The topics this article is moved towards or away from, by code."""
        if not self._index:
            return {}
        index, forms = self._index, self._forms
        written = Counter(_WORD.findall(text.lower()))
        for word in _WORD.findall(title.lower()):
            written[word] += TITLE_WEIGHT
        counts: Counter[str] = Counter()
        for form in written.keys() & forms.keys():  # only the learned words, as written
            counts[forms[form]] += written[form]
        evidence: dict[tuple[str, int], list[tuple[str, float]]] = {}
        for word, n in counts.items():
            count = 1.0 + math.log(n)
            for code, side, weight in index[word]:
                evidence.setdefault((code, side), []).append((word, count * weight))
        parts: dict[str, list[tuple[str, float]]] = {}
        totals: dict[str, float] = {}
        for (code, side), found in evidence.items():
            total = sum(value for _, value in found)
            if total <= 0:
                continue  # the side's words speak against it: no move either way
            moved = side * MAX_SHIFT * math.tanh(total / SCALE) * self._confidence[(code, side)]
            totals[code] = totals.get(code, 0.0) + moved
            parts.setdefault(code, []).extend(
                (word, moved * value / total) for word, value in found if value > 0
            )
        result = {}
        for code, moved in totals.items():
            if abs(moved) >= MIN_SHIFT:
                merged: dict[str, float] = {}
                for word, value in parts[code]:
                    merged[word] = merged.get(word, 0.0) + value
                ranked = sorted(merged.items(), key=lambda p: (-abs(p[1]), p[0]))
                result[code] = Shift(code, moved, tuple(ranked))
        return result


def train(
    documents: Mapping[int, tuple[str, str]],
    choices: Iterable[tuple[int, str, bool]],
    background: Iterable[tuple[str, str, Collection[str]]] = (),
) -> TopicModel:
    """A model from the user's `choices` (article id, topic code, put on or taken off) of the
    `documents` (id -> title, text), contrasted with the `background` articles (title, text,
    the topic codes they have now)."""
    counted = {key: words(title, text) for key, (title, text) in documents.items()}
    sides: dict[tuple[str, int], set[int]] = {}
    n = 0
    for key, code, chosen in choices:
        if key in counted:
            sides.setdefault((code, 1 if chosen else -1), set()).add(key)
            n += 1
    common: dict[str, float] = {}
    under: dict[str, dict[str, float]] = {}  # per topic, the words of its background articles
    size: Counter[str] = Counter()
    for title, text, codes in background:
        found = words(title, text)
        _add(common, found)
        for code in codes:
            _add(under.setdefault(code, {}), found)
            size[code] += 1
    tables: dict[str, TopicTables] = {}
    for code in sorted({code for code, _ in sides}):
        on, off = sides.get((code, 1), set()), sides.get((code, -1), set())
        with_it = under.get(code, {})
        # put on: against the other examples and the articles not under the topic
        others = [k for keys in sides.values() for k in keys if k not in on]
        without = {w: v - with_it.get(w, 0.0) for w, v in common.items()}
        # taken off: against the articles it was put on and those still under it
        kept = with_it if size[code] >= MIN_EXAMPLES else common
        tables[code] = (
            len(on), len(off),
            _side(on, counted, set(others), without), _side(off, counted, on, kept),
        )  # fmt: skip
    return TopicModel(n, tables)


def _side(
    keys: set[int], counted: Mapping[int, dict[str, float]], against: set[int],
    common: Mapping[str, float],
) -> Table:  # fmt: skip
    """The words of one side of a topic against the `against` examples (counted
    `EXAMPLE_WEIGHT` times) and the `common` words: naive Bayes log likelihood ratios."""
    if len(keys) < MIN_EXAMPLES:
        return {}
    mine: dict[str, float] = {}
    seen: Counter[str] = Counter()  # in how many of the side's examples
    for key in keys:
        _add(mine, counted[key])
        seen.update(counted[key].keys())
    rest: dict[str, float] = {}
    for key in against - keys:
        for word, value in counted[key].items():
            rest[word] = rest.get(word, 0.0) + EXAMPLE_WEIGHT * value
    _add(rest, {w: v for w, v in common.items() if v > 1e-9})
    vocabulary = len(mine.keys() | rest.keys())
    mine_total = sum(mine.values()) + vocabulary
    rest_total = sum(rest.values()) + vocabulary
    mine_log, rest_log = math.log(mine_total), math.log(rest_total)

    def ratio(word: str) -> float:
        return (
            math.log(mine.get(word, 0.0) + 1) - mine_log
            - math.log(rest.get(word, 0.0) + 1) + rest_log
        )  # fmt: skip

    towards = sorted(
        ((ratio(w), w) for w, n in seen.items() if n >= 2),
        key=lambda p: (-p[0] * seen[p[1]], p[1]),
    )
    # a word speaks against the side only if the rest use it clearly more (ratio below -1)
    floor = math.e * rest_total / mine_total
    away = sorted(
        (r, w) for r, w in ((ratio(w), w) for w, v in rest.items() if v > floor) if r < -1.0
    )
    kept = [p for p in towards[:FEATURES] if p[0] > 0] + away[: FEATURES // 4]
    return {word: round(r, 3) for r, word in kept}


def _add(into: dict[str, float], counts: Mapping[str, float]) -> None:
    for word, value in counts.items():
        into[word] = into.get(word, 0.0) + value
