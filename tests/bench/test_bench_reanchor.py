"""Re-anchoring 1,000 annotations after an edit of their 10,000-word article (issue 15:
<= 0.3 s), with the compiled edit distance (rapidfuzz) and with the pure-Python one it
replaced, timed turn and turn about in the same run; and the anchoring alone (no database),
so that the share of the writes is seen.

Figures and ratios are printed (`pytest -m bench tests/bench/test_bench_reanchor.py -s`);
nothing is asserted about time, only that both give the same places.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from reader.library import Library
from reader.library.annotations.anchoring import PieceIndex, Selector, anchor, describe
from reader.library.annotations.records import reanchor_article
from reader.library.store.models import database
from tests.bench.test_bench_annotations import _article_text
from tests.unit.library.annotations.reference_matcher import pure_python

TURNS = 5


def _edited(body: str, rng: random.Random) -> str:
    """A new opening paragraph, and 150 words changed throughout."""
    words = body.split(" ")
    for index in rng.sample(range(len(words)), 150):
        words[index] = words[index].upper()
    return "A new opening paragraph added by the editors.\n" + " ".join(words)


def _turns(new: Callable[[], object], old: Callable[[], object]) -> tuple[float, float]:
    """Median seconds of each, run turn and turn about `TURNS` times (after one warm-up)."""
    times: dict[str, list[float]] = {"new": [], "old": []}
    new(), old()
    for _ in range(TURNS):
        for name, run in (("new", new), ("old", old)):
            started = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - started)
    return statistics.median(times["new"]), statistics.median(times["old"])


def _pure(run: Callable[[], object]) -> Callable[[], object]:
    def go() -> object:
        with pure_python():
            return run()

    return go


def test_reanchor_thousand_compiled_against_pure_python(tmp_path: Path) -> None:
    seed = tmp_path / "one.txt"
    seed.write_text(_article_text(5) + "\n", encoding="utf-8")
    library = Library.open(tmp_path / "lib.db", import_corpus=False)
    (article_id,) = library.import_paths([seed]).added_ids
    body = library.article(article_id).body  # type: ignore[union-attr]
    rng = random.Random(6)
    selectors: list[Selector] = []
    while len(selectors) < 1000:
        start = rng.randrange(0, len(body) - 200)
        if body[start : start + 60].strip():
            end = start + rng.randint(15, 120)
            library.add_highlight(article_id, start, end, "yellow")
            selectors.append(describe(body, start, end))
    edited = _edited(body, rng)

    def reanchor() -> tuple[int, int]:
        with database.atomic() as tx:
            found = reanchor_article(article_id, edited)
            tx.rollback()
        return found

    def anchor_all() -> list[tuple[int, int] | None]:
        index, shift, found = PieceIndex(edited), 0, []
        for selector in selectors:
            assert selector.start is not None
            place = anchor(edited, selector, selector.start + shift, index)
            shift = place[0] - selector.start if place is not None else shift
            found.append(place)
        return found

    assert anchor_all() == _pure(anchor_all)()
    placed, orphaned = reanchor()
    assert (placed, orphaned) == _pure(reanchor)()
    assert placed + orphaned == 1000
    new, old = _turns(reanchor, _pure(reanchor))
    alone_new, alone_old = _turns(anchor_all, _pure(anchor_all))
    print(f"\nre-anchor 1,000 annotations after an edit ({placed} placed, {orphaned} orphaned), "
          f"median of {TURNS} turns about: rapidfuzz {new * 1000:.0f} ms, pure Python "
          f"{old * 1000:.0f} ms (ratio {old / new:.2f}x; target 300 ms)\n"
          f"the anchoring alone, no database: rapidfuzz {alone_new * 1000:.0f} ms, pure Python "
          f"{alone_old * 1000:.0f} ms (ratio {alone_old / alone_new:.2f}x); the rest, "
          f"{(new - alone_new) * 1000:.0f} ms, is reading and writing the rows")  # fmt: skip
    library.close()
