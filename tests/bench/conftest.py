"""Benchmarks: on demand only (`pytest -m bench tests/bench -s`), each builds its own data.

READER_BENCH_ARTICLES sets the size of the large library (default 100,000).
"""

from __future__ import annotations

import os
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
