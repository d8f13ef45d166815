"""Reading and parsing files into classified drafts, without touching the database.

`read_and_prepare` reads and hashes one file and, unless the library has that version
already, decodes, parses and classifies it. It depends on the file alone, so large imports
run it in worker processes (`PreparePool`) and in the importing thread at once: `Preparer`
shares the files out and gives their outcomes back in order. The pool uses the `forkserver`
start method (never `fork`: the app has Qt threads) and is only started for imports large
enough to pay for the workers' start-up.

Each file is read under a `budget.Budget`: past its time it is refused with the reason, and
once the import is cancelled the parse stops where it is, in this thread (the import's
`cancelled` callable) and in the workers (an event `PreparePool.stop` sets), so Cancel
takes effect within a second even inside a large file.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import multiprocessing
import os
import stat
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.library.ingest.budget import DEFAULT_LIMITS, Budget, Cancelled, Limits, TimeUp
from reader.library.ingest.decoding import MAX_FILE_BYTES, NotText, decode
from reader.library.ingest.draft import Draft
from reader.library.ingest.formats import FORMATS, Format, detect, parse
from reader.library.ingest.tuning import DEFAULT_TUNING, ImportTuning
from reader.library.topics.classifier import Classifier

log = logging.getLogger(__name__)
WORKER_NICENESS = 10
WAIT_SLICE = 0.1  # seconds between looks at Cancel while waiting for a worker
Cancel = Callable[[], bool]


@dataclass(slots=True)
class Version:
    """What identifies one version of a file: its content's SHA-256, size and mtime."""

    digest: str
    size: int
    mtime_ns: int


@dataclass(slots=True)
class Loaded:
    """A file's bytes and their version."""

    data: bytes
    version: Version


@dataclass(slots=True)
class Prepared:
    """A parsed file: drafts with their classifier scores and the topics the file names."""

    format: str
    drafts: list[Draft] = field(default_factory=list)
    scores: list[list[tuple[str, float]]] = field(default_factory=list)
    named: list[list[str]] = field(default_factory=list)  # topic codes from front matter
    problem: str | None = None
    warnings: list[str] = field(default_factory=list)  # text left out or simplified


@dataclass(slots=True)
class Outcome:
    """What reading and parsing one file came to. `problem` says why it cannot be imported;
    `unchanged`: its content is the version the library has (it was not parsed again);
    `cancelled`: the import was cancelled before the file was read to the end."""

    path: str
    version: Version | None = None
    prepared: Prepared | None = None
    problem: str | None = None
    unchanged: bool = False
    cancelled: bool = False


def default_workers() -> int:
    """Worker processes for a large import: one per core but the importing thread's (which
    parses files too), at most 4; 0 on a single core."""
    return max(0, min(4, (os.cpu_count() or 1) - 1))


def too_large(size: int) -> str:
    mb = 1024 * 1024
    return f"too large ({size / mb:.0f} MB; the limit is {MAX_FILE_BYTES // mb} MB)"


def load(path: str | Path) -> Loaded:
    """Read a regular file (never blocking on a FIFO or device); OSError or NotText if not."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(0, "not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise NotText(too_large(info.st_size))
        # Ask for the size the file has (one read for most files), then for anything it
        # gained meanwhile, up to one byte past the cap.
        asked = info.st_size + 1
        parts = [os.read(fd, asked)]
        total = len(parts[0])
        while len(parts[-1]) == asked and total <= MAX_FILE_BYTES:  # a short read is the end
            asked = min(1 << 20, MAX_FILE_BYTES + 1 - total)
            parts.append(os.read(fd, asked))
            total += len(parts[-1])
    finally:
        os.close(fd)
    data = parts[0] if len(parts) == 1 else b"".join(parts)
    if len(data) > MAX_FILE_BYTES:
        raise NotText(too_large(len(data)))
    return Loaded(data, Version(hashlib.sha256(data).hexdigest(), len(data), info.st_mtime_ns))


def _load(path: str) -> Loaded | Outcome:
    """The file's bytes, or the outcome that says why it cannot be read."""
    try:
        return load(path)
    except NotText as exc:
        return Outcome(path, problem=str(exc))
    except FileNotFoundError:
        return Outcome(path, problem="it disappeared during the import")
    except OSError as exc:
        return Outcome(path, problem=f"cannot read it: {exc.strerror or exc}")


