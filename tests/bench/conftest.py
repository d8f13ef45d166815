"""Benchmarks: on demand only (`pytest -m bench tests/bench -s`), each builds its own data.

READER_BENCH_ARTICLES sets the size of the large library (default 100,000).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tests.bench.corpus_gen import write_corpus

ARTICLES = int(os.environ.get("READER_BENCH_ARTICLES", "100000"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/bench" in str(item.path):
            item.add_marker(pytest.mark.bench)


@pytest.fixture(scope="session")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    themes = write_corpus(folder, ARTICLES)
    print(f"\ngenerated {ARTICLES:,} articles in {folder}: {themes}")
    return folder


def rss_kb() -> int:
    """This process's resident set now (VmRSS), in KB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class RssGrowth:
    """Samples VmRSS every 20 ms while in the `with` block; `.mb` is the peak growth over the
    resident set at entry (how much memory the work needed, whatever ran before it)."""

    def __init__(self) -> None:
        self.mb = 0.0
        self._start = 0
        self._peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> RssGrowth:
        self._start = self._peak = rss_kb()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._peak = max(self._peak, rss_kb())
        self.mb = (self._peak - self._start) / 1024

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self._peak = max(self._peak, rss_kb())
