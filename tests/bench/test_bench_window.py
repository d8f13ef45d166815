"""Start-up, topic switch and memory of the real window: 100k articles against a few.

Prints, in one run: process start to first painted window with the large library against an
empty one; choosing a 30,000-article topic until its first rows are painted (one frame is
16 ms); peak RSS with the large library against the bundled four articles.
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


def _probe(library: Path, settings: Path, topic: str | None = None) -> dict[str, float]:
    settings.unlink(missing_ok=True)  # a first launch each time: selects All and one article
    args = [sys.executable, "-m", "tests.bench.app_probe", str(library), str(settings)]
    spawned = time.time()
    out = subprocess.run(
        [*args, repr(spawned), *([topic] if topic else [])],
        capture_output=True, text=True, cwd=REPO, timeout=300, check=True,
    ).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def _median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


@pytest.fixture(scope="module")
def big_library(big_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("big") / "library.db"
    with Library.open(path, import_corpus=False) as library:
        library.import_paths([big_corpus])
        counts = library.counts().topics
    biggest = max(counts, key=lambda code: counts[code])
    print(f"\nbig library, articles per topic: {counts}")
    return path, biggest


def test_start_topic_switch_and_memory(big_library: tuple[Path, str], tmp_path: Path) -> None:
    big, topic = big_library
    empty = tmp_path / "empty.db"
    Library.open(empty, import_corpus=False).close()
    small = tmp_path / "small.db"
    Library.open(small).close()
    settings = tmp_path / "settings.ini"
    with Library.open(big, import_corpus=False) as library:
        topic_size = library.counts().of(View("topic", topic))
    empty_runs = [_probe(empty, settings) for _ in range(RUNS)]
    big_runs = [_probe(big, settings, topic) for _ in range(RUNS)]
    small_runs = [_probe(small, settings, "16000000") for _ in range(RUNS)]
    start_empty = _median(empty_runs, "first_paint_s")
    start_big = _median(big_runs, "first_paint_s")
    rss_small, rss_big = _median(small_runs, "maxrss_kb"), _median(big_runs, "maxrss_kb")
    topic_ms = _median(big_runs, "topic_ms")
    print(
        f"\nstart to first paint: {start_big * 1000:.0f} ms with the big library, "
        f"{start_empty * 1000:.0f} ms empty; ratio {start_big / start_empty:.2f} (target <= 1.5)"
        f"\nchoosing a {topic_size:,}-article topic to first rows painted: {topic_ms:.1f} ms "
        f"(median of {RUNS}; max {max(r['topic_ms'] for r in big_runs):.1f} ms; target <= 16 ms)"
        f"\npeak RSS: {rss_big / 1024:.0f} MB with the big library, {rss_small / 1024:.0f} MB "
        f"with 4 articles; ratio {rss_big / rss_small:.2f} (target <= 1.5)"
    )
