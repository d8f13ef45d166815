"""Reading and parsing one file into classified drafts, without touching the database.

`prepare` is a pure function of the file's bytes, so large imports can run it in worker
processes (`PreparePool`) while the importing thread writes. The pool uses the `forkserver`
start method (never `fork`: the app has Qt threads) and is only started for imports large
enough to pay for the workers' start-up.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import stat
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from reader.library.decoding import MAX_FILE_BYTES, NotText, decode
from reader.library.formats import Draft
from reader.library.parsing import FORMATS, Format, detect, parse
from reader.library.topics import TopicRules

POOL_MIN_FILES = 400  # below this, starting worker processes costs more than it saves


@dataclass(slots=True)
class Loaded:
    """A file's bytes and what identifies this version of it."""

    data: bytes
    digest: str
    size: int
    mtime_ns: int


@dataclass(slots=True)
class Prepared:
    """A parsed file: drafts with their classifier scores and the topics the file names."""

    format: str
    drafts: list[Draft] = field(default_factory=list)
    scores: list[list[tuple[str, float]]] = field(default_factory=list)
    named: list[list[str]] = field(default_factory=list)  # topic codes from front matter
    problem: str | None = None


def too_large(size: int) -> str:
    mb = 1024 * 1024
    return f"too large ({size / mb:.0f} MB; the limit is {MAX_FILE_BYTES // mb} MB)"


def load(path: Path) -> Loaded:
    """Read a regular file (never blocking on a FIFO or device); OSError or NotText if not."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(0, "not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise NotText(too_large(info.st_size))
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise NotText(too_large(len(data)))
    return Loaded(data, hashlib.sha256(data).hexdigest(), len(data), info.st_mtime_ns)


def prepare(path: str, data: bytes, forced: str, rules: TopicRules) -> Prepared:
    """Decode, detect the format (unless `forced`), parse and classify one file."""
    try:
        text = decode(data)
    except NotText as exc:
        return Prepared("", problem=str(exc))
    fmt: Format = forced if forced in FORMATS else detect(Path(path), text)  # type: ignore[assignment]
    drafts = parse(text, fmt)
    if not drafts:
        return Prepared(fmt, problem="no text in the file")
    result = Prepared(fmt, drafts)
    for draft in drafts:
        title = draft.title if not draft.title_derived else ""
        result.scores.append([(s.code, s.score) for s in rules.classify(title, draft.body)])
        found = (rules.find(name) for name in draft.topics)
        result.named.append(sorted({t.code for t in found if t is not None}))
    return result


_WORKER: dict[str, TopicRules] = {}  # a worker process's rules, set once when it starts


def _init_worker(rules: TopicRules) -> None:
    _WORKER["rules"] = rules


def _prepare_in_worker(path: str, data: bytes, forced: str) -> Prepared:
    return prepare(path, data, forced, _WORKER["rules"])


class PreparePool:
    """`prepare` in worker processes (one per core, at most `workers`)."""

    def __init__(self, rules: TopicRules, workers: int | None = None) -> None:
        count = workers or max(1, min(4, os.cpu_count() or 1))
        context = multiprocessing.get_context("forkserver")
        self._pool = ProcessPoolExecutor(count, context, _init_worker, (rules,))

    def submit(self, path: str, data: bytes, forced: str) -> Future[Prepared]:
        return self._pool.submit(_prepare_in_worker, path, data, forced)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