def read_and_prepare(
    path: str, known: str | None, forced: str, rules: Classifier, *,
    cancelled: Cancel | None = None, limits: Limits = DEFAULT_LIMITS,
) -> Outcome:  # fmt: skip
    """Read, hash and (unless its digest is `known`, the version the library has) parse
    and classify one file, within its time budget and until `cancelled()`. Never raises:
    what went wrong is the outcome's `problem`."""
    loaded = _load(path)
    if isinstance(loaded, Outcome):
        return loaded
    if loaded.version.digest == known:
        return Outcome(path, loaded.version, unchanged=True)
    budget = Budget(loaded.version.size, cancelled, limits=limits)
    problem: str | None = None
    try:
        prepared = prepare(path, loaded.data, forced, rules, budget)
    except Cancelled:
        return Outcome(path, loaded.version, cancelled=True)
    except TimeUp as exc:
        problem = str(exc)
    except RecursionError:
        problem = "could not be read: nested too deeply"
    except MemoryError:
        problem = "could not be read: not enough memory"
    except Exception as exc:  # a parser bug met by this file's content: this file only
        log.warning("parsing %s failed: %r", path, exc)
        log.debug("parsing %s failed", path, exc_info=True)
        problem = f"could not be read: {exc}"
    if problem is not None:
        return Outcome(path, loaded.version, problem=problem)
    return Outcome(path, loaded.version, prepared, problem=prepared.problem)


