"""Reading and parsing one file into classified drafts, without touching the database.

`prepare` is a pure function of the file's bytes, so large imports can run it in worker
processes (`PreparePool`) while the importing thread writes. The pool uses the `forkserver`
start method (never `fork`: the app has Qt threads) and is only started for imports large
enough to pay for the workers' start-up.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import stat
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from reader.library.decoding import MAX_FILE_BYTES, NotText, decode
from reader.library.formats import Draft
from reader.library.parsing import FORMATS, Format, detect, parse
from reader.library.topics import TopicRules

log = logging.getLogger(__name__)
POOL_MIN_FILES = 400  # below this, starting worker processes costs more than it saves
POOL_MIN_BYTES = 8 * 1024 * 1024  # ... unless the files are big (several articles each)


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
            # Ask for the size the file has (asking for the cap allocated 32 MB a file), then
            # for anything it gained meanwhile, up to one byte past the cap.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
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


def _prepare_many_in_worker(jobs: list[tuple[str, bytes, str]]) -> list[Prepared]:
    return [prepare(path, data, forced, _WORKER["rules"]) for path, data, forced in jobs]


Job = tuple[str, bytes, str, "Future[Prepared]"]


class PreparePool:
    """`prepare` in worker processes (one per core, at most `workers`).

    Files go to the workers in chunks (`CHUNK_FILES` files or `CHUNK_BYTES`), so that small
    files do not each pay for a round trip between processes. `submit` returns a future per
    file at once; `flush` sends a partly filled chunk (call it before waiting on the last)."""

    CHUNK_FILES = 32
    CHUNK_BYTES = 1024 * 1024

    def __init__(self, rules: TopicRules, workers: int | None = None) -> None:
        count = workers or max(1, min(4, os.cpu_count() or 1))
        context = multiprocessing.get_context("forkserver")
        self._pool = ProcessPoolExecutor(count, context, _init_worker, (rules,))
        self._rules = rules
        self._broken = False  # the workers could not start or died: prepare here instead
        self._pending: list[Job] = []
        self._pending_bytes = 0

    def submit(self, path: str, data: bytes, forced: str) -> Future[Prepared]:
        future: Future[Prepared] = Future()
        self._pending.append((path, data, forced, future))
        self._pending_bytes += len(data)
        if len(self._pending) >= self.CHUNK_FILES or self._pending_bytes >= self.CHUNK_BYTES:
            self.flush()
        return future

    def flush(self) -> None:
        chunk, self._pending, self._pending_bytes = self._pending, [], 0
        if not chunk:
            return
        if not self._broken:
            try:
                work = self._pool.submit(_prepare_many_in_worker, [job[:3] for job in chunk])
            except (BrokenExecutor, RuntimeError, OSError) as exc:
                log.warning("import worker processes are not available (%s); going on without", exc)
                self._broken = True
            else:
                work.add_done_callback(lambda done: _deliver(done, [job[3] for job in chunk]))
                return
        for path, data, forced, future in chunk:
            if future.set_running_or_notify_cancel():
                future.set_result(prepare(path, data, forced, self._rules))

    def close(self) -> None:
        for *_, future in self._pending:
            future.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)


def _deliver(done: Future[list[Prepared]], futures: list[Future[Prepared]]) -> None:
    """Hand each file's result (or the chunk's failure) to its own future."""
    try:
        results = done.result()
    except BaseException as exc:  # a worker died: every file of the chunk failed with it
        for future in futures:
            if future.set_running_or_notify_cancel():
                future.set_exception(exc)
        return
    for future, result in zip(futures, results, strict=True):
        if future.set_running_or_notify_cancel():
            future.set_result(result)
