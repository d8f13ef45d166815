"""Importing files into the library: walk paths, read, parse, classify, insert or update.

Each file is imported atomically, so a file is either wholly in the library or not at all,
and one bad file never stops the rest: new files are written in batches, one statement per
table, and a batch that fails is written again file by file. The import commits every
`tuning.commit_seconds`; after each commit `on_commit(added, updated)` is called so that a window
can show what has landed. Large imports read, parse and classify in worker processes while
this thread writes and parses files of its own (`reader.library.ingest.preparing`).

Identity: a file whose bytes were imported before is skipped ("unchanged"); a file that
changed updates its articles in place (`reader.library.ingest.updating`), calling
`on_body_changed(article_id, new_body) -> (placed, orphaned)` inside the transaction for every
article whose text changed, to re-anchor its annotations; an article whose content is
already in the library (from any file) is counted as a duplicate and not added again.

Names: folders are walked with a loop (a folder 1,100 levels deep is fine); symbolic links
inside a folder that lead out of it are skipped and reported, never followed; a file name
that is not valid UTF-8 is read under its real name but stored and reported with `\\x`
escapes (`shown_path`), with a warning on its result. Cancel is heard inside a file too
(`reader.library.ingest.preparing`).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from pathlib import Path
from typing import Any

from peewee import PeeweeException as PeeweeError

from reader.library.ingest.draft import Draft
from reader.library.ingest.formats import SUFFIXES
from reader.library.ingest.preparing import (
    Outcome,
    Prepared,
    PreparePool,
    Preparer,
    Task,
    Version,
    default_workers,
)
from reader.library.ingest.report import LINK_OUT, FileResult, ImportReport, Status
from reader.library.ingest.rows import ARTICLE_SQL, TOPIC_SQL, UPDATE_SQL, topic_rows, update_values
from reader.library.ingest.tuning import DEFAULT_TUNING, ImportTuning
from reader.library.ingest.updating import old_articles, plan
from reader.library.search.index import index_articles
from reader.library.store.models import database, utcnow
from reader.library.tags.records import put_on_articles
from reader.library.topics.classifier import Classifier

__all__ = ["FileResult", "ImportReport", "Importer", "count_files", "iter_files", "shown_path"]
log = logging.getLogger(__name__)
_BATCH = 500
Progress = Callable[[int, str], None]
BodyChanged = Callable[[int, str], tuple[int, int]]
Committed = Callable[[list[int], list[int]], None]
Entry = tuple[str, Status | None, str | None, int]  # a path, why not to read it, its size


def iter_files(paths: Iterable[Path], sizes: bool = True) -> Iterator[Entry]:
    """Every file below `paths`, depth first and sorted, with a status if it cannot be used,
    and its size (0 unless `sizes`: that costs a `stat` a file).

    Hidden files and folders are skipped inside folders; so are files of other types and
    symbolic links that lead out of the folder named (they are reported as skipped); a
    folder reached twice through symbolic links is walked once.
    """
    seen: set[tuple[int, int]] = set()
    for path in paths:
        if not os.path.lexists(path):
            yield str(path), "failed", "no such file or folder", 0
        elif path.is_dir():
            yield from _walk(_absolute(path), seen, sizes)
        else:
            yield _absolute(path), None, None, _size(path) if sizes else 0


def count_files(paths: Iterable[Path], cancelled: Callable[[], bool] | None = None) -> int:
    """How many entries an import of `paths` will go through (what its progress counts up
    to); stops early, with what it has counted, if `cancelled()`."""
    count = 0
    for count, _ in enumerate(iter_files(paths, sizes=False), 1):
        if cancelled is not None and count % 1000 == 0 and cancelled():
            break
    return count


def shown_path(path: str) -> str:
    """`path` as stored and reported: as it is, or with `\\x` escapes for bytes of a name
    that are not UTF-8 (Python keeps them as lone surrogates, which nothing can print)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return path


