"""Imported HTML and Markdown in the real reading pane; drops, folders and watched folders."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import WindowFactory

DATA = Path(__file__).resolve().parents[1] / "data"
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


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_dropping_files_imports_them(
    empty_library: Library, make_window: WindowFactory, tmp_path: Path, qtbot: QtBot
) -> None:
    window = make_window(empty_library)
    path = tmp_path / "dropped.md"
    path.write_text("# Dropped\n\nA dropped article.")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    with qtbot.waitSignal(window.importer.done, timeout=10_000):
        window.dropEvent(event)
    assert window.list_model.rowCount() == 1
    assert window.importer.last_message is not None
    assert "Imported 1 article" in window.importer.last_message.text()
    window.importer.last_message.close()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_watched_folder_imports_new_files(
    empty_library: Library, make_window: WindowFactory, tmp_path: Path, qtbot: QtBot
) -> None:
    window = make_window(empty_library)
    folder = tmp_path / "watched"
    folder.mkdir()
    dialog = window.show_watched_folders()
    dialog._choose = lambda: str(folder)  # the folder chooser, answered
    dialog.add_folder()
    assert window.settings.watched_folders() == [str(folder)]
    (folder / "new.txt").write_text("Watched headline\n\nA new article in a watched folder.")
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 1, timeout=10_000)
    assert window.importer.last_message is None  # quiet: no report box when all went well
    dialog.list.setCurrentRow(0)
    dialog.remove_selected()
    assert window.settings.watched_folders() == []
    dialog.close()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_a_folder_import_counts_its_files_first_and_reports_progress_sparingly(
    empty_library: Library, make_window: WindowFactory, tmp_path: Path, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """The progress dialog's bar runs to the number of files in the folders (not to the
    number of folders chosen), and the import thread does not flood the window with a
    signal per file."""
    from reader.ui.importing.controller import ImportWorker

    folder = tmp_path / "news"
    for i in range(300):
        (folder / f"{i // 100}").mkdir(parents=True, exist_ok=True)
        (folder / f"{i // 100}" / f"{i:03d}.txt").write_text(f"Story {i}\n\nText of story {i}.")
    (folder / "notes.pdf").write_bytes(b"%PDF")  # listed, and skipped
    monkeypatch.setattr(ImportWorker, "PROGRESS_SECONDS", 0.02)
    window = make_window(empty_library)
    counted: list[int] = []
    progressed: list[int] = []
    original = window.importer._make_dialog

    def make_dialog() -> object:
        dialog = original()
        dialog.setMinimumDuration(0)
        return dialog

    monkeypatch.setattr(window.importer, "_make_dialog", make_dialog)
    window.importer.start([folder])
    worker = window.importer._worker
    assert worker is not None
    # (called on the import thread, as these callables belong to no QObject of the window)
    worker.counted.connect(counted.append)
    worker.progressed.connect(lambda done, _path: progressed.append(done))
    dialog = window.importer._dialog
    assert dialog is not None and dialog.maximum() == 0  # busy until the files are counted
    with qtbot.waitSignal(window.importer.done, timeout=20_000) as finished:
        qtbot.waitUntil(lambda: dialog.maximum() == 301, timeout=10_000)
    assert counted == [301]
    assert len(progressed) < 301 / 2
    assert progressed == sorted(progressed)
    assert len(finished.args[0].added_ids) == 300
    assert window.importer.last_message is not None
    window.importer.last_message.close()


def test_an_import_above_the_article_being_read_does_not_load_the_list_down_to_it(
    empty_library: Library, make_window: WindowFactory, tmp_path: Path, qtbot: QtBot
) -> None:
    """New articles land above the one being read: the list shows them without loading
    every row down to it each time, the pane keeps it, and J still goes on from it."""
    older, newer = tmp_path / "older.txt", tmp_path / "newer.txt"
    older.write_text("Older story\n\nThe older of the two.")
    newer.write_text("Newer story\n\nThe newer of the two.")
    [older_id] = empty_library.import_paths([older]).added_ids
    [newer_id] = empty_library.import_paths([newer]).added_ids
    window = make_window(empty_library)
    assert window.article_list.select_article(newer_id)
    assert window.pane.article_id() == newer_id
    folder = tmp_path / "new"
    folder.mkdir()
    for i in range(600):
        (folder / f"{i:03d}.txt").write_text(f"Fresh story {i}\n\nText of fresh story {i}.")
    empty_library.import_paths([folder])
    qtbot.wait(1)
    assert window.pane.article_id() == newer_id
    assert window.article_list.current_id() == newer_id
    assert window.list_model.rowCount() < 600  # not loaded down to it
    window.article_list.step(1)
    assert window.pane.article_id() == older_id
    assert window.article_list.current_id() == older_id
