"""Importing files: the corpus, idempotence, atomicity and bad files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.library import Changes, ImportTuning, Library, View
from reader.library.store.models import Article, SourceFile, database
from tests.conftest import SEED


def test_new_library_holds_the_bundled_corpus(library: Library) -> None:
    counts = library.counts()
    assert counts.all == 4
    assert counts.unread == 4
    titles = [row.title for row in library.page(library_view_all())]
    assert len(titles) == 4
    assert "Ukraine" in titles[0]  # file order within one import


def library_view_all():
    from reader.library import View

    return View()


def test_importing_the_same_text_again_adds_nothing(library: Library, tmp_path: Path) -> None:
    again = library.import_paths([SEED])
    assert again.added_ids == []
    assert [f.status for f in again.files] == ["unchanged"]
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED.read_bytes())
    moved = library.import_paths([copy])
    assert moved.added_ids == []
    assert moved.duplicates == 4
    assert [f.status for f in moved.files] == ["duplicate"]
    assert library.counts().all == 4


def test_words_reading_time_source_and_uri_are_stored(library: Library) -> None:
    art = library.article(1)
    assert art is not None
    assert art.words == len(art.body.split())
    assert art.source.endswith("000_57c416fe57b96e89.txt")
    assert art.uri.startswith("urn:sha256:") and len(art.uri) == len("urn:sha256:") + 64


def test_uri_is_stable_across_libraries(tmp_path: Path) -> None:
    uris = []
    for name in ("a.db", "b.db"):
        with Library.open(tmp_path / name) as lib:
            uris.append([row.uri for row in lib.page(library_view_all())])
    assert uris[0] == uris[1]


def test_folder_import_walks_recursively_and_reports_each_file(
    empty_library: Library, tmp_path: Path
) -> None:
    root = tmp_path / "news"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "one.txt").write_text("First article.\n\nSecond article.", encoding="utf-8")
    (root / "sub" / "deeper" / "two.txt").write_text("Third article.", encoding="utf-8")
    (root / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    (root / "sub" / "empty.txt").write_text("", encoding="utf-8")
    (root / "sub" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    report = empty_library.import_paths([root])
    by_name = {Path(f.path).name: f for f in report.files}
    assert set(by_name) == {"one.txt", "two.txt", "empty.txt", "image.txt"}
    assert len(by_name["one.txt"].added) == 2
    assert by_name["empty.txt"].status == "failed"
    assert by_name["empty.txt"].reason == "no text in the file"
    assert "PNG" in (by_name["image.txt"].reason or "")
    assert empty_library.counts().all == 3
    assert "Imported 3 articles from 2 files" in report.summary()


def test_missing_path_is_reported_not_raised(empty_library: Library, tmp_path: Path) -> None:
    report = empty_library.import_paths([tmp_path / "nowhere"])
    assert report.failed[0].reason == "no such file or folder"


def test_unreadable_file_is_reported(
    empty_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Secret.")
    path.chmod(0)  # enough for a normal user; root reads anything, so also refuse the read
    real = os.open

    def denied(name: str | Path, flags: int, *args: int) -> int:
        if str(name).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied")
        return real(name, flags, *args)

    monkeypatch.setattr(os, "open", denied)
    report = empty_library.import_paths([path])
    assert report.failed[0].reason == "cannot read it: Permission denied"
    assert empty_library.counts().all == 0


def test_fifo_and_symlink_loop_do_not_hang(empty_library: Library, tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    os.mkfifo(root / "pipe.txt")
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "ok.txt").write_text("Fine article.")
    report = empty_library.import_paths([root])
    assert empty_library.counts().all == 1
    reasons = {Path(f.path).name: f.reason for f in report.failed}
    assert reasons == {"pipe.txt": "cannot read it: not a regular file"}


def test_non_utf8_text_is_decoded(empty_library: Library, tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes("PARIS – Le “ministre” a parlé.".encode("cp1252"))
    report = empty_library.import_paths([path])
    art = empty_library.article(report.added_ids[0])
    assert art is not None
    assert art.dateline == "PARIS"
    assert art.body == "Le “ministre” a parlé."


def test_a_failing_file_leaves_nothing_behind(
    empty_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "many.txt"
    path.write_text("\n\n".join(f"Article number {i}." for i in range(1200)))
    from reader.library.ingest import importer
    from reader.library.ingest.formats.seed import parse_seed

    late = parse_seed(path.read_text())[700].content_hash  # in the file's second 500
    written: list[int] = []
    real = importer._ids_for

    def failing(hashes: list[str]) -> dict[str, int]:
        if late in hashes:  # the disk goes when article 700 is written: half-way through
            raise OSError(5, "disk vanished")
        written.append(len(hashes))
        return real(hashes)

    monkeypatch.setattr(importer, "_ids_for", failing)
    report = empty_library.import_paths([path])
    assert report.failed and "disk vanished" in (report.failed[0].reason or "")
    assert written == [500]  # the first 500 were written, then undone with the rest
    assert Article.select().count() == 0
    assert SourceFile.select().count() == 0
    monkeypatch.setattr(importer, "_ids_for", real)
    assert len(empty_library.import_paths([path]).added_ids) == 1200


def test_cancel_keeps_what_was_done(empty_library: Library, tmp_path: Path) -> None:
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(f"Article {i}.")
    seen: list[str] = []
    report = empty_library.import_paths(
        [tmp_path], progress=lambda done, path: seen.append(path), cancelled=lambda: len(seen) >= 2
    )
    assert report.cancelled
    assert empty_library.counts().all == 2
    assert "Cancelled" in report.summary()


def test_changed_file_adds_new_articles_and_keeps_old(
    empty_library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "news.txt"
    path.write_text("Alpha story.\n\nBeta story.")
    empty_library.import_paths([path])
    path.write_text("Alpha story.\n\nGamma story.")
    report = empty_library.import_paths([path])
    assert len(report.added_ids) == 1  # "Gamma" is too unlike "Beta" to be its new version
    assert report.duplicates == 0  # "Alpha" is the same article of the same file
    assert report.files[0].kept == 1  # "Beta" left the file and stays in the library
    assert "Kept 1 article no longer in their files" in report.summary()
    assert empty_library.counts().all == 3
    assert database.execute_sql("SELECT COUNT(*) FROM source_file").fetchone()[0] == 1


def test_missing_corpus_gives_an_empty_library_and_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.library import api

    monkeypatch.setattr(api, "corpus_dir", lambda: tmp_path / "no-corpus")
    with Library.open(tmp_path / "lib.db") as lib:
        assert lib.counts().all == 0
        assert len(lib.warnings) == 1
        assert "bundled corpus could not be imported" in lib.warnings[0]
        assert "no such file or folder" in lib.warnings[0]


def test_one_bad_file_in_a_batch_of_new_files_costs_only_itself(
    empty_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New files are written together; when that fails, each is written on its own."""
    from reader.library.ingest import importer

    folder = tmp_path / "stories"
    folder.mkdir()
    for i in range(30):
        (folder / f"{i:02d}.txt").write_text(f"Story {i}\n\nA short story number {i}.")
    real = importer.Importer._row

    def row(self: importer.Importer, draft, source_id: int, name: str):  # type: ignore[no-untyped-def]
        if name.endswith("17.txt"):
            raise ValueError("this file's row cannot be stored")
        return real(self, draft, source_id, name)

    monkeypatch.setattr(importer.Importer, "_row", row)
    report = empty_library.import_paths([folder])
    assert [Path(f.path).name for f in report.failed] == ["17.txt"]
    assert "cannot be stored" in (report.failed[0].reason or "")
    assert len(report.added_ids) == 29
    assert SourceFile.select().where(SourceFile.path.endswith("17.txt")).count() == 0
    assert empty_library.counts().all == 29


