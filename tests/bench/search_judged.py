"""Precision at 10 of `Library.search` on the judged queries of tests/data/search/judged.toml.

The bench imports the labelled articles of tests/data/topics/ (dev/ and heldout/) into its large
generated library; a result counts as relevant when its source file is listed for the query
(generated articles never are). `exact()` switches the top-k path off (every match ranked, as
before it existed), so the same run measures both.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reader.library import Library
from reader.library.search import topk

DATA = Path(__file__).resolve().parents[1] / "data"
JUDGED = DATA / "search" / "judged.toml"
ARTICLES = (DATA / "topics" / "dev", DATA / "topics" / "heldout")


@dataclass(frozen=True, slots=True)
class Judged:
    kind: str
    text: str
    relevant: frozenset[str]  # "dev/sport-001": folder and file name without ".txt"


def judged() -> list[Judged]:
    raw = tomllib.loads(JUDGED.read_text(encoding="utf-8"))
    return [Judged(q["class"], q["text"], frozenset(q["relevant"])) for q in raw["query"]]


def names_by_id(library: Library) -> dict[int, str]:
    """Judged-file name ("dev/sport-001") of each imported labelled article, by article id."""
    from reader.library.store.models import database

    rows = database.execute_sql(
        "SELECT id, source_path FROM article WHERE source_path LIKE '%/topics/%'"
    ).fetchall()
    return {aid: "/".join(Path(path).with_suffix("").parts[-2:]) for aid, path in rows}


def precision_at_10(library: Library, query: Judged, names: dict[int, str]) -> float:
    hits = [r for r in library.search(query.text, 10) if r.kind == "article"][:10]
    return sum(names.get(r.article_id) in query.relevant for r in hits) / 10


@contextmanager
def exact() -> Iterator[None]:
    """Rank every match (the plain `ORDER BY rank` query), as search did before top-k."""
    saved = topk.BROAD
    topk.BROAD = 1 << 62
    try:
        yield
    finally:
        topk.BROAD = saved


def judged_lines(library: Library) -> list[str]:
    """Import the labelled articles (once: a re-import adds nothing), then the mean precision
    at 10 of every judged query and of each class, with every match ranked and with top-k."""
    library.import_paths(list(ARTICLES))
    names = names_by_id(library)
    queries = judged()
    with exact():
        before = [precision_at_10(library, q, names) for q in queries]
    after = [precision_at_10(library, q, names) for q in queries]
    lines = [
        f"precision at 10 on {len(queries)} judged queries: every match ranked "
        f"{sum(before) / len(queries):.3f}, Reader's search {sum(after) / len(queries):.3f}"
    ]
    for kind in sorted({q.kind for q in queries}):
        picked = [i for i, q in enumerate(queries) if q.kind == kind]
        lines.append(
            f"  {kind}: {sum(before[i] for i in picked) / len(picked):.3f} -> "
            f"{sum(after[i] for i in picked) / len(picked):.3f} ({len(picked)} queries)"
        )
    worse = [q.text for q, b, a in zip(queries, before, after, strict=True) if a < b]
    lines.append(f"  worse with Reader's search: {', '.join(worse) if worse else 'none'}")
    return lines
