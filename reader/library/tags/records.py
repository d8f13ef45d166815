"""Reading and writing tags: links between tags and articles or annotations, the list of
tags with counts, renaming and merging, and a snapshot that undoes a rename or a merge.

Every function here runs inside the caller's transaction (`methods` opens one per write).
The `tag` table keeps two rules: every tag above a tag exists (`work` beside
`work/project-x`), so the sidebar can nest them; and a tag that neither it nor any tag inside
it is on anything is dropped (`prune`), so a list of tags never fills with empty ones.
A tag holds what is tagged with it and with every tag inside it: `work` counts and shows the
articles of `work/project-x` too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from reader.library.store.models import database
from reader.library.tags.names import (
    SEPARATOR,
    TagError,
    clean_tag,
    clean_tags,
    fold,
    parent_names,
    shown,
    under,
)

Kind = Literal["article", "annotation"]
CHUNK = 500  # ids per IN list
_LINKS: dict[Kind, tuple[str, str]] = {
    "article": ("article_tag", "article_id"),
    "annotation": ("annotation_tag", "annotation_id"),
}
# A tag `t` and every tag inside it, as a condition on `s` (parameters: name, length + 1, name/).
INSIDE = "(s.name = ? OR substr(s.name, 1, ?) = ? COLLATE NOCASE)"


@dataclass(frozen=True, slots=True)
class TagInfo:
    """A tag as the sidebar and `reader tags` show it: its name, and how many articles and
    annotations it and the tags inside it are on (each counted once)."""

    name: str
    articles: int
    annotations: int

    @property
    def depth(self) -> int:
        """0 for a top-level tag, 1 for `work/project-x`…"""
        return self.name.count(SEPARATOR)

    @property
    def leaf(self) -> str:
        """The last part of the name (`project-x`)."""
        return self.name.rsplit(SEPARATOR, 1)[-1]


@dataclass(frozen=True, slots=True)
class TagSnapshot:
    """Tags as they were before a rename or merge, for undoing it: each tag's name with the
    articles and annotations it was on, and every name the change touched (`names`: those
    it took away and those it made), so that restoring clears them first."""

    tags: tuple[tuple[str, tuple[int, ...], tuple[int, ...]], ...]
    names: tuple[str, ...]

    @property
    def articles(self) -> frozenset[int]:
        return frozenset(a for _, ids, _ in self.tags for a in ids)

    @property
    def annotations(self) -> frozenset[int]:
        return frozenset(a for _, _, ids in self.tags for a in ids)


def inside_params(name: str) -> list[object]:
    """The parameters of `INSIDE` for tag `name`."""
    return [name, len(name) + 1, name + SEPARATOR]


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def _ids(names: Iterable[str]) -> dict[str, int]:
    """The ids of the tags that exist among `names`, by folded name."""
    found: dict[str, int] = {}
    wanted = list(names)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT id, name FROM tag WHERE name IN ({marks})"
        found.update({fold(n): int(i) for i, n in database.execute_sql(sql, chunk)})
    return found


def ensure(names: Iterable[str]) -> dict[str, int]:
    """The ids of the tags `names` (clean ones), made with every tag above them if new."""
    wanted: list[str] = []
    for name in names:
        wanted += [*parent_names(name), name]
    if wanted:
        database.cursor().executemany(
            "INSERT OR IGNORE INTO tag (name) VALUES (?)", [(n,) for n in wanted]
        )
    return _ids(wanted)


def existing(kind: Kind, ids: Sequence[int]) -> list[int]:
    """Those of `ids` that are articles (or annotations) of the library, in order."""
    table = "article" if kind == "article" else "annotation"
    present: set[int] = set()
    for chunk in _chunks(list(ids)):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT id FROM {table} WHERE id IN ({marks})"
        present.update(int(r[0]) for r in database.execute_sql(sql, chunk))
    return [i for i in dict.fromkeys(ids) if i in present]


def add(kind: Kind, ids: Sequence[int], names: Iterable[object]) -> set[int]:
    """Put the tags `names` on the articles (or annotations) `ids`; returns the ids that got
    a tag they did not have. Raises `TagError` for a bad name (then nothing is added)."""
    clean = clean_tags(names)
    items = existing(kind, ids)
    if not clean or not items:
        return set()
    table, column = _LINKS[kind]
    tag_ids = [ensure(clean)[fold(n)] for n in clean]
    before = _linked(kind, items, tag_ids)
    rows = [(i, t) for i in items for t in tag_ids]
    database.cursor().executemany(
        f"INSERT OR IGNORE INTO {table} ({column}, tag_id) VALUES (?, ?)", rows
    )
    return {i for i in items if before.get(i, set()) != set(tag_ids)}


def remove(kind: Kind, ids: Sequence[int], names: Iterable[object]) -> set[int]:
    """Take the tags `names` off the articles (or annotations) `ids` (a tag they do not have
    is ignored); returns the ids that lost one."""
    clean = clean_tags(names)
    known = _ids(clean)
    tag_ids = list(known.values())
    items = list(dict.fromkeys(ids))
    if not tag_ids or not items:
        return set()
    table, column = _LINKS[kind]
    changed = set(_linked(kind, items, tag_ids))
    tag_marks = ",".join("?" * len(tag_ids))
    for chunk in _chunks(items):
        marks = ",".join("?" * len(chunk))
        database.execute_sql(
            f"DELETE FROM {table} WHERE {column} IN ({marks}) AND tag_id IN ({tag_marks})",
            [*chunk, *tag_ids],
        )
    prune()
    return changed


def _linked(kind: Kind, items: Sequence[int], tag_ids: Sequence[int]) -> dict[int, set[int]]:
    """Which of `tag_ids` each of `items` has (only items with one)."""
    table, column = _LINKS[kind]
    found: dict[int, set[int]] = {}
    tag_marks = ",".join("?" * len(tag_ids))
    for chunk in _chunks(list(items)):
        marks = ",".join("?" * len(chunk))
        sql = (f"SELECT {column}, tag_id FROM {table} WHERE {column} IN ({marks}) "
               f"AND tag_id IN ({tag_marks})")  # fmt: skip
        for item, tag in database.execute_sql(sql, [*chunk, *tag_ids]):
            found.setdefault(int(item), set()).add(int(tag))
    return found


def of(kind: Kind, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """The tags of each of the articles (or annotations) `ids` that has any, by name
    (ignoring case)."""
    table, column = _LINKS[kind]
    found: dict[int, list[str]] = {}
    for chunk in _chunks(list(dict.fromkeys(ids))):
        marks = ",".join("?" * len(chunk))
        sql = (f"SELECT l.{column}, t.name FROM {table} l JOIN tag t ON t.id = l.tag_id "
               f"WHERE l.{column} IN ({marks}) ORDER BY t.name COLLATE NOCASE")  # fmt: skip
        for item, name in database.execute_sql(sql, chunk):
            found.setdefault(int(item), []).append(str(name))
    return {item: tuple(names) for item, names in found.items()}


def listing() -> list[TagInfo]:
    """Every tag, parents before the tags inside them (A to Z ignoring case), with counts.

    A tag without tags inside it is counted from the index on (tag, item) in one grouped
    query; a tag with tags inside it counts the distinct items of its subtree. A tag whose
    articles were all removed since it was last pruned is left out."""
    names = {int(i): str(n) for i, n in database.execute_sql("SELECT id, name FROM tag")}
    trees = _subtrees(names)
    counts: dict[Kind, dict[int, int]] = {}
    for kind, (table, column) in _LINKS.items():
        sql = f"SELECT tag_id, COUNT(*) FROM {table} GROUP BY tag_id"
        direct = {int(t): int(n) for t, n in database.execute_sql(sql)}
        for tag_id, tree in trees.items():
            if len(tree) > 1:
                marks = ",".join("?" * len(tree))
                sql = f"SELECT COUNT(DISTINCT {column}) FROM {table} WHERE tag_id IN ({marks})"
                direct[tag_id] = int(database.execute_sql(sql, tree).fetchone()[0])
        counts[kind] = direct
    rows = [TagInfo(name, counts["article"].get(i, 0), counts["annotation"].get(i, 0))
            for i, name in names.items()]  # fmt: skip
    rows = [t for t in rows if t.articles or t.annotations]
    return sorted(rows, key=lambda t: [fold(p) for p in t.name.split(SEPARATOR)])


def _subtrees(names: dict[int, str]) -> dict[int, list[int]]:
    """Each tag's id with the ids of the tags inside it."""
    by_name = {fold(n): i for i, n in names.items()}
    trees: dict[int, list[int]] = {i: [i] for i in names}
    for tag_id, name in names.items():
        for parent in parent_names(name):
            found = by_name.get(fold(parent))
            if found is not None:
                trees[found].append(tag_id)
    return trees


