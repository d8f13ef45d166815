"""Imports that meet odd names, deep folders, links out of the folder, files that take too
long and Cancel inside a file: each gives a clear result and loses nothing else."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

import pytest

from reader.library import ImportTuning, Library
from reader.library.ingest.blocks import MAX_BLOCKS
from reader.library.ingest.importer import NAME_WARNING, iter_files
from reader.library.store.models import Article


def _good_files(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"good-{i:02d}.txt").write_text(f"Headline {i}\n\nThe story number {i}.")


def test_a_name_that_is_not_utf8_is_imported_with_the_rest(
    empty_library: Library, tmp_path: Path
) -> None:
    """It aborted the whole import: `UnicodeEncodeError: surrogates not allowed`."""
    folder = tmp_path / "in"
    _good_files(folder, 50)
    odd = os.fsdecode(bytes(folder) + b"/odd-\xff\xfe.txt")
    Path(odd).write_text("Odd name\n\nIts body is fine.")
    report = empty_library.import_paths([folder])
    assert len(report.added_ids) == 51 and not report.failed
    [warned] = report.warned
    assert warned.path.endswith("odd-\\xff\\xfe.txt") and warned.status == "imported"
    assert warned.warnings == [NAME_WARNING]
    warned.path.encode("utf-8")  # printable
    assert "1 file with warnings" in report.summary()
    article = Article.get_by_id(warned.added[0])
    assert article.source_path == warned.path
    again = empty_library.import_paths([folder])  # the escaped name finds the same file
    assert again.unchanged == 51


def _remove_deep(top: Path) -> None:
    """Remove a chain of `d` folders without recursion (shutil.rmtree would recurse)."""
    fds = [os.open(top, os.O_RDONLY)]
    with contextlib.suppress(FileNotFoundError):
        while True:
            fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
    for name in os.listdir(fds[-1]):
        os.unlink(name, dir_fd=fds[-1])
    os.close(fds.pop())
    while fds:
        os.rmdir("d", dir_fd=fds[-1])
        os.close(fds.pop())


def test_a_folder_1100_levels_deep_is_walked(empty_library: Library, tmp_path: Path) -> None:
    """It ended in RecursionError."""
    deep = tmp_path / "in"
    deep.mkdir()
    try:
        _import_deep(empty_library, deep)
    finally:
        _remove_deep(deep)


def _import_deep(empty_library: Library, deep: Path) -> None:
    fd = os.open(deep, os.O_RDONLY)
    try:  # relative to a descriptor: the full path would pass PATH_MAX
        for _ in range(1100):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        note = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(note, b"Deep down\n\nA story at the bottom.")
        os.close(note)
    finally:
        os.close(fd)
    (deep / "top.txt").write_text("Top\n\nA story at the top.")
    entries = list(iter_files([deep]))
    assert [Path(e[0]).name for e in entries] == ["deep.txt", "top.txt"]  # "d" < "top.txt"
    report = empty_library.import_paths([deep])
    assert len(report.added_ids) == 2 and not report.failed


def test_links_that_lead_out_of_the_folder_are_skipped_and_named(
    empty_library: Library, tmp_path: Path
) -> None:
    """`notes.txt -> /etc/passwd` became an article; /proc/self/environ was read."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret\n\nNot to be imported.")
    folder = tmp_path / "in"
    _good_files(folder, 2)
    (folder / "notes.txt").symlink_to("/etc/passwd")
    (folder / "env.txt").symlink_to("/proc/self/environ")
    (folder / "secret.txt").symlink_to(outside / "secret.txt")
    (folder / "away").symlink_to(outside, target_is_directory=True)
    (folder / "sub").mkdir()
    (folder / "sub" / "inner.txt").write_text("Inner\n\nA story in a subfolder.")
    (folder / "alias.txt").symlink_to(folder / "sub" / "inner.txt")  # inside: fine
    (folder / "loop").symlink_to(folder, target_is_directory=True)  # inside: walked once
    report = empty_library.import_paths([folder])
    skipped = {Path(f.path).name: f.reason for f in report.skipped}
    assert set(skipped) == {"notes.txt", "env.txt", "secret.txt", "away"}
    assert skipped["notes.txt"] == "a symbolic link that leads out of the folder (to /etc/passwd)"
    assert all("leads out of the folder" in (r or "") for r in skipped.values())
    bodies = {a.body for a in Article.select()}
    assert bodies == {"The story number 0.", "The story number 1.", "A story in a subfolder."}
    assert "Skipped 4 symbolic links that lead out of the folder." in report.summary()
    assert "of other types" not in report.summary()


def test_a_link_named_on_its_own_is_followed(empty_library: Library, tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("Real\n\nThe user named this link.")
    (tmp_path / "link.txt").symlink_to(target)
    report = empty_library.import_paths([tmp_path / "link.txt"])
    assert len(report.added_ids) == 1


def test_text_left_out_of_a_page_is_in_the_report(empty_library: Library, tmp_path: Path) -> None:
    path = tmp_path / "long.html"
    path.write_text("".join(f"<p>para {i}" for i in range(MAX_BLOCKS + 7)))
    report = empty_library.import_paths([path])
    [result] = report.files
    assert result.status == "imported"
    assert result.warnings == [
        f"7 paragraphs (70 characters) past the first {MAX_BLOCKS:,} were left out"
    ]
    assert "1 file with warnings" in report.summary()


def _hostile_markdown(path: Path, megabytes: float) -> None:
    """Paragraphs of `![` short enough to be parsed as Markdown (at 15-20 s a MB)."""
    path.write_text("\n\n".join(["![" * 45_000] * int(megabytes * 1024 * 1024 / 90_000)))


@pytest.mark.parametrize("workers", [0, 1])
def test_cancel_stops_inside_a_file_within_a_second(
    empty_library: Library, tmp_path: Path, workers: int
) -> None:
    """Cancel was checked only between files. With `workers`, the file is read in a worker
    process, which hears Cancel through the pool's event."""
    folder = tmp_path / "in"
    folder.mkdir()
    _hostile_markdown(folder / "slow.md", 3)  # its inline budget alone is 5.5 s
    tuning = ImportTuning(pool_min_files=1, workers=workers)
    asked: list[float] = []
    timer = threading.Timer(1.0, lambda: asked.append(time.monotonic()))
    timer.start()
    try:
        report = empty_library.import_paths([folder], cancelled=lambda: bool(asked), tuning=tuning)
    finally:
        timer.cancel()
    done = time.monotonic()
    assert asked and done - asked[0] < 1.0 + (1.0 if workers else 0.0)  # + the pool's exit
    assert report.cancelled and report.added_ids == [] and not report.failed


def test_a_slow_file_is_refused_and_the_rest_imported(
    empty_library: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    _good_files(folder, 3)
    _hostile_markdown(folder / "slow.md", 1)
    tuning = ImportTuning(read_seconds=0.3, read_seconds_per_mb=0.2)
    start = time.monotonic()
    report = empty_library.import_paths([folder], tuning=tuning)
    assert time.monotonic() - start < 3
    [failed] = report.failed
    assert Path(failed.path).name == "slow.md"
    assert failed.reason is not None
    size = (folder / "slow.md").stat().st_size / 1024 / 1024
    assert failed.reason.startswith(f"took too long to read: over 0 s for {size:.1f} MB (")
    assert len(report.added_ids) == 3
