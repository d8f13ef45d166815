"""Matching the articles of a changed file to the ones imported from it before.

A file that changed is not imported afresh: each new draft is paired with the article it
replaces, which is then updated in place (same id and uri, so bookmarks, reading state and
annotations stay attached) and its annotations re-anchored. Pairing, in order:

1. an article whose content is unchanged is paired with the identical draft (only its
   position in the file may be updated);
2. a file that held one article and still holds one pairs them, however much it changed
   (the one-article formats: text, Markdown, HTML);
3. otherwise each remaining draft, in file order, takes the remaining old article whose words
   are most alike (Jaccard similarity of their word sets >= `MIN_SIMILARITY`), preferring the
   same position on a tie.

Drafts left unpaired are new articles. Old articles left unpaired have disappeared from the
file: they are kept (never deleted: they may hold annotations or bookmarks) and reported.

Step 3 compares every remaining draft with every remaining article; when that would be more
than `MAX_COMPARISONS` (a seed file of 50,000 articles that changed), each draft is compared
only with the articles within `WINDOW` positions of its own, so the pairing stays linear.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.library.ingest.draft import Draft
from reader.library.store.models import database

MIN_SIMILARITY = 0.5
MAX_COMPARISONS = 1_000_000
WINDOW = 50


@dataclass(slots=True)
class OldArticle:
    id: int
    content_hash: str
    index: int
    body: str


@dataclass(slots=True)
class Plan:
    """Which drafts update which articles (`pairs`), which are new, which articles stay."""

    same: list[tuple[int, Draft]] = field(default_factory=list)
    pairs: list[tuple[int, Draft]] = field(default_factory=list)
    new: list[Draft] = field(default_factory=list)
    kept: list[int] = field(default_factory=list)


def old_articles(source_id: int) -> list[OldArticle]:
    sql = ("SELECT id, content_hash, source_index, body FROM article WHERE source_file_id = ? "
           "ORDER BY source_index, id")  # fmt: skip
    return [OldArticle(*row) for row in database.execute_sql(sql, (source_id,))]


def plan(old: list[OldArticle], drafts: list[Draft]) -> Plan:
    """Pair drafts with the old articles of the same file (see the module docstring)."""
    result = Plan()
    by_hash = {a.content_hash: a for a in old}
    rest_old = {a.id: a for a in old}  # in order; removal in constant time
    rest_new: list[Draft] = []
    for draft in drafts:
        match = by_hash.pop(draft.content_hash, None)
        if match is not None:
            result.same.append((match.id, draft))
            rest_old.pop(match.id, None)
        else:
            rest_new.append(draft)
    if len(old) == 1 and len(drafts) == 1 and rest_old and rest_new:
        result.pairs.append((next(iter(rest_old)), rest_new[0]))
        return result
    words = {a.id: set(a.body.lower().split()) for a in rest_old.values()}
    near = len(rest_old) * len(rest_new) > MAX_COMPARISONS
    by_index: dict[int, list[OldArticle]] = {}
    for article in rest_old.values():
        by_index.setdefault(article.index, []).append(article)
    for draft in rest_new:
        mine = set(draft.body.lower().split())
        best, best_key = None, (MIN_SIMILARITY, 0)
        if near:
            span = range(draft.index - WINDOW, draft.index + WINDOW + 1)
            candidates = [a for i in span for a in by_index.get(i, ()) if a.id in rest_old]
            candidates.sort(key=lambda a: (a.index, a.id))
        else:
            candidates = list(rest_old.values())
        for article in candidates:
            theirs = words[article.id]
            score = len(mine & theirs) / (len(mine | theirs) or 1)
            key = (score, 1 if article.index == draft.index else 0)
            if key >= best_key:
                best, best_key = article, key
        if best is None:
            result.new.append(draft)
        else:
            result.pairs.append((best.id, draft))
            del rest_old[best.id]
    result.kept = list(rest_old)
    return result
