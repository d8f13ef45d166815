"""Renaming and merging a tag on 10,000 articles (target: each at most 1 s, one write), and
the first page of a tag's view against the first page of All Articles.

Prints raw times and, as a baseline measured in the same run, the time of one write that
touches the same articles without tags (marking all of them read), and the ratio of each;
and the two first pages, read turn about (median of `ROUNDS * 5`), with their ratio.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from reader.library import Library, View

ARTICLES = 10_000
ROUNDS = 6


def _library(path: Path, tmp_path: Path) -> Library:
    source = tmp_path / "many.txt"
    source.write_text("\n\n".join(f"Story {i}: " + "words " * 30 for i in range(ARTICLES)))
    library = Library.open(path, import_corpus=False, backups=False)
    library.import_paths([source])
    return library


def _timed(call: object) -> float:
    assert callable(call)
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def test_rename_and_merge_10k(tmp_path: Path) -> None:
    library = _library(tmp_path / "library.db", tmp_path)
    try:
        ids = [row.id for row in library.page(View("all"), limit=ARTICLES)]
        assert len(ids) == ARTICLES
        library.tag_articles(ids, add=["work/project-x", "later"])
        half = ids[: ARTICLES // 2]
        library.tag_articles(half, add=["read later"])
        renames, merges, undos, baseline = [], [], [], []
        for number in range(ROUNDS):
            old, new = ("work", "job") if number % 2 == 0 else ("job", "work")
            renames.append(_timed(lambda o=old, n=new: library.rename_tag(o, n)))
            saved: list[object] = []
            merges.append(
                _timed(lambda s=saved: s.append(library.merge_tags(["read later"], "later")))
            )
            undos.append(_timed(lambda s=saved: library.restore_tags(s[0])))  # type: ignore[arg-type]
            baseline.append(_timed(lambda r=number % 2 == 0: library.set_read(ids, r)))
        tag_pages, all_pages = [], []
        for _ in range(ROUNDS * 5):
            tag_pages.append(_timed(lambda: library.page(View("tag", tag="work"))))
            all_pages.append(_timed(lambda: library.page(View("all"))))
        names = {t.name for t in library.tags()}
        assert names == {"work", "work/project-x", "later", "read later"}
    finally:
        library.close()
    base = statistics.median(baseline)
    for what, times in (("rename", renames), ("merge", merges), ("undo merge", undos)):
        median = statistics.median(times)
        print(f"\n{what} across {ARTICLES:,} articles: median {median * 1000:.1f} ms "
              f"(max {max(times) * 1000:.1f} ms); baseline mark-read {base * 1000:.1f} ms; "
              f"ratio {median / base:.2f}")  # fmt: skip
        assert max(times) <= 1.0
    tag_page, all_page = statistics.median(tag_pages), statistics.median(all_pages)
    print(f"\nfirst page of a {ARTICLES:,}-article tag: {tag_page * 1000:.1f} ms; of All "
          f"Articles: {all_page * 1000:.1f} ms; ratio {tag_page / all_page:.2f}")  # fmt: skip
