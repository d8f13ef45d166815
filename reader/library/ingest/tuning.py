"""How an import paces itself: batch sizes, commit interval, worker processes and how much
work is handed out or held ahead. One frozen value, passed in (`Library.open(tuning=...)`
for every import of a library, or `Library.import_paths(tuning=...)` for one), down to the
importer (`importer.Importer`) and the preparer (`preparing.Preparer`, `PreparePool`). The
defaults are the values measured to work well here; tests pass small ones instead of
patching modules.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from reader.library.ingest.budget import FLOOR_SECONDS, SECONDS_PER_MB

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ImportTuning:
    """The knobs of an import (defaults: the measured values).

    Writing: the import commits every `commit_seconds` (then a window shows what landed); the
    library's versions of `lookup_files` files are looked up with one query; new files are
    written `batch_files` (or `batch_drafts` articles) at a time, one statement per table.

    Workers: worker processes read and parse files only for an import of at least
    `pool_min_files` files or `pool_min_bytes` bytes among its first `pool_min_files`;
    `workers` caps them (None: one per core but one, at most 4; 0: never). Files go to them
    in chunks of `chunk_files` files or `chunk_bytes` bytes, with at most `chunks_ahead`
    chunks and `bytes_ahead` bytes per worker sent and not finished.

    Memory: outcomes read ahead of their turn are held up to `hold_files` files and
    `hold_bytes` bytes of files.

    Time: reading one file (decoding, parsing, classifying) may take `read_seconds` plus
    `read_seconds_per_mb` a MB; past that it is refused ("took too long to read").
    """

    commit_seconds: float = 0.5
    lookup_files: int = 64
    batch_files: int = 100
    batch_drafts: int = 2000
    pool_min_files: int = 400
    pool_min_bytes: int = 8 * MB
    workers: int | None = None
    chunk_files: int = 32
    chunk_bytes: int = 1 * MB
    chunks_ahead: int = 8
    bytes_ahead: int = 8 * MB
    hold_files: int = 1024
    hold_bytes: int = 32 * MB
    read_seconds: float = FLOOR_SECONDS
    read_seconds_per_mb: float = SECONDS_PER_MB

    def __post_init__(self) -> None:
        if self.commit_seconds < 0:
            raise ValueError("commit_seconds must not be negative")
        if self.workers is not None and self.workers < 0:
            raise ValueError("workers must be None or at least 0")
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name.startswith("read_seconds"):
                if not value > 0:
                    raise ValueError(f"{field.name} must be more than 0, not {value}")
            elif field.name not in ("commit_seconds", "workers") and value < 1:
                raise ValueError(f"{field.name} must be at least 1, not {value}")


DEFAULT_TUNING = ImportTuning()
