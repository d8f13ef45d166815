"""Article › Read Aloud on the real window with Qt's `mock` speech engine: sentence by
sentence with the sentence marked and in view, pause, resume, stop, next and previous,
speed and voice kept, reading from the caret or the top of the screen, stopping when the
article changes or the window closes, the keys, and the message when speech is missing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.ui.commands.actions import ActionId
from reader.ui.panes.body_map import BodyMap
from reader.ui.speech.controller import LAYER, SpeechController
from reader.ui.speech.engine import ENGINE_VARIABLE, NEEDS_EXTRA, open_engine
from reader.ui.window.mainwindow import MainWindow

SHORT = "Birds sing.\n\nDogs bark loudly.\n\nCats sleep. Fish swim."
WAIT = 5000


@pytest.fixture(autouse=True)
def _mock_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENGINE_VARIABLE, "mock")


def _show(window: MainWindow, library: Library, tmp_path: Path, text: str) -> int:
    path = tmp_path / f"speech-{abs(hash(text))}.txt"
    path.write_text("Read aloud test\n\n" + text, encoding="utf-8")
    (article_id,) = library.import_paths([path], fmt="text").added_ids
    assert window.current.show(article_id)
    return article_id


def _run(window: MainWindow, action: ActionId) -> None:
    window.registry.action(action).trigger()


def _speech(window: MainWindow) -> SpeechController:
    return window.speech


def _marked(window: MainWindow) -> str:
    marks = window.pane.marks(LAYER)
    return marks[0].cursor.selectedText() if marks else ""  # type: ignore[attr-defined]


def _fast(window: MainWindow) -> None:
    window.settings.set_speech_rate(1.0)


def test_reads_sentence_by_sentence_marking_each(
    window: MainWindow, library: Library, tmp_path: Path, qtbot: QtBot
) -> None:
    _fast(window)
    _show(window, library, tmp_path, SHORT)
    speech = _speech(window)
    _run(window, ActionId.READ_ALOUD)
    assert (
        speech.reading() and "Reading aloud from sentence 1 of 4" in window.status.currentMessage()
    )
    assert _marked(window) == "Birds sing."
    seen: list[str] = []
    qtbot.waitUntil(
        lambda: seen.append(_marked(window)) or _marked(window) == "Fish swim.", timeout=WAIT
    )
    assert [s for s in dict.fromkeys(seen) if s] == [
        "Birds sing.",
        "Dogs bark loudly.",
        "Cats sleep.",
        "Fish swim.",
    ][-len([s for s in dict.fromkeys(seen) if s]) :]
    qtbot.waitUntil(lambda: not speech.reading(), timeout=WAIT)
    assert window.pane.marks(LAYER) == []
    assert "Finished reading “Read aloud test” aloud" in window.status.currentMessage()
    assert speech.engine() is not None and speech.engine().rate() == pytest.approx(1.0)  # type: ignore[union-attr]


def test_the_mark_is_not_a_highlight_colour_and_found_words_stay_on_top(
    window: MainWindow, library: Library, tmp_path: Path
) -> None:
    from reader.ui.panes.reading_pane import MARK_LAYERS
    from reader.ui.style.colours import found_colours, paint_colour

    assert MARK_LAYERS.index("highlights") < MARK_LAYERS.index(LAYER) < MARK_LAYERS.index("found")
    _show(window, library, tmp_path, SHORT)
    _run(window, ActionId.READ_ALOUD)
    paint = window.pane.marks(LAYER)[0].format.background().color()  # type: ignore[attr-defined]
    palette = window.pane.palette()
    others = [paint_colour(name, palette) for name in ("yellow", "green", "blue", "pink", "purple")]
    others += list(found_colours(palette))
    for other in others:
        assert paint.rgb() != other.rgb()
    assert abs(paint.red() - paint.green()) < 12 and abs(paint.green() - paint.blue()) < 12  # grey
    _run(window, ActionId.STOP_READING)


def test_pause_resume_and_stop(
    window: MainWindow, library: Library, tmp_path: Path, qtbot: QtBot
) -> None:
    _show(window, library, tmp_path, "One two three four five six seven. Eight nine.")
    speech = _speech(window)
    _run(window, ActionId.READ_ALOUD)
    engine = speech.engine()
    assert engine is not None
    qtbot.waitUntil(lambda: engine.state() == engine.State.Speaking, timeout=WAIT)
    _run(window, ActionId.PAUSE_READING)
    assert speech.paused() and "paused" in window.status.currentMessage()
    qtbot.waitUntil(lambda: engine.state() == engine.State.Paused, timeout=WAIT)
    qtbot.wait(300)
    assert engine.state() == engine.State.Paused and speech.sentence().text.startswith("One")  # type: ignore[union-attr]
    _run(window, ActionId.PAUSE_READING)
    assert not speech.paused()
    qtbot.waitUntil(lambda: engine.state() == engine.State.Speaking, timeout=WAIT)
    _run(window, ActionId.STOP_READING)
    assert not speech.reading() and window.pane.marks(LAYER) == []
    assert "Stopped reading aloud" in window.status.currentMessage()
    qtbot.waitUntil(lambda: engine.state() == engine.State.Ready, timeout=WAIT)


def test_next_and_previous_sentence(
    window: MainWindow, library: Library, tmp_path: Path, qtbot: QtBot
) -> None:
    _show(window, library, tmp_path, "One two three four five. Six seven eight nine. Ten eleven.")
    speech = _speech(window)
    _run(window, ActionId.NEXT_SENTENCE)
    assert "Not reading aloud" in window.status.currentMessage()
    _run(window, ActionId.READ_ALOUD)
    _run(window, ActionId.NEXT_SENTENCE)
    assert _marked(window) == "Six seven eight nine."
    _run(window, ActionId.NEXT_SENTENCE)
    _run(window, ActionId.NEXT_SENTENCE)
    assert "last sentence" in window.status.currentMessage() and _marked(window) == "Ten eleven."
    _run(window, ActionId.PREVIOUS_SENTENCE)
    assert _marked(window) == "Six seven eight nine."
    words: list[str] = []
    engine = speech.engine()
    assert engine is not None
    engine.sayingWord.connect(lambda word, *_: words.append(word))
    qtbot.waitUntil(lambda: "Six" in words or "seven" in words, timeout=WAIT)
    _run(window, ActionId.PAUSE_READING)  # moving while paused stays paused on the new one
    _run(window, ActionId.PREVIOUS_SENTENCE)
    assert speech.paused() and _marked(window) == "One two three four five."
    words.clear()
    _run(window, ActionId.PAUSE_READING)
    qtbot.waitUntil(lambda: "One" in words, timeout=WAIT)
    _run(window, ActionId.STOP_READING)


def test_faster_and_slower_change_the_rate_and_are_kept(
    window: MainWindow, library: Library, tmp_path: Path
) -> None:
    _show(window, library, tmp_path, SHORT)
    speech = _speech(window)
    assert speech.faster() == pytest.approx(0.1)
    assert speech.faster() == pytest.approx(0.2)
    engine = speech.engine()
    assert engine is not None and engine.rate() == pytest.approx(0.2)
    assert "Reading speed: +0.2" in window.status.currentMessage()
    assert window.settings.speech_rate() == pytest.approx(0.2)
    for _ in range(5):
        _run(window, ActionId.READ_SLOWER)
    assert engine.rate() == pytest.approx(-0.3) and window.settings.speech_rate() == pytest.approx(
        -0.3
    )
    window.settings.set_speech_rate(1.0)
    assert (
        speech.faster() == pytest.approx(1.0)
        and "already the limit" in window.status.currentMessage()
    )


def test_the_voice_picker_lists_the_engine_voices_and_keeps_the_choice(
    window: MainWindow, library: Library, tmp_path: Path, qtbot: QtBot
) -> None:
    speech = _speech(window)
    picker = speech.choose_voice()
    assert picker is not None and picker.isVisible()
    names = [picker.model.item(row).label for row in range(picker.model.rowCount())]  # type: ignore[union-attr]
    assert names == ["Bob", "Anne"]
    assert picker.model.item(0).detail.startswith("✓")  # type: ignore[union-attr]
    picker.field.setText("ann")
    qtbot.keyClick(picker.field, Qt.Key.Key_Return)
    assert speech.engine().voice().name() == "Anne"  # type: ignore[union-attr]
    assert (
        window.settings.speech_voice() == "Anne"
        and "Reading voice: Anne" in window.status.currentMessage()
    )


def test_the_kept_voice_and_rate_are_used_next_time(qtbot: QtBot, window: MainWindow) -> None:
    window.settings.set_speech_voice("Anne")
    window.settings.set_speech_rate(-0.4)
    engine = _speech(window).engine()
    assert engine is not None and engine.voice().name() == "Anne"
    assert engine.rate() == pytest.approx(-0.4)


def test_reading_stops_when_another_article_is_shown(
    window: MainWindow, library: Library, tmp_path: Path, qtbot: QtBot
) -> None:
    first = _show(window, library, tmp_path, SHORT)
    speech = _speech(window)
    _run(window, ActionId.READ_ALOUD)
    engine = speech.engine()
    assert engine is not None
    qtbot.waitUntil(lambda: engine.state() == engine.State.Speaking, timeout=WAIT)
    second = _show(window, library, tmp_path, "Another story. It is short.")
    assert second != first and window.current.id() == second
    assert not speech.reading() and window.pane.marks(LAYER) == []
    qtbot.waitUntil(lambda: engine.state() == engine.State.Ready, timeout=WAIT)
    qtbot.wait(250)
    assert engine.state() == engine.State.Ready  # nothing goes on reading the next one


def test_a_restyle_keeps_reading_and_redraws_the_mark(
    window: MainWindow, library: Library, tmp_path: Path
) -> None:
    _show(window, library, tmp_path, SHORT)
    speech = _speech(window)
    _run(window, ActionId.READ_ALOUD)
    _run(window, ActionId.NEXT_SENTENCE)
    window.pane.setPalette(window.pane.palette())
    window.pane._apply_stylesheet()  # what a theme change does: the document is set again
    assert speech.reading() and _marked(window) == "Dogs bark loudly."
    _run(window, ActionId.STOP_READING)


def test_closing_the_window_stops_reading(
    window: MainWindow, library: Library, tmp_path: Path, qtbot: QtBot
) -> None:
    _show(window, library, tmp_path, SHORT)
    speech = _speech(window)
    _run(window, ActionId.READ_ALOUD)
    engine = speech.engine()
    assert engine is not None
    qtbot.waitUntil(lambda: engine.state() == engine.State.Speaking, timeout=WAIT)
    window.close()
    assert not speech.reading()
    qtbot.waitUntil(lambda: engine.state() == engine.State.Ready, timeout=WAIT)


def test_reading_starts_at_the_caret(window: MainWindow, library: Library, tmp_path: Path) -> None:
    article_id = _show(window, library, tmp_path, SHORT)
    window.registry.action(ActionId.CARET_MODE).trigger()
    assert window.caret.active()
    body = library.article(article_id).body  # type: ignore[union-attr]
    where = BodyMap(body, window.pane.document()).to_document(body.index("sleep"))
    cursor = window.pane.textCursor()
    cursor.setPosition(where)
    window.pane.setTextCursor(cursor)
    _run(window, ActionId.READ_ALOUD)
    assert _marked(window) == "Cats sleep." and "sentence 3 of 4" in window.status.currentMessage()
    _run(window, ActionId.STOP_READING)


def _top(window: MainWindow, offset: int) -> int:
    """Where body offset `offset` is drawn in the pane (0: the top of the pane)."""
    pane = window.pane
    article = pane.article()
    assert article is not None
    probe = QTextCursor(pane.document())
    probe.setPosition(BodyMap(article.body, pane.document()).to_document(offset))
    return pane.cursorRect(probe).top()


def _long_text() -> str:
    return "\n\n".join(
        f"Paragraph {n} begins here. It has a second sentence about the harbour and the "
        f"council, long enough to wrap over a line or two. Then a third one ends it."
        for n in range(1, 41)
    )


def test_reading_starts_at_the_top_of_the_screen_and_keeps_the_sentence_in_view(
    window: MainWindow, library: Library, tmp_path: Path, qtbot: QtBot
) -> None:
    _show(window, library, tmp_path, _long_text())
    pane = window.pane
    bar = pane.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > pane.viewport().height(), timeout=WAIT)
    middle = bar.maximum() // 2
    bar.setValue(middle)
    pane.viewport().repaint()  # the middle is on screen (a long text is laid out as it is shown)
    speech = _speech(window)
    _run(window, ActionId.READ_ALOUD)
    sentence = speech.sentence()
    assert sentence is not None and sentence.start > 0
    index = speech.sentences().index(sentence)
    tops = [_top(window, speech.sentences()[n].start) for n in (index - 1, index)]
    assert bar.value() == middle  # it was on screen: nothing scrolled
    assert tops[0] < 0 <= tops[1] < pane.viewport().height() // 2  # the first that starts on it
    for _ in range(25):
        _run(window, ActionId.NEXT_SENTENCE)
    mark = pane.marks(LAYER)[0].cursor  # type: ignore[attr-defined]
    for position in (mark.selectionStart(), mark.selectionEnd()):
        probe = QTextCursor(pane.document())
        probe.setPosition(position)
        rect = pane.cursorRect(probe)
        assert rect.top() >= 0 and rect.bottom() <= pane.viewport().height()
    window.grab().save(str(tmp_path / "read-aloud.png"))
    _run(window, ActionId.STOP_READING)


def test_the_keys_read_pause_and_stop(
    win: MainWindow, library: Library, tmp_path: Path, qtbot: QtBot
) -> None:
    _show(win, library, tmp_path, SHORT)
    win.article_list.setFocus()
    speech = _speech(win)
    qtbot.keyClick(win.article_list, Qt.Key.Key_L, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(win.article_list, Qt.Key.Key_L)
    assert speech.reading()
    qtbot.keyClick(win.article_list, Qt.Key.Key_L, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(win.article_list, Qt.Key.Key_Space)
    assert speech.paused()
    qtbot.keyClick(win.article_list, Qt.Key.Key_L, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(win.article_list, Qt.Key.Key_S)
    assert not speech.reading()


def test_without_the_speech_module_every_action_says_how_to_enable_it(
    window: MainWindow, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", None)  # import fails
    _show(window, library, tmp_path, SHORT)
    for action in (
        ActionId.READ_ALOUD, ActionId.PAUSE_READING, ActionId.STOP_READING,
        ActionId.NEXT_SENTENCE, ActionId.PREVIOUS_SENTENCE, ActionId.READ_FASTER,
        ActionId.READ_SLOWER, ActionId.READING_VOICE,
    ):  # fmt: skip
        assert window.registry.action(action).isEnabled()
        window.status.say("")
        _run(window, action)
        assert NEEDS_EXTRA in window.status.currentMessage()
    assert not _speech(window).reading() and window.pane.marks(LAYER) == []
    if sys.platform.startswith("linux"):
        assert "speech-dispatcher" in window.status.currentMessage()


def test_no_working_engine_says_what_to_install(qapp: object) -> None:
    message = open_engine("no-such-engine")
    assert isinstance(message, str) and "no working" in message
