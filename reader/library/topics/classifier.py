"""The topic classifier the library uses: the rules (`rules`), adjusted by what was learned
from the user's own choices (`learning`).

The rules' scores are the prior: each topic's share of the rules' evidence, plus `FLOOR` so that
a topic the rules did not name can still be reached. The model's shift for a topic multiplies
its odds by ``exp(shift)``; the results are normalised again. The topics reported are the best
of the rules' topics and those the model moved towards by at least `PUSH`, without those it
moved away from by `DROP` or more; up to three, a second or third only if its score reaches
`SECONDARY_RATIO` of the best. With an empty model, or a model that says nothing about an
article, the rules' own result is returned as it is. The user's manual choices are not the
classifier's concern: re-classifying keeps them (`reader.library.topics.methods`).

A `Classifier` pickles as its rules and its model, both small, for the import workers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reader.library.topics.learning import Shift, TopicModel
from reader.library.topics.rules import Topic, TopicRules, TopicScore

FLOOR = 0.05
PUSH = 0.5
DROP = 1.5
SECONDARY_RATIO = 0.35
MAX_TOPICS = 3


@dataclass(frozen=True, slots=True)
class TopicReason:
    """Why an article is (or nearly is) under one topic: the rule terms that scored with their
    contributions, and the model's shift with the words behind it."""

    code: str
    label: str
    score: float  # the classifier's, 0 if the topic is not among those it gives
    terms: tuple[tuple[str, float], ...]
    learned: float
    words: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why an article got its topics: a reason per topic that scored, best first."""

    reasons: tuple[TopicReason, ...]
    examples: int  # how many of the user's choices the model learned from

    def lines(self, terms: int = 8, words: int = 5) -> list[str]:
        """The explanation as plain text, a few lines per topic."""
        if not self.reasons:
            return ["No rule term matched and nothing learned applies: no topics."]
        out = []
        for reason in self.reasons:
            given = f"{reason.score:.0%}" if reason.score else "not given"
            out.append(f"{reason.label} ({given})")
            if reason.terms:
                shown = ", ".join(f"'{t}' {v:+.1f}" for t, v in reason.terms[:terms])
                more = len(reason.terms) - terms
                out.append(f"  rules: {shown}" + (f" and {more} more" if more > 0 else ""))
            if reason.learned:
                shown = ", ".join(f"'{w}' {v:+.1f}" for w, v in reason.words[:words])
                out.append(
                    f"  learned from your {self.examples} choice{'s' * (self.examples != 1)}: "
                    f"{shown} -> {reason.label} ({reason.learned:+.1f})"
                )
        return out


class Classifier:
    """`TopicRules` with a `TopicModel` on top: the same `classify` and `topics`."""

    def __init__(self, rules: TopicRules, model: TopicModel | None = None) -> None:
        self.rules = rules
        self.model = model if model is not None else TopicModel()
        self.topics: tuple[Topic, ...] = rules.topics

    def __reduce__(self) -> tuple[type[Classifier], tuple[object, ...]]:
        return (Classifier, (self.rules, self.model))

    def find(self, code_or_name: str) -> Topic | None:
        """A topic by code, name or label: `TopicRules.find`."""
        return self.rules.find(code_or_name)

    def classify(self, title: str, text: str) -> list[TopicScore]:
        """Up to three topics for an article, best first; [] if nothing points to any."""
        found = self.rules.classify(title, text)
        if not self.model:
            return found
        shifts = self.model.shifts(title, text)
        return combine(found, shifts) if shifts else found

    def explain(self, title: str, text: str) -> Explanation:
        """What the rules matched and what the model learned, per topic."""
        found = self.rules.classify(title, text)
        shifts = self.model.shifts(title, text) if self.model else {}
        scores = {s.code: s.score for s in (combine(found, shifts) if shifts else found)}
        terms = self.rules.explain(title, text)
        codes = sorted(
            terms.keys() | shifts.keys(),
            key=lambda c: (-scores.get(c, 0.0), -sum(v for _, v in terms.get(c, ())), c),
        )
        reasons = []
        for code in codes:
            shift = shifts.get(code)
            reasons.append(TopicReason(
                code, self.rules.topic(code).label, scores.get(code, 0.0),
                tuple(terms.get(code, ())), shift.shift if shift else 0.0,
                shift.words if shift else (),
            ))  # fmt: skip
        return Explanation(tuple(reasons), self.model.examples)


def combine(found: list[TopicScore], shifts: dict[str, Shift]) -> list[TopicScore]:
    """The rules' topics `found` moved by the model's `shifts` (see the module's docstring)."""
    prior = {s.code: s.score for s in found}
    candidates = {c for c in prior if shifts.get(c) is None or shifts[c].shift > -DROP}
    candidates |= {c for c, s in shifts.items() if s.shift >= PUSH}
    if not candidates:
        return []
    codes = prior.keys() | shifts.keys()
    odds = {
        c: (prior.get(c, 0.0) + FLOOR) * math.exp(shifts[c].shift if c in shifts else 0.0)
        for c in codes
    }
    total = sum(odds.values())
    ranked = sorted(candidates, key=lambda c: (-odds[c], c))
    best = odds[ranked[0]]
    chosen = [ranked[0], *(c for c in ranked[1:MAX_TOPICS] if odds[c] >= SECONDARY_RATIO * best)]
    return [TopicScore(c, odds[c] / total) for c in chosen]
