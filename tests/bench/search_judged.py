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