def prepare(
    path: str, data: bytes, forced: str, rules: Classifier, budget: Budget | None = None
) -> Prepared:
    """Decode, detect the format (unless `forced`), parse and classify one file, ticking
    `budget` (default: the file's own, never cancelled) as it goes."""
    budget = budget or Budget(len(data))
    try:
        text = decode(data)
    except NotText as exc:
        return Prepared("", problem=str(exc))
    budget.check()
    fmt: Format = forced if forced in FORMATS else detect(path, text)  # type: ignore[assignment]
    warnings: list[str] = []
    drafts = parse(text, fmt, budget, warnings)
    del text
    if not drafts:
        return Prepared(fmt, problem="no text in the file", warnings=warnings)
    result = Prepared(fmt, drafts, warnings=warnings)
    for draft in drafts:
        budget.tick(1 + len(draft.body) // 4096)
        # Computed here, where it runs in a worker process, and sent back with the draft.
        _ = draft.content_hash, draft.words
        title = draft.title if not draft.title_derived else ""
        result.scores.append([(s.code, s.score) for s in rules.classify(title, draft.body)])
        found = (rules.find(name) for name in draft.topics)
        result.named.append(sorted({t.code for t in found if t is not None}))
    return result


_WORKER: dict[str, Any] = {}  # a worker process's rules and stop event, set when it starts


def _init_worker(rules: Classifier, stop: Any, limits: Limits) -> None:
    _WORKER["rules"] = rules
    _WORKER["stop"] = stop
    _WORKER["limits"] = limits
    with contextlib.suppress(OSError):  # the importing thread and the window go first
        os.nice(WORKER_NICENESS)


Job = tuple[str, "str | None", str]  # a path, the digest the library has, a forced format


def _prepare_many_in_worker(jobs: list[Job]) -> list[Outcome]:
    stop, rules, limits = _WORKER["stop"], _WORKER["rules"], _WORKER["limits"]
    return [
        Outcome(job[0], cancelled=True) if stop.is_set() else
        read_and_prepare(*job, rules, cancelled=stop.is_set, limits=limits) for job in jobs
    ]  # fmt: skip


class Chunk:
    """Files sent to a worker process together. `future` (set when the chunk is sent) gives
    their outcomes in order; None while the chunk is still being filled."""

    __slots__ = ("future", "jobs", "size")

    def __init__(self) -> None:
        self.jobs: list[Job] = []
        self.size = 0  # bytes of its files
        self.future: Future[list[Outcome]] | None = None


class PreparePool:
    """`read_and_prepare` in worker processes (one per core, at most `workers`).

    Files go to the workers in chunks of `tuning.chunk_files` (or fewer, adding up to
    `tuning.chunk_bytes`), so that small files do not each pay for a round trip between
    processes; the workers read the files themselves, and send back only what the library
    stores. `submit` says which
    chunk a file is in; `flush` sends a partly filled chunk. `busy()` is how many chunks the
    workers have still to finish. A chunk's future fails if the workers died: the caller then
    reads those files itself."""

    def __init__(
        self, rules: Classifier, workers: int | None = None,
        tuning: ImportTuning = DEFAULT_TUNING,
    ) -> None:  # fmt: skip
        count = workers or default_workers() or 1
        self._tuning = tuning
        context = multiprocessing.get_context("forkserver")
        # The server the workers fork from imports this module once (and not the app's
        # `__main__`), so workers of later imports start at once.
        context.set_forkserver_preload([__name__])
        self._stop = context.Event()  # set: the workers stop the file they read, and the rest
        self._limits = _limits(tuning)
        self._pool = ProcessPoolExecutor(
            count, context, _init_worker, (rules, self._stop, self._limits)
        )
        self.workers = count
        self._rules = rules
        self._broken = False  # the workers could not start or died: prepare here instead
        self._chunk = Chunk()
        self._sent: deque[Chunk] = deque()  # oldest first, until finished
        self._sent_bytes = 0

    def busy(self) -> int:
        """Chunks sent and not finished, and the one being filled."""
        sent = self._sent
        while sent and sent[0].future is not None and sent[0].future.done():
            self._sent_bytes -= sent.popleft().size
        return len(sent) + bool(self._chunk.jobs)

    def hungry(self) -> bool:
        """Whether the workers could take more files now."""
        return (
            self.busy() < self._tuning.chunks_ahead * self.workers
            and self._sent_bytes + self._chunk.size < self._tuning.bytes_ahead * self.workers
        )

    def submit(self, job: Job, size: int = 0) -> tuple[Chunk, int]:
        """Prepare the file of `job` (`size`: its size in bytes, if known): its chunk and
        its place in the chunk."""
        chunk = self._chunk
        chunk.jobs.append(job)
        chunk.size += size
        if len(chunk.jobs) >= self._tuning.chunk_files or chunk.size >= self._tuning.chunk_bytes:
            self.flush()
        return chunk, len(chunk.jobs) - 1

    def flush(self) -> None:
        """Send the chunk being filled, if it has any files."""
        chunk = self._chunk
        if not chunk.jobs:
            return
        self._chunk = Chunk()
        self._sent.append(chunk)
        self._sent_bytes += chunk.size
        if not self._broken:
            try:
                chunk.future = self._pool.submit(_prepare_many_in_worker, chunk.jobs)
            except (BrokenExecutor, RuntimeError, OSError) as exc:
                log.warning("import worker processes are not available (%s); going on without", exc)
                self._broken = True
            else:
                return
        chunk.future = Future()
        stop, limits = self._stop.is_set, self._limits
        outcomes = [read_and_prepare(*job, self._rules, cancelled=stop, limits=limits)
                    for job in chunk.jobs]  # fmt: skip
        chunk.future.set_result(outcomes)

    def stop(self) -> None:
        """Cancel: the workers stop reading at once (their outcomes say `cancelled`)."""
        self._stop.set()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


@dataclass(slots=True)
class Task:
    """A file to read: `source` is its row in the library (None: new), `known` the digest
    of the version the library has, `size` its size when it was listed."""

    path: str
    source: int | None
    known: str | None
    size: int
    chunk: Chunk | None = None  # None: not handed to a worker
    place: int = 0  # in its chunk
    outcome: Outcome | None = None  # read here ahead of its turn


class Preparer:
    """Reads and parses files in the calling thread and, given a pool, in worker processes
    at the same time. Files are given out in the order they were added: to the workers while
    they have room, and to the calling thread whenever the file it needs next is still with
    a worker (so it is never idle while workers start or are busy).

    `add` files, then take what is ready with `ready()`, and at the end `ready(final=True)`.
    Outcomes come in the order the files were added (so articles are numbered in the order
    of their files, whoever read them). Outcomes not yet taken are capped at
    `tuning.hold_files` files and `tuning.hold_bytes` bytes of files, so memory stays flat."""

    def __init__(
        self, rules: Classifier, fmt: str, pool: PreparePool | None,
        tuning: ImportTuning = DEFAULT_TUNING, cancelled: Cancel | None = None,
    ) -> None:  # fmt: skip
        self._tuning = tuning
        self._rules = rules
        self._cancelled = cancelled
        self._format = fmt
        self._pool = pool
        self._ahead = 0 if pool is None else tuning.hold_files // 2  # files listed ahead
        self._queue: deque[Task] = deque()  # every file added and not yet taken, in order
        self._unread: deque[Task] = deque()  # those not yet given out, in order
        self._held = 0  # files given out (or read ahead) whose outcomes are not yet taken
        self._held_bytes = 0

    def add(self, task: Task) -> None:
        self._queue.append(task)
        self._unread.append(task)
        self._hand_out()

    def ready(self, final: bool = False) -> Iterator[tuple[Task, Outcome]]:
        """Outcomes that can be had now (all of them if `final`), working on files meanwhile."""
        queue, unread = self._queue, self._unread
        while queue:
            self._hand_out(final)
            head = queue[0]
            if head.outcome is None and head.chunk is None:  # its turn to be read here
                assert unread[0] is head
                unread.popleft()
                yield queue.popleft(), self._read(head)
                continue
            if head.outcome is None and not _done(head):  # a worker has it still
                if not final and (len(queue) <= self._ahead or (not unread and self._room())):
                    return  # list more files: for the workers, or to read here meanwhile
                if unread and self._room() and self._spare():  # read the next file here
                    task = unread.popleft()
                    self._hold(task)
                    task.outcome = self._read(task)
                    continue
                if self._pool is not None:
                    self._pool.flush()
            yield queue.popleft(), self._outcome(head)

    def cancel(self) -> list[tuple[Task, Outcome]]:
        """Stop: the outcomes already to hand; the files not yet read are dropped."""
        if self._pool is not None:
            self._pool.stop()
        done = []
        for task in self._queue:
            if task.outcome is not None or _done(task):
                done.append((task, self._outcome(task)))
            elif task.chunk is not None and task.chunk.future is not None:
                task.chunk.future.cancel()
        self._queue.clear()
        self._unread.clear()
        return done

    def _hand_out(self, final: bool = False) -> None:
        """Give the next files to the workers while they could take more."""
        pool, unread = self._pool, self._unread
        if pool is None:
            return
        while unread and pool.hungry() and self._room():
            task = unread.popleft()
            self._hold(task)
            task.chunk, task.place = pool.submit((task.path, task.known, self._format), task.size)
        if final or pool.busy() <= pool.workers:  # a worker may be idle: send what there is
            pool.flush()

    def _spare(self) -> bool:
        """Whether the workers have work enough to go on with while this thread reads a
        file (else it would leave them idle, and had better wait for their outcome)."""
        return self._pool is None or self._pool.busy() >= 2 * self._pool.workers

    def _room(self) -> bool:
        """Whether another outcome may be held until its turn."""
        return self._held < self._tuning.hold_files and self._held_bytes < self._tuning.hold_bytes

    def _hold(self, task: Task) -> None:
        self._held += 1
        self._held_bytes += task.size

    def _outcome(self, task: Task) -> Outcome:
        self._held -= 1
        self._held_bytes -= task.size
        if task.outcome is not None:  # read here ahead of its turn
            return task.outcome
        assert task.chunk is not None and task.chunk.future is not None
        future = task.chunk.future
        try:
            while not future.done():  # a worker has it: wait, but hear Cancel meanwhile
                with contextlib.suppress(TimeoutError):
                    future.result(timeout=WAIT_SLICE)
                if self._cancelled is not None and self._cancelled() and self._pool is not None:
                    self._pool.stop()
            return future.result()[task.place]
        except Exception as exc:  # the workers died or failed: read the file here instead
            log.warning("a worker failed on %s (%r); reading it here", task.path, exc)
            return self._read(task)

    def _read(self, task: Task) -> Outcome:
        limits = _limits(self._tuning)
        return read_and_prepare(task.path, task.known, self._format, self._rules,
                                cancelled=self._cancelled, limits=limits)  # fmt: skip


def _limits(tuning: ImportTuning) -> Limits:
    return (tuning.read_seconds, tuning.read_seconds_per_mb)


def _done(task: Task) -> bool:
    return task.chunk is not None and task.chunk.future is not None and task.chunk.future.done()