def _walk(root: str, seen: set[tuple[int, int]], sizes: bool) -> Iterator[Entry]:
    """The files below the folder `root` (an absolute, resolved path), depth first, with a
    stack of listings rather than recursion."""
    inside = root.rstrip(os.sep) + os.sep
    stack: list[Iterator[os.DirEntry[str]]] = []
    listing = _listing(root, seen)
    if isinstance(listing, str):
        yield root, "failed", listing, 0
        return
    stack.append(iter(listing))
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        if _is_link(entry):
            target = os.path.realpath(entry.path)
            if target != root and not target.startswith(inside):
                reason = f"{LINK_OUT} (to {shown_path(target)})"
                yield entry.path, "skipped", reason, 0
                continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        suffix = os.path.splitext(entry.name)[1].lower()
        if is_dir:
            listing = _listing(entry.path, seen)
            if isinstance(listing, str):
                yield entry.path, "failed", listing, 0
            else:
                stack.append(iter(listing))
        elif suffix in SUFFIXES:
            yield entry.path, None, None, _size(entry) if sizes else 0
        else:
            yield entry.path, "skipped", f"not an article file ({shown_path(suffix)})", 0


def _listing(folder: str, seen: set[tuple[int, int]]) -> list[os.DirEntry[str]] | str:
    """A folder's entries sorted by name ([] if it was walked before), or why it cannot be
    read."""
    try:
        info = os.stat(folder)
        if (info.st_dev, info.st_ino) in seen:
            return []
        seen.add((info.st_dev, info.st_ino))
        with os.scandir(folder) as listing:
            return sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        return f"cannot read the folder: {exc.strerror or exc}"


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def _size(path: os.DirEntry[str] | Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading it will say why


def _absolute(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return str(path.absolute())


class Importer:
    """Imports files with one set of topic rules and one `added` time for the whole call.

    `fmt` forces a format ("auto" detects it per file); `tuning` paces the import (batch
    sizes, commit interval, worker processes: see `reader.library.ingest.tuning`)."""

    def __init__(
        self, rules: Classifier, fmt: str = "auto", *, on_body_changed: BodyChanged | None = None,
        on_commit: Committed | None = None, tuning: ImportTuning = DEFAULT_TUNING,
    ) -> None:  # fmt: skip
        self.rules = rules
        self.format = fmt
        self.on_body_changed = on_body_changed
        self.on_commit = on_commit
        self.tuning = tuning
        self.added = str(utcnow())
        self._pending_added: list[int] = []
        self._pending_updated: list[int] = []
        self._batch: list[tuple[str, Version, Prepared]] = []  # new files not yet written
        self._batch_drafts = 0
        self._named: set[str] = set()  # every file met so far in this import
        self._chunk_start = 0.0  # when the import last committed

    def run(
        self, paths: Iterable[Path], progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ImportReport:  # fmt: skip
        report = ImportReport()
        entries = iter_files(paths)
        tuning = self.tuning
        head = list(islice(entries, tuning.pool_min_files))
        many = len(head) == tuning.pool_min_files or sum(e[3] for e in head) >= (
            tuning.pool_min_bytes
        )
        wanted = tuning.workers if tuning.workers is not None else default_workers()
        pool = PreparePool(self.rules, wanted, tuning) if many and wanted > 0 else None
        try:
            with database.atomic() as txn:
                self._loop(chain(head, entries), report, pool=pool, progress=progress,
                           cancelled=cancelled, txn=txn)  # fmt: skip
        finally:
            if pool is not None:
                pool.close()
        self._notify()
        return report

    def _loop(self, entries: Iterable[Entry], report: ImportReport, *, pool: PreparePool | None,
              progress: Progress | None, cancelled: Callable[[], bool] | None,
              txn: object) -> None:  # fmt: skip
        preparer = Preparer(self.rules, self.format, pool, self.tuning, cancelled)
        group: list[tuple[str, int]] = []  # files whose library versions are looked up together
        self._chunk_start = time.monotonic()
        for done, (name, status, reason, size) in enumerate(entries):
            if cancelled is not None and cancelled():
                report.cancelled = True
                break
            if progress is not None:
                progress(done, name)
            if status is not None:
                report.files.append(_result(name, status, reason=reason))
            elif name in self._named:  # named twice in this import (paths are absolute)
                report.files.append(_result(name, "unchanged"))
            else:
                self._named.add(name)
                group.append((name, size))
                if len(group) >= self.tuning.lookup_files or pool is None:
                    self._add(group, preparer)
                    group = []
            for task, outcome in preparer.ready():
                self._take(report, task, outcome)
                self._commit_if_due(report, txn)
            self._commit_if_due(report, txn)
        finished: Iterable[tuple[Task, Outcome]]
        if report.cancelled:  # write what was already read; drop the rest
            finished = preparer.cancel()
        else:
            self._add(group, preparer)
            finished = preparer.ready(final=True)
        for task, outcome in finished:
            self._take(report, task, outcome)
            self._commit_if_due(report, txn)
        self._flush(report)
        if cancelled is not None and not report.cancelled and cancelled():
            report.cancelled = True  # heard while the last files were read

    def _commit_if_due(self, report: ImportReport, txn: object) -> None:
        """Every `tuning.commit_seconds`, write the batch and commit, and say what landed."""
        if time.monotonic() - self._chunk_start > self.tuning.commit_seconds:
            self._flush(report)
            txn.commit()  # type: ignore[attr-defined]
            self._notify()
            self._chunk_start = time.monotonic()

    def _add(self, group: list[tuple[str, int]], preparer: Preparer) -> None:
        """Look up what the library has of these files, and hand them to be read."""
        known = _known_files([shown_path(name) for name, _ in group])
        for name, size in group:
            source, digest = known.get(shown_path(name), (None, None))
            preparer.add(Task(name, source, digest, size))

    def _take(self, report: ImportReport, task: Task, outcome: Outcome) -> None:
        """A read file: a new one joins the batch written together, written once the batch
        is big enough; a changed one is written now, in its own savepoint."""
        name = shown_path(task.path)
        if outcome.cancelled:  # stopped part way: as if it had not been reached
            return
        if outcome.problem is not None:
            warnings = outcome.prepared.warnings if outcome.prepared is not None else []
            report.files.append(_result(task.path, "failed", reason=outcome.problem,
                                        warnings=list(warnings)))  # fmt: skip
        elif outcome.unchanged:
            report.files.append(_result(task.path, "unchanged"))
        elif (version := outcome.version) is not None and (prep := outcome.prepared) is not None:
            if name != task.path:
                prep.warnings.insert(0, NAME_WARNING)
            if task.source is None:
                self._batch.append((name, version, prep))
                self._batch_drafts += len(prep.drafts)
            else:
                report.files.append(self._write_one(name, version, task.source, prep))
        if (
            len(self._batch) >= self.tuning.batch_files
            or self._batch_drafts >= self.tuning.batch_drafts
        ):
            self._flush(report)

    def _flush(self, report: ImportReport) -> None:
        """Write the batch of new files with one statement per table. If anything in it
        fails, each file is written again on its own, so only a bad file is refused."""
        batch, self._batch, self._batch_drafts = self._batch, [], 0
        if not batch:
            return
        try:
            with database.atomic():
                results = self._write_new(batch)
        except (PeeweeError, OSError, ValueError) as exc:
            log.info("a batch of %d files failed (%s); writing them one by one", len(batch), exc)
            results = [self._write_one(name, ver, None, prep) for name, ver, prep in batch]
        report.files += results
        for result in results:
            self._pending_added += result.added

    def _write_new(self, batch: list[tuple[str, Version, Prepared]]) -> list[FileResult]:
        now = str(utcnow())
        cursor = database.cursor()
        cursor.executemany(
            "INSERT INTO source_file (path, content_hash, size, format, mtime_ns, imported_at)"
            " VALUES (?,?,?,?,?,?)",
            [(name, v.digest, v.size, prep.format, v.mtime_ns, now) for name, v, prep in batch],
        )
        sources = _source_ids([name for name, _, _ in batch])
        existing = _existing_hashes([d.content_hash for _, _, p in batch for d in p.drafts])
        results = [FileResult(name, "duplicate", warnings=list(prep.warnings))
                   for name, _, prep in batch]  # fmt: skip
        fresh: list[tuple[int, Prepared, int, Draft]] = []
        rows = []
        for number, (name, _, prep) in enumerate(batch):
            for position, draft in enumerate(prep.drafts):
                if draft.content_hash in existing:
                    results[number].duplicates += 1
                    continue
                existing.add(draft.content_hash)  # the same text twice in this batch
                fresh.append((number, prep, position, draft))
                rows.append(self._row(draft, sources[name], name))
        cursor.executemany(ARTICLE_SQL, rows)
        ids = _ids_for([draft.content_hash for *_, draft in fresh])
        links = [link for _, prep, at, draft in fresh
                 for link in _links(ids[draft.content_hash], prep, at, self.added)]  # fmt: skip
        cursor.executemany(TOPIC_SQL, links)
        put_on_articles((ids[draft.content_hash], draft.tags) for *_, draft in fresh)
        index_articles([ids[draft.content_hash] for *_, draft in fresh])
        for number, _, _, draft in fresh:
            results[number].added.append(ids[draft.content_hash])
        for result in results:
            result.status = "imported" if result.added else "duplicate"
        return results

    def _write_one(
        self, name: str, version: Version, source: int | None, prepared: Prepared
    ) -> FileResult:
        """Write one parsed file in its own savepoint; any failure leaves no trace of it."""
        result = self._write_or_fail(name, version, source, prepared)
        result.warnings = list(prepared.warnings)
        return result

    def _write_or_fail(
        self, name: str, version: Version, source: int | None, prepared: Prepared
    ) -> FileResult:
        try:
            with database.atomic():
                result = self._write(name, version, source, prepared)
        except PeeweeError as exc:
            log.warning("import of %s failed: %s", name, exc)
            return FileResult(name, "failed", reason=f"could not be saved in the library: {exc}")
        except OSError as exc:
            return FileResult(name, "failed", reason=f"could not be saved: {exc.strerror or exc}")
        except Exception as exc:  # a bug met by this file's content: this file only
            log.warning("import of %s failed: %r", name, exc)
            log.debug("import of %s failed", name, exc_info=True)
            return FileResult(name, "failed", reason=f"could not be saved: {exc}")
        self._pending_added += result.added
        self._pending_updated += result.updated
        return result

    def _write(self, name: str, ver: Version, source: int | None, prep: Prepared) -> FileResult:
        fields = (ver.digest, ver.size, prep.format, ver.mtime_ns)
        if source is None:
            source = int(database.execute_sql(
                "INSERT INTO source_file (path, content_hash, size, format, mtime_ns, imported_at)"
                " VALUES (?,?,?,?,?,?)", (name, *fields, str(utcnow()))).lastrowid)  # fmt: skip
            added, dups = self._insert(prep, list(range(len(prep.drafts))), source, name)
            return FileResult(name, "imported" if added else "duplicate", added, duplicates=dups)
        database.execute_sql(
            "UPDATE source_file SET content_hash=?, size=?, format=?, mtime_ns=?, imported_at=? "
            "WHERE id=?", (*fields, str(utcnow()), source))  # fmt: skip
        return self._update(name, source, prep)

    def _update(self, name: str, source: int, prep: Prepared) -> FileResult:
        matching = plan(old_articles(source), prep.drafts)
        where = {id(d): i for i, d in enumerate(prep.drafts)}
        result = FileResult(name, "unchanged", kept=len(matching.kept))
        for article_id, draft in matching.same:
            database.execute_sql("UPDATE article SET source_index=? WHERE id=?",
                                 (draft.index, article_id))  # fmt: skip
        for article_id, draft in matching.pairs:
            if _existing_hashes([draft.content_hash]):
                result.duplicates += 1
                continue
            self._update_article(article_id, draft, (prep, where[id(draft)]), name, result)
        new = [where[id(d)] for d in matching.new]
        added, dups = self._insert(prep, new, source, name)
        result.added, result.duplicates = added, result.duplicates + dups
        if result.added or result.updated:
            result.status = "updated" if result.updated else "imported"
        elif result.duplicates:
            result.status = "duplicate"
        return result

    def _update_article(self, article_id: int, d: Draft, parsed: tuple[Prepared, int],
                        name: str, result: FileResult) -> None:  # fmt: skip
        prep, position = parsed
        values = update_values(d, name, str(utcnow()))
        database.execute_sql(UPDATE_SQL, (*values, article_id))
        database.execute_sql(
            "DELETE FROM article_topic WHERE article_id=? AND origin='auto'", (article_id,)
        )
        added = database.execute_sql("SELECT added FROM article WHERE id=?", (article_id,))
        links = _links(article_id, prep, position, added.fetchone()[0])
        database.cursor().executemany(TOPIC_SQL, links)
        put_on_articles([(article_id, d.tags)])
        placed, orphaned = (self.on_body_changed or _no_annotations)(article_id, d.body)
        result.updated.append(article_id)
        result.reanchored += placed
        result.orphaned += orphaned

    def _insert(
        self, prep: Prepared, positions: list[int], source_id: int, name: str
    ) -> tuple[list[int], int]:
        added: list[int] = []
        duplicates = 0
        for start in range(0, len(positions), _BATCH):
            batch = positions[start : start + _BATCH]
            hashes = {prep.drafts[i].content_hash: i for i in batch}
            existing = _existing_hashes(list(hashes))
            fresh = [i for h, i in hashes.items() if h not in existing]
            duplicates += len(batch) - len(fresh)
            if fresh:
                added += self._insert_batch(prep, fresh, source_id, name)
        return added, duplicates

    def _insert_batch(
        self, prep: Prepared, positions: list[int], source_id: int, name: str
    ) -> list[int]:
        """Insert new articles and their topics: the one batched insert of the importer."""
        drafts = [prep.drafts[i] for i in positions]
        cursor = database.cursor()
        cursor.executemany(ARTICLE_SQL, [self._row(d, source_id, name) for d in drafts])
        ids = _ids_for([d.content_hash for d in drafts])
        links = [link for i, d in zip(positions, drafts, strict=True)
                 for link in _links(ids[d.content_hash], prep, i, self.added)]  # fmt: skip
        cursor.executemany(TOPIC_SQL, links)
        put_on_articles((ids[d.content_hash], d.tags) for d in drafts)
        index_articles([ids[d.content_hash] for d in drafts])
        return [ids[d.content_hash] for d in drafts]

    def _row(self, d: Draft, source_id: int, name: str) -> tuple[object, ...]:
        return (d.uri, d.content_hash, source_id, name, d.index, d.title, d.title_derived,
                d.dateline, d.body, d.words, self.added, self.added, d.html, d.published,
                d.author, d.source_url, d.format)  # fmt: skip

    def _notify(self) -> None:
        if self.on_commit is not None and (self._pending_added or self._pending_updated):
            self.on_commit(self._pending_added, self._pending_updated)
        self._pending_added, self._pending_updated = [], []


NAME_WARNING = "its name is not valid UTF-8; it is shown with \\x escapes"


def _result(path: str, status: Status, **fields: Any) -> FileResult:
    """A file's result under its shown name (with a warning if that is not its real name)."""
    shown = shown_path(path)
    result = FileResult(shown, status, **fields)
    if shown != path:
        result.warnings.insert(0, NAME_WARNING)
    return result


def _links(
    article_id: int, prep: Prepared, position: int, added: object
) -> list[tuple[object, ...]]:
    """Topic rows of the draft at `position` of `prep` (`rows.topic_rows`)."""
    return topic_rows(article_id, prep.scores[position], prep.named[position], added)


def _no_annotations(article_id: int, new_body: str) -> tuple[int, int]:
    return 0, 0


def _lookup(sql: str, keys: list[str]) -> list[tuple[Any, ...]]:
    """Rows of `sql` (with one `{marks}` for an IN list) for `keys`, 500 at a time."""
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        rows += database.execute_sql(sql.format(marks=",".join("?" * len(chunk))), chunk)
    return rows


def _existing_hashes(hashes: list[str]) -> set[str]:
    sql = "SELECT content_hash FROM article WHERE content_hash IN ({marks})"
    return {str(row[0]) for row in _lookup(sql, hashes)}


def _ids_for(hashes: list[str]) -> dict[str, int]:
    """The ids of the articles just inserted with these content hashes, in this order."""
    sql = "SELECT content_hash, id FROM article WHERE content_hash IN ({marks})"
    return _inserted("article", "content_hash", hashes) or {
        str(h): int(i) for h, i in _lookup(sql, hashes)
    }


def _inserted(table: str, column: str, keys: list[str]) -> dict[str, int] | None:
    """The rowids of the rows one `executemany` just inserted into `table`, whose `column`
    holds `keys` in this order: SQLite numbers them one after another, up to
    `last_insert_rowid()`. Checked at both ends; None if they are not numbered so."""
    if not keys:
        return {}
    last = int(database.execute_sql("SELECT last_insert_rowid()").fetchone()[0])
    first = last - len(keys) + 1
    sql = f"SELECT id, {column} FROM {table} WHERE id IN (?, ?)"
    ends = dict(database.execute_sql(sql, (first, last)).fetchall())
    if ends.get(first) != keys[0] or ends.get(last) != keys[-1]:
        return None
    return {key: first + number for number, key in enumerate(keys)}


def _known_files(paths: list[str]) -> dict[str, tuple[int, str]]:
    """The library's source_file id and content digest of each of `paths` it has."""
    sql = "SELECT path, id, content_hash FROM source_file WHERE path IN ({marks})"
    return {str(p): (int(i), str(h)) for p, i, h in _lookup(sql, paths)}


def _source_ids(paths: list[str]) -> dict[str, int]:
    """The ids of the source files just inserted with these paths, in this order."""
    sql = "SELECT path, id FROM source_file WHERE path IN ({marks})"
    return _inserted("source_file", "path", paths) or {
        str(p): int(i) for p, i in _lookup(sql, paths)
    }