def subtree_ids(name: str) -> list[int]:
    """The ids of tag `name` and of the tags inside it ([] if there is no such tag)."""
    sql = f"SELECT s.id FROM tag s WHERE {INSIDE}"
    return [int(r[0]) for r in database.execute_sql(sql, inside_params(name))]


def find(name: object) -> str:
    """The stored spelling of tag `name`, or `TagError` if there is no such tag."""
    clean = clean_tag(name)
    row = database.execute_sql("SELECT name FROM tag WHERE name = ?", [clean]).fetchone()
    if row is None:
        raise TagError(f"there is no tag {shown(clean)}")
    return str(row[0])


def prune() -> None:
    """Drop every tag that neither it nor a tag inside it is on anything."""
    used = {str(r[0]) for r in database.execute_sql(
        "SELECT name FROM tag WHERE id IN (SELECT tag_id FROM article_tag) "
        "OR id IN (SELECT tag_id FROM annotation_tag)")}  # fmt: skip
    keep = {fold(n) for n in used} | {fold(p) for n in used for p in parent_names(n)}
    empty = [int(i) for i, n in database.execute_sql("SELECT id, name FROM tag")
             if fold(str(n)) not in keep]  # fmt: skip
    for chunk in _chunks(empty):
        database.execute_sql(f"DELETE FROM tag WHERE id IN ({','.join('?' * len(chunk))})", chunk)