def test_a_file_named_twice_in_one_import_is_imported_once(
    empty_library: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "once"
    folder.mkdir()
    path = folder / "once.txt"
    path.write_text("Once\n\nOnly once.")
    report = empty_library.import_paths([path, folder])
    assert len(report.added_ids) == 1
    assert sorted(f.status for f in report.files) == ["imported", "unchanged"]


def test_worker_processes_import_exactly_what_the_importing_thread_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large imports parse and classify in worker processes, in chunks of files: the
    library they make is the same as one made without them, articles in the same order."""
    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(40):
        (folder / f"{i:02d}.txt").write_text(
            f"Match report {i}\n\nThe striker scored twice as the league leaders won {i}-0."
        )
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    # Workers for this small import, in chunks of 7, two ahead: the importing thread reads some.
    pooled = ImportTuning(pool_min_files=10, chunk_files=7, chunks_ahead=2)
    made = []
    for name, tuning in (("pool.db", pooled), ("inline.db", ImportTuning(workers=0))):
        with Library.open(tmp_path / name, import_corpus=False, tuning=tuning) as lib:
            report = lib.import_paths([folder])
            rows = lib.page(View(), None, 100)
            made.append([(r.title, tuple(t.code for t in r.topics)) for r in rows])
            assert len(report.added_ids) == 40
            assert [Path(f.path).name for f in report.failed] == ["broken.txt"]
    assert made[0] == made[1]


def test_an_import_goes_on_when_worker_processes_cannot_start(
    empty_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures.process import BrokenProcessPool

    def broken(self: object, *args: object, **kwargs: object) -> None:
        raise BrokenProcessPool("a worker died while starting")

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor.submit", broken)
    for i in range(6):
        (tmp_path / f"{i}.txt").write_text(f"Story {i}\n\nText of story {i}.")
    tuning = ImportTuning(pool_min_files=3, chunk_files=2)
    report = empty_library.import_paths([tmp_path], tuning=tuning)
    assert len(report.added_ids) == 6
    assert report.failed == []


def test_the_importing_thread_reads_files_itself_while_the_workers_are_busy(
    empty_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files go to the worker processes while they have room; the rest are read by the
    importing thread rather than waited for. Every file comes out exactly once, in the order
    the files were listed (articles are numbered in file order)."""
    from reader.library.ingest.preparing import PreparePool, Preparer, Task

    tuning = ImportTuning(chunk_files=2, chunks_ahead=2)  # two chunks of two files at a time
    paths = []
    for i in range(30):
        path = tmp_path / f"{i:02d}.txt"
        path.write_text(f"Story {i}\n\nThe council voted on the budget {i} times.")
        paths.append(str(path))
    pool = PreparePool(empty_library.rules, 1, tuning)
    try:
        preparer = Preparer(empty_library.rules, "auto", pool, tuning)
        seen: list[tuple[str, bool]] = []
        for name in paths:
            preparer.add(Task(name, None, None, 60))
            seen += [(t.path, t.chunk is None) for t, _ in preparer.ready()]
        outcomes = list(preparer.ready(final=True))
        seen += [(t.path, t.chunk is None) for t, _ in outcomes]
    finally:
        pool.close()
    assert [path for path, _ in seen] == paths  # in order, whoever read them
    here = sum(1 for _, own in seen if own)
    assert 0 < here < 30  # both the workers and the importing thread read files
    assert all(o.prepared is not None and not o.problem for _, o in outcomes)


def test_files_a_dying_worker_held_are_read_by_the_importing_thread(
    empty_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from reader.library.ingest import importer
    from reader.library.ingest.preparing import Chunk, PreparePool

    def dead(self: PreparePool) -> None:  # the chunk is sent, and its worker is killed
        chunk = self._chunk
        if chunk.jobs:
            self._chunk = Chunk()
            chunk.future = Future()
            chunk.future.set_exception(BrokenProcessPool("a worker was killed"))

    monkeypatch.setattr(PreparePool, "flush", dead)
    for i in range(8):
        (tmp_path / f"{i}.txt").write_text(f"Story {i}\n\nText of story {i}.")
    tuning = ImportTuning(pool_min_files=3, workers=1)
    report = importer.Importer(empty_library.rules, tuning=tuning).run([tmp_path])
    assert len(report.added_ids) == 8
    assert report.failed == []


def test_new_rows_are_linked_right_when_sqlite_numbers_them_at_random(
    empty_library: Library, tmp_path: Path
) -> None:
    """Rows one insert adds are normally numbered one after another, and the importer relies
    on that only after checking it: once the largest rowid is taken, SQLite picks them at
    random, and every article must still get its own topics and search entry."""
    top = 2**63 - 1
    database.execute_sql(
        "INSERT INTO source_file (id, path, content_hash, size, format, mtime_ns, imported_at)"
        " VALUES (?, '/elsewhere/x.txt', 'x', 1, 'text', 0, '2026-01-01')",
        (top,),
    )
    database.execute_sql(
        "INSERT INTO article (id, uri, content_hash, source_path, source_index, title, "
        "title_derived, body, words, added, updated, format) VALUES "
        "(?, 'urn:x', 'x', '/elsewhere/x.txt', 0, 'X', 0, 'x', 1, '2020-01-01', '2020-01-01', "
        "'text')",
        (top,),
    )
    stories = {"goal": "The striker scored a late goal in the cup final.",
               "vote": "Parliament voted on the election law and the coalition split.",
               "rate": "The central bank raised interest rates to curb inflation."}  # fmt: skip
    for word, text in stories.items():
        (tmp_path / f"{word}.txt").write_text(f"About the {word}\n\n{text}")
    report = empty_library.import_paths([tmp_path])
    assert len(report.added_ids) == 3
    for word in stories:
        [hit] = empty_library.search(word)
        assert hit.title == f"About the {word}"
        source = SourceFile.get(SourceFile.path == str(tmp_path / f"{word}.txt"))
        assert Article.get_by_id(hit.article_id).source_file_id == source.id
    topics = {r.title: [t.code for t in r.topics] for r in empty_library.page(View(), None, 9)}
    assert topics["About the goal"][0] != topics["About the rate"][0]


@pytest.mark.parametrize("workers", [0, 1])
def test_an_import_commits_as_it_goes_and_says_what_landed_each_time(
    empty_library: Library, tmp_path: Path, workers: int
) -> None:
    """Every `commit_seconds` what was written is committed and reported, whether the files
    are still being listed or all are (a few large files are listed at once)."""
    from reader.library.ingest import importer

    # Commit after every file, each written on its own; workers from three files on.
    tuning = ImportTuning(commit_seconds=0.0, pool_min_files=3, batch_files=1, workers=workers)
    for i in range(6):
        (tmp_path / f"{i}.txt").write_text(f"Story {i}\n\nText of story {i}.")
    landed: list[list[int]] = []
    run = importer.Importer(empty_library.rules, tuning=tuning,
                            on_commit=lambda added, _updated: landed.append(added))  # fmt: skip
    report = run.run([tmp_path])
    assert len(report.added_ids) == 6
    assert len(landed) >= 5
    assert sorted(i for chunk in landed for i in chunk) == sorted(report.added_ids)


def test_tuning_is_passed_in_through_open_and_per_import(tmp_path: Path) -> None:
    """The library's tuning paces each import unless the call brings its own: committing
    after every file, the window hears of each file as it lands."""
    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}.txt").write_text(f"Story {i}\n\nText of story {i}.")
    eager = ImportTuning(commit_seconds=0.0, batch_files=1, workers=0)
    with Library.open(tmp_path / "eager.db", import_corpus=False, tuning=eager) as lib:
        heard: list[Changes] = []
        lib.subscribe(heard.append)
        assert lib.tuning == eager
        assert len(lib.import_paths([folder]).added_ids) == 5
        assert len(heard) == 5
    (folder / "5.txt").write_text("Story 5\n\nText of story 5.")
    (folder / "6.txt").write_text("Story 6\n\nText of story 6.")
    with Library.open(tmp_path / "eager.db", import_corpus=False) as lib:
        heard = []
        lib.subscribe(heard.append)
        assert lib.tuning == ImportTuning()
        report = lib.import_paths([folder], tuning=ImportTuning(commit_seconds=3600))
        assert len(report.added_ids) == 2
        assert len(heard) == 1  # one commit, at the end


@pytest.mark.parametrize(
    "bad", [{"batch_files": 0}, {"commit_seconds": -1.0}, {"workers": -1}, {"hold_bytes": 0}]
)
def test_tuning_refuses_values_that_cannot_work(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError, match=next(iter(bad))):
        ImportTuning(**bad)  # type: ignore[arg-type]
