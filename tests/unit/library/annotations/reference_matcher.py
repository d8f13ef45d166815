"""The pure-Python edit distance that anchoring used before rapidfuzz, kept as the reference
the compiled one is compared with (test_compiled_matcher.py, the re-anchor benchmark), and a
way to run anchoring and orphan candidates on it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from reader.library.annotations import anchoring, candidates


def reference_levenshtein(a: str, b: str) -> int:
    """The edit distance of two (short) strings: the textbook dynamic programme."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@contextmanager
def pure_python() -> Iterator[None]:
    """Anchoring and orphan candidates as they were: scored with the reference distance."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(anchoring, "levenshtein", reference_levenshtein)
        patch.setattr(candidates, "levenshtein", reference_levenshtein)
        yield