def _subtree(name: str) -> list[tuple[int, str]]:
    """The tag `name` and every tag inside it: (id, name)."""
    sql = f"SELECT s.id, s.name FROM tag s WHERE {INSIDE}"
    return [(int(i), str(n)) for i, n in database.execute_sql(sql, inside_params(name))]


def snapshot(names: Iterable[str], touched: Iterable[str]) -> TagSnapshot:
    """The tags in the subtrees of `names` with what they are on; `touched`: every name the
    coming change may make (or take away), which restoring clears."""
    tags: dict[int, str] = {}
    for name in names:
        tags.update(_subtree(name))
    held = []
    for tag_id, name in sorted(tags.items(), key=lambda t: t[1]):
        arts = database.execute_sql("SELECT article_id FROM article_tag WHERE tag_id = ?", [tag_id])
        notes = database.execute_sql(
            "SELECT annotation_id FROM annotation_tag WHERE tag_id = ?", [tag_id]
        )
        held.append((name, tuple(int(r[0]) for r in arts), tuple(int(r[0]) for r in notes)))
    return TagSnapshot(tuple(held), tuple(dict.fromkeys([*tags.values(), *touched])))


def rename(old: object, new: object) -> tuple[TagSnapshot, set[str]]:
    """Rename tag `old` (and the tags inside it: `work/x` becomes `new/x`) to `new`; where a
    new name is a tag already, the two become one (a merge). Returns the snapshot that undoes
    it and the names it made."""
    source, target = find(old), clean_tag(new)
    tree = _subtree(source)
    mapping = [(tag_id, target + name[len(source) :]) for tag_id, name in tree]
    targets = [t for _, t in mapping]
    touched = [n for t in targets for n in (*parent_names(t), t)]
    before = snapshot([source, *_existing_roots(targets)], touched)
    deeper = target.count(SEPARATOR) > source.count(SEPARATOR)
    mapping.sort(key=lambda m: m[1].count(SEPARATOR), reverse=deeper)
    for tag_id, name in mapping:
        _move(tag_id, name)
    ensure(targets)
    prune()
    return before, set(targets)


