"""Changing a preference until the reading pane is repainted, with a 10,000-word article.

Prints, in one run, turn and turn about: the time from a preference changed (font size,
line spacing, justification, reading theme, line width, each in turn) until the pane has
repainted, against a bare `QTextBrowser` given the same HTML (`setHtml` and a repaint): the
raw baseline, and the ratio. Target: a change repainted within 100 ms. No timing is asserted
(these machines are noisy).
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.ui.window.mainwindow import MainWindow

WORDS = 10_000
RUNS = 20
CHANGES: tuple[dict[str, object], ...] = (
    {"size": 14.0}, {"size": 13.0}, {"line_spacing": 1.8}, {"line_spacing": 1.55},
    {"justify": True}, {"justify": False}, {"reading_theme": "sepia"},
    {"reading_theme": "light"}, {"line_width": 60}, {"line_width": 70},
)  # fmt: skip


def _long_article(folder: Path) -> Path:
    rng = random.Random(13)
    vocabulary = ["harbour", "council", "budget", "schools", "roads", "spring", "debate"]
    paragraphs, left = [], WORDS
    while left > 0:
        count = min(left, rng.randint(60, 140))
        words = [rng.choice(vocabulary) for _ in range(count)]
        paragraphs.append(" ".join(words).capitalize() + ".")
        left -= count
    path = folder / "long.md"
    path.write_text("# A long report\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    library = Library.open(tmp_path / "library.db", import_corpus=False)
    library.import_paths([_long_article(tmp_path)])
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, settings, open_url=lambda _url: None, schedule=False)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.article_list.step(1)
    article = window.pane.article()
    assert article is not None and len(article.body.split()) >= WORDS * 0.95
    yield window
    window.close()
    library.close()


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def test_a_preference_change_repaints_the_pane(window: MainWindow, qtbot: QtBot) -> None:
    pane = window.pane
    article = pane.article()
    assert article is not None
    html = article.html()
    bare = QTextBrowser()
    qtbot.addWidget(bare)
    bare.resize(pane.size())
    bare.show()
    bare.document().setDefaultStyleSheet(pane.document().defaultStyleSheet())
    changed, baseline = [], []
    for run in range(RUNS):
        change = CHANGES[run % len(CHANGES)]

        def prefer(change: dict[str, object] = change) -> None:
            window.preferences.update(**change)
            pane.viewport().repaint()

        def raw() -> None:
            bare.setHtml(html)
            bare.viewport().repaint()

        first, second = (prefer, raw) if run % 2 == 0 else (raw, prefer)
        times = {prefer: 0.0, raw: 0.0}
        for step in (first, second):
            times[step] = _timed(step)
        changed.append(times[prefer])
        baseline.append(times[raw])
    median, raw_median = statistics.median(changed), statistics.median(baseline)
    print(
        f"\na preference changed to the pane repainted, {WORDS:,}-word article: "
        f"{median:.1f} ms median of {RUNS} (max {max(changed):.1f} ms; target <= 100 ms)"
        f"\nbare QTextBrowser setHtml + repaint of the same HTML: {raw_median:.1f} ms "
        f"(max {max(baseline):.1f} ms); ratio {median / raw_median:.2f}"
    )
