"""Importing files into the library: walk paths, decode, parse, classify, insert.

Each file is imported in its own transaction, so a file is either wholly in the library or
not at all, and one bad file never stops the rest. A file whose bytes were imported before
is skipped; an article whose content is already in the library (from any file) is counted as
a duplicate and not added again. Articles are inserted in batches with `executemany`.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from peewee import PeeweeException as PeeweeError

from reader.library.decoding import MAX_FILE_BYTES, NotText, decode
from reader.library.formats import Draft, parse_seed
from reader.library.models import SourceFile, database, utcnow
from reader.library.search_index import index_articles
from reader.library.topics import TopicRules

log = logging.getLogger(__name__)
Status = Literal["imported", "unchanged", "duplicate", "failed"]
TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
_BATCH = 500
_ARTICLE_SQL = (
    "INSERT INTO article (uri, content_hash, source_file_id, source_path, source_index, title, "
    "title_derived, dateline, body, words, added, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
)
_TOPIC_SQL = (
    "INSERT OR IGNORE INTO article_topic (article_id, topic_id, score, origin) "
    "VALUES (?, ?, ?, 'auto')"
)


@dataclass(slots=True)
class FileResult:
    """What happened to one file."""

    path: str
    status: Status
    added: list[int] = field(default_factory=list)
    duplicates: int = 0
    reason: str | None = None


@dataclass(slots=True)
class ImportReport:
    """The outcome of one import call; `added_ids` are the new articles."""

    files: list[FileResult] = field(default_factory=list)
    cancelled: bool = False

    @property
    def added_ids(self) -> list[int]:
        return [aid for f in self.files for aid in f.added]

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def duplicates(self) -> int:
        return sum(f.duplicates for f in self.files)

    def summary(self) -> str:
        """One line for people: "Imported 4 articles from 1 file; 0 duplicates; 0 failed."."""
        files = sum(1 for f in self.files if f.added)
        unchanged = sum(1 for f in self.files if f.status == "unchanged")
        text = (
            f"Imported {len(self.added_ids)} article{'s' * (len(self.added_ids) != 1)} from "
            f"{files} file{'s' * (files != 1)}; {self.duplicates} duplicate"
            f"{'s' * (self.duplicates != 1)}; {unchanged} unchanged; {len(self.failed)} failed."
        )
        return text + (" Cancelled." if self.cancelled else "")


Progress = Callable[[int, str], None]


def iter_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str | None]]:
    """Every file below `paths`, depth first and sorted, with a reason if it cannot be used.

    Hidden files and folders are skipped inside folders; a folder reached twice through
    symbolic links (a loop) is walked once.
    """
    seen: set[tuple[int, int]] = set()
    for path in paths:
        if not path.exists():
            yield path, "no such file or folder"
        elif path.is_dir():
            yield from _walk(path, seen)
        else:
            yield path, None


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[tuple[Path, str | None]]:
    try:
        stat = folder.stat()
        if (stat.st_dev, stat.st_ino) in seen:
            return
        seen.add((stat.st_dev, stat.st_ino))
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield folder, f"cannot read the folder: {exc.strerror or exc}"
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, seen)
        elif path.suffix.lower() in TEXT_SUFFIXES:
            yield path, None


class Importer:
    """Imports files with one set of topic rules and one `added` time for the whole call."""

    def __init__(self, rules: TopicRules) -> None:
        self.rules = rules
        self.added = str(utcnow())

    def run(
        self,
        paths: Iterable[Path],
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ImportReport:
        report = ImportReport()
        for done, (path, problem) in enumerate(iter_files(paths)):
            if cancelled is not None and cancelled():
                report.cancelled = True
                break
            if progress is not None:
                progress(done, str(path))
            if problem:
                report.files.append(FileResult(str(path), "failed", reason=problem))
            else:
                report.files.append(self.import_file(path))
        return report

    def import_file(self, path: Path) -> FileResult:
        """Import one file atomically; any failure leaves the library as it was."""
        name = str(path.resolve()) if path.exists() else str(path)
        try:
            data = _read(path)
            digest = hashlib.sha256(data).hexdigest()
            known = SourceFile.get_or_none(SourceFile.path == name)
            if known is not None and known.content_hash == digest:
                return FileResult(name, "unchanged")
            drafts = parse_seed(decode(data))
            if not drafts:
                return FileResult(name, "failed", reason="no text in the file")
            with database.atomic():
                source_id = self._record_source(known, name, digest, len(data))
                added, dups = self._insert(drafts, source_id, name)
        except NotText as exc:
            return FileResult(name, "failed", reason=str(exc))
        except OSError as exc:
            return FileResult(name, "failed", reason=f"cannot read it: {exc.strerror or exc}")
        except PeeweeError as exc:
            log.warning("import of %s failed: %s", name, exc)
            return FileResult(name, "failed", reason=f"could not be saved in the library: {exc}")
        status: Status = "imported" if added else "duplicate"
        return FileResult(name, status, added=added, duplicates=dups)

    def _record_source(self, known: SourceFile | None, name: str, digest: str, size: int) -> int:
        if known is None:
            return int(SourceFile.insert(path=name, content_hash=digest, size=size).execute())
        SourceFile.update(content_hash=digest, size=size, imported_at=utcnow()).where(
            SourceFile.id == known.id
        ).execute()
        return int(known.id)

    def _insert(self, drafts: list[Draft], source_id: int, name: str) -> tuple[list[int], int]:
        added: list[int] = []
        duplicates = 0
        for start in range(0, len(drafts), _BATCH):
            batch = drafts[start : start + _BATCH]
            hashes = {d.content_hash: d for d in batch}
            existing = _existing_hashes(list(hashes))
            fresh = [d for h, d in hashes.items() if h not in existing]
            duplicates += len(batch) - len(fresh)
            if fresh:
                added += self._insert_batch(fresh, source_id, name)
        return added, duplicates

    def _insert_batch(self, drafts: list[Draft], source_id: int, name: str) -> list[int]:
        cursor = database.cursor()
        cursor.executemany(_ARTICLE_SQL, [self._row(d, source_id, name) for d in drafts])
        ids = _ids_for([d.content_hash for d in drafts])
        links = [
            (ids[d.content_hash], score.code, score.score)
            for d in drafts
            for score in self.rules.classify(d.title if not d.title_derived else "", d.body)
        ]
        cursor.executemany(_TOPIC_SQL, links)
        index_articles([ids[d.content_hash] for d in drafts])
        return [ids[d.content_hash] for d in drafts]

    def _row(self, d: Draft, source_id: int, name: str) -> tuple[object, ...]:
        return (d.uri, d.content_hash, source_id, name, d.index, d.title, d.title_derived,
                d.dateline, d.body, d.words, self.added, self.added)  # fmt: skip


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise OSError(0, "not a regular file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise NotText(f"too large ({size // (1024 * 1024)} MB; the limit is "
                      f"{MAX_FILE_BYTES // (1024 * 1024)} MB)")  # fmt: skip
    return path.read_bytes()


def _existing_hashes(hashes: list[str]) -> set[str]:
    marks = ",".join("?" * len(hashes))
    sql = f"SELECT content_hash FROM article WHERE content_hash IN ({marks})"
    return {row[0] for row in database.execute_sql(sql, hashes)}


def _ids_for(hashes: list[str]) -> dict[str, int]:
    marks = ",".join("?" * len(hashes))
    sql = f"SELECT content_hash, id FROM article WHERE content_hash IN ({marks})"
    return {h: i for h, i in database.execute_sql(sql, hashes)}