def _existing_roots(names: list[str]) -> list[str]:
    found = _ids(names)
    return [n for n in names if fold(n) in found]


def _move(tag_id: int, name: str) -> None:
    """Give tag `tag_id` the name `name`, or fold it into the tag of that name."""
    row = database.execute_sql("SELECT id FROM tag WHERE name = ?", [name]).fetchone()
    if row is None or int(row[0]) == tag_id:
        database.execute_sql("UPDATE tag SET name = ? WHERE id = ?", [name, tag_id])
        return
    into = int(row[0])
    for table, column in _LINKS.values():
        database.execute_sql(
            f"INSERT OR IGNORE INTO {table} ({column}, tag_id) "
            f"SELECT {column}, ? FROM {table} WHERE tag_id = ?",
            [into, tag_id],
        )
    database.execute_sql("DELETE FROM tag WHERE id = ?", [tag_id])


def merge(names: Iterable[object], into: object) -> tuple[TagSnapshot, set[str]]:
    """Fold the tags `names` (with the tags inside them) into the tag `into`, made if new.
    A tag cannot be merged into itself or a tag inside it."""
    target = clean_tag(into)
    sources = [find(n) for n in names]
    for source in sources:
        if under(target, source):
            raise TagError(f"the tag {shown(source)} cannot be merged into {shown(target)}, "
                           "which is itself or inside it")  # fmt: skip
    if not sources:
        raise TagError("name the tags to merge")
    touched: list[str] = []
    roots = [*sources, *_existing_roots([target])]
    for source in sources:
        for _, name in _subtree(source):
            moved = target + name[len(source) :]
            touched += [*parent_names(moved), moved]
            roots += _existing_roots([moved])
    before = snapshot(roots, touched)
    made: set[str] = set()
    for source in sources:
        if _ids([source]):  # an earlier source may have held it
            made |= _rename_found(source, target)
    prune()
    return before, made


def _rename_found(source: str, target: str) -> set[str]:
    tree = _subtree(source)
    mapping = [(tag_id, target + name[len(source) :]) for tag_id, name in tree]
    mapping.sort(key=lambda m: m[1].count(SEPARATOR))
    for tag_id, name in mapping:
        _move(tag_id, name)
    ensure([t for _, t in mapping])
    return {t for _, t in mapping}


def restore(saved: TagSnapshot) -> None:
    """Put the tags back as `saved` holds them (undoing a rename or merge): the names it
    touched are cleared, then each saved tag is made again on what is still in the library."""
    gone = _ids(saved.names)
    for chunk in _chunks(list(gone.values())):
        database.execute_sql(f"DELETE FROM tag WHERE id IN ({','.join('?' * len(chunk))})", chunk)
    ids = ensure([name for name, _, _ in saved.tags])
    for name, arts, notes in saved.tags:
        tag_id = ids[fold(name)]
        for kind, items in (("article", arts), ("annotation", notes)):
            table, column = _LINKS[kind]  # type: ignore[index]
            present = existing(kind, items)  # type: ignore[arg-type]
            database.cursor().executemany(
                f"INSERT OR IGNORE INTO {table} ({column}, tag_id) VALUES (?, ?)",
                [(i, tag_id) for i in present],
            )
    prune()


def tagged_with(kind: Kind, name: str) -> list[int]:
    """The articles (or annotations) tag `name` or a tag inside it is on."""
    table, column = _LINKS[kind]
    sql = (f"SELECT DISTINCT l.{column} FROM tag s JOIN {table} l ON l.tag_id = s.id "
           f"WHERE {INSIDE}")  # fmt: skip
    return [int(r[0]) for r in database.execute_sql(sql, inside_params(name))]


def put_on_articles(pairs: Iterable[tuple[int, Sequence[str]]]) -> None:
    """Tag articles just imported with the (clean) tags their files name: one statement."""
    wanted = [(article, name) for article, names in pairs for name in names]
    if not wanted:
        return
    ids = ensure(name for _, name in wanted)
    database.cursor().executemany(
        "INSERT OR IGNORE INTO article_tag (article_id, tag_id) VALUES (?, ?)",
        [(article, ids[fold(name)]) for article, name in wanted],
    )
