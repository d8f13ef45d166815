"""Position-independence: start-up with the last-read article at the end of a large view
against at its top, and a command-line command on the large library against the bundled
four articles.

Prints, in one run (medians of `RUNS` fresh processes each): process start to first painted
window with the remembered article as the view's last row and as its first (target ratio
<= 1.5), with the rows the list read and the delegate's size requests; and `reader list
--limit 5` and `reader show ID` on the large library against the 4-article one (target
ratio <= 1.5). Raw figures and ratios only: these machines are noisy, nothing is asserted
on time.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.library import Library, View

REPO = Path(__file__).resolve().parents[2]
RUNS = 5


@pytest.fixture(scope="module")
def large(big_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("position") / "library.db"
    with Library.open(path, import_corpus=False) as library:
        library.import_paths([big_corpus])
    return path


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("position-small") / "library.db"
    Library.open(path).close()  # the bundled four articles
    return path


def _start(library: Path, settings: Path, article_id: int) -> dict[str, float]:
    settings.unlink(missing_ok=True)
    args = [sys.executable, "-m", "tests.bench.restore_probe", str(library), str(settings)]
    spawned = time.time()
    out = subprocess.run(
        [*args, repr(spawned), str(article_id)],
        capture_output=True, text=True, cwd=REPO, timeout=600, check=True,
    ).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def _median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def test_start_with_the_last_read_article_at_the_end_or_the_top(
    large: Path, tmp_path: Path
) -> None:
    with Library.open(large, import_corpus=False) as library:
        top = library.neighbour(View(), None)
        end = library.neighbour(View(), None, forward=False)
        rows = library.view_size(View())
    assert top is not None and end is not None
    settings = tmp_path / "settings.ini"
    _start(large, settings, top)  # warm the file cache (and make the day's backup)
    at_top = [_start(large, settings, top) for _ in range(RUNS)]
    at_end = [_start(large, settings, end) for _ in range(RUNS)]
    assert all(r["shown"] == end and r["row"] == rows - 1 for r in at_end)
    assert all(r["shown"] == top and r["row"] == 0 for r in at_top)
    top_s, end_s = _median(at_top, "first_paint_s"), _median(at_end, "first_paint_s")
    print(
        f"\nstart to first paint, {rows:,} articles, last-read article at the end (row "
        f"{rows - 1:,}): {end_s * 1000:.0f} ms, at the top: {top_s * 1000:.0f} ms; ratio "
        f"{end_s / top_s:.2f} (target <= 1.5; median of {RUNS})"
        f"\n  rows read: {_median(at_end, 'rows_read'):.0f} at the end, "
        f"{_median(at_top, 'rows_read'):.0f} at the top; size requests: "
        f"{_median(at_end, 'size_hints'):.0f} at the end, {_median(at_top, 'size_hints'):.0f} "
        "at the top"
    )


def _command(library: Path, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "reader", *args, "--library", str(library)],
        capture_output=True, text=True, cwd=REPO, timeout=600, check=True,
    )  # fmt: skip
    return time.perf_counter() - started


def test_a_command_on_the_large_library_against_four_articles(large: Path, small: Path) -> None:
    with Library.open(large, import_corpus=False) as library:
        big_id = library.neighbour(View(), None, forward=False)
        rows = library.view_size(View())
    with Library.open(small, import_corpus=False) as library:
        small_id = library.neighbour(View(), None)
    assert big_id is not None and small_id is not None
    for command in (["list", "--limit", "5"], ["show"]):
        big_args = [*command, str(big_id)] if command == ["show"] else command
        small_args = [*command, str(small_id)] if command == ["show"] else command
        _command(large, *big_args), _command(small, *small_args)  # warm up (the day's backup)
        big = statistics.median(_command(large, *big_args) for _ in range(RUNS))
        few = statistics.median(_command(small, *small_args) for _ in range(RUNS))
        print(
            f"\nreader {' '.join(big_args)}: {big * 1000:.0f} ms on {rows:,} articles, "
            f"{few * 1000:.0f} ms on 4; ratio {big / few:.2f} (target <= 1.5; median of {RUNS})"
        )
