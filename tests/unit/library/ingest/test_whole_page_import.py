"""A web page saved from a browser and imported from disk: its article is found by the same
extractor as Add Page (the menus, sidebars, cookie banner and footer stay out), its pictures
are never loaded, and an HTML file that is an article of its own is read whole as before."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from reader.library import Library

PAGES = Path(__file__).parent.parent.parent.parent / "data" / "pages"


def _import(lib: Library, tmp_path: Path, name: str) -> int:
    path = tmp_path / name
    shutil.copy(PAGES / name, path)
    report = lib.import_paths([path])
    (article_id,) = report.added_ids
    return article_id


def test_a_saved_whole_page_imports_only_its_article(
    empty_library: Library, tmp_path: Path
) -> None:
    article = empty_library.article(_import(empty_library, tmp_path, "whole_page.html"))
    assert article is not None
    assert article.title == "Harbour bridge reopens after two years of repairs"
    assert "harbour bridge" in article.body.lower()
    for chrome in ("cookie", "Subscribe today", "Opinion"):
        assert chrome not in article.body, chrome
    assert "<img" not in (article.body_html or "")  # a local file's pictures are never loaded
    assert "127.0.0.1" not in article.html() and "http" not in (article.body_html or "")


def test_an_article_file_is_read_whole(empty_library: Library, tmp_path: Path) -> None:
    article = empty_library.article(_import(empty_library, tmp_path, "article_page.html"))
    assert article is not None and article.body.strip()
    raw = (PAGES / "article_page.html").read_text(encoding="utf-8")
    last_words = article.body.split()[-3:]
    assert " ".join(last_words).rstrip(".") in " ".join(raw.split())


def test_hostile_whole_pages_import_in_bounded_time(empty_library: Library, tmp_path: Path) -> None:
    """Site chrome around a great many unclosed tags, links and scripts: read, not hung."""
    for n, unit in enumerate(("<a\n", "<nav><a>x ", "<script>", "<aside><p>word ")):
        path = tmp_path / f"hostile{n}.html"
        path.write_text(
            f"<html><body><nav>menu</nav><p>Page {n}</p>" + unit * 40_000, encoding="utf-8"
        )
        started = time.monotonic()
        report = empty_library.import_paths([path])
        (result,) = report.files  # one result for the file: an article, or a refusal
        assert report.added_ids or report.failed or report.skipped, result
        assert time.monotonic() - started < 20, unit  # quadratic code takes minutes here
