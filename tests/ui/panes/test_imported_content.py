"""Imported HTML and Markdown in the real reading pane: one block per body line, XSS
vectors and hostile input rendered harmlessly and quickly."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import WindowFactory

DATA = Path(__file__).resolve().parents[2] / "data"
RICH = """<html><body><h1>T</h1><p>First <em>para</em> &amp; <a href="https://x.org">a</a>.</p>
<ul><li>one</li><li>two<ul><li>two-a<ol><li>deep</li></ol></li></ul></li><li>three</li></ul>
<ol><li>x</li></ol><blockquote><p>quoted</p><p>more</p></blockquote>
<p>a\u200bb \u202eRTL\u202c x\u00adz</p><table><tr><td colspan=99>a</td><td>b</td></tr></table>
<pre>code  line1
line2</pre><h2>Sub</h2><p>End.</p></body></html>"""


UNSAFE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\s(?:on\w+|style|src|background)\s*=", re.I)


NESTED = "<table><tr><td>" * 30 + "deep" + "</td></tr></table>" * 30


def _blocks_after_meta(window: MainWindow) -> list[str]:
    block = window.pane.document().begin()
    texts = []
    while block.isValid():
        texts.append(block.text())
        block = block.next()
    return texts[2:]  # the title and the meta line come first


def _import_and_show(library: Library, window: MainWindow, path: Path, qtbot: QtBot) -> float:
    [article_id] = library.import_paths([path]).added_ids
    qtbot.wait(1)
    started = time.perf_counter()
    window.article_list.select_article(article_id)
    window.pane.viewport().repaint()
    return time.perf_counter() - started


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_pane_blocks_are_the_body_lines(
    empty_library: Library, make_window: WindowFactory, tmp_path: Path, qtbot: QtBot,
    suffix: str,
) -> None:  # fmt: skip
    window = make_window(empty_library)
    path = tmp_path / f"rich{suffix}"
    text = (
        RICH if suffix == ".html" else "# T\n\nA *b* [c](https://x.org)\n\n- one\n  - two\n\n> q\n"
    )
    path.write_text(text)
    _import_and_show(empty_library, window, path, qtbot)
    article = window.pane.article()
    assert article is not None
    assert _blocks_after_meta(window) == article.body.split("\n")


def test_xss_vectors_render_harmlessly(
    empty_library: Library, make_window: WindowFactory, tmp_path: Path, qtbot: QtBot
) -> None:
    window = make_window(empty_library)
    vectors = [v for v in (DATA / "xss_vectors.txt").read_text().splitlines() if v.strip()]
    for number, vector in enumerate(vectors):
        path = tmp_path / f"xss{number}.html"
        path.write_text(f"<html><title>Vector {number}</title><body><p>{number}</p>{vector}")
        report = empty_library.import_paths([path])
        if not report.added_ids:
            continue  # a duplicate of an earlier vector once made harmless
        seconds = _import_time_show(window, report.added_ids[0])
        assert seconds < 1.0, vector
        html = window.pane.article().html()  # type: ignore[union-attr]
        for tag in ("<script", "<img", "<iframe", "<svg", "<style", "<object", "<form"):
            assert tag not in html.lower(), (vector, html)
        assert not UNSAFE_ATTRIBUTE.search(html), (vector, html)
        hrefs = re.findall(r'href="([^"]*)"', html)
        assert all(h.startswith(("http://", "https://", "mailto:")) for h in hrefs), hrefs
    assert window.pane.blocked == []  # nothing asked the pane to load a resource


def _import_time_show(window: MainWindow, article_id: int) -> float:
    started = time.perf_counter()
    window.article_list.select_article(article_id)
    window.pane.viewport().repaint()
    return time.perf_counter() - started


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("nested.html", NESTED),
        ("zero.html", '<p>x</p><img src="/dev/zero"><img src="file:///dev/zero" alt="z">'),
        ("links.html", '<p><a href="file:///etc/passwd">f</a> <a href="javascript:x()">j</a></p>'),
        ("long.txt", "word " * 1_000_000),
        ("rtl.txt", "שלום\u200f \u202eevil\u202c \u200b zero width text."),
    ],
)
def test_bad_input_shows_quickly(
    empty_library: Library, make_window: WindowFactory, tmp_path: Path, qtbot: QtBot, *,
    name: str, content: str,
) -> None:  # fmt: skip
    window = make_window(empty_library)
    path = tmp_path / name
    path.write_text(content)
    seconds = _import_and_show(empty_library, window, path, qtbot)
    assert seconds < 3.0
    assert window.pane.article() is not None
    assert not [b for b in window.pane.blocked if "zero" in b or "passwd" in b]
