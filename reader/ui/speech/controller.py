"""Article › Read Aloud: the article on screen read sentence by sentence, the sentence being
read marked in the pane and kept in view.

`SpeechController` is handed the action registry (it binds the eight Read Aloud actions),
the one owner of the article on screen (reading stops when another article is shown), the
reading pane (it reads the pane's article and draws the `speech` mark layer), a way to ask
whether caret mode is on, the settings that keep the speed and the voice, and a way to
report status. It asks for a speech engine only when the reader first uses one of its
actions; when there is none (`reader.ui.speech.engine`), every action says in the status bar
how to get one, and nothing else happens.

Reading starts at the sentence holding the text cursor in caret mode, else at the first
sentence that starts on screen. Each sentence is one utterance: when the engine is ready
again the next one is said, so the mark, Next and Previous always agree with the voice.
Reading stops when another article is shown, when the window closes and when the
application quits.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from reader.library import ArticleText
from reader.ui.commands.actions import ActionId, ActionRegistry
from reader.ui.commands.palette import Picker, PickerItem
from reader.ui.panes.body_map import BodyMap, scroll_to_body
from reader.ui.panes.reading_pane import ReadingPane
from reader.ui.reading.current import CurrentArticle
from reader.ui.speech.engine import open_engine
from reader.ui.speech.sentences import Sentence, sentence_at, split_sentences
from reader.ui.style import theme

if TYPE_CHECKING:
    from PySide6.QtTextToSpeech import QTextToSpeech, QVoice

Say = Callable[[str], object]
LAYER = "speech"
RATE_STEP = 0.1
NOTHING_SHOWN = "Choose an article first: there is nothing to read aloud"
NO_TEXT = "This article has no text to read aloud"
NOT_READING = "Not reading aloud: Read Aloud starts at the text cursor or the top of the screen"


class SpeechSettings(Protocol):
    """Where the reading speed and voice are kept (`reader.ui.window.state.Settings`)."""

    def speech_rate(self) -> float: ...
    def set_speech_rate(self, rate: float) -> None: ...
    def speech_voice(self) -> str: ...
    def set_speech_voice(self, name: str) -> None: ...


def speech_format(palette: QPalette) -> QTextCharFormat:
    """How the sentence being read is marked: a neutral wash of the text's own colour and
    an underline, so it is never taken for a highlight (colours) or a found word (accent)."""
    text = palette.color(QPalette.ColorRole.Text)
    wash = QColor(text)
    wash.setAlpha(48 if theme.is_dark(palette) else 34)
    form = QTextCharFormat()
    form.setBackground(wash)
    form.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
    form.setUnderlineColor(theme.muted(palette))
    return form


def rate_text(rate: float) -> str:
    if abs(rate) < RATE_STEP / 2:
        return "normal"
    return f"{rate:+.1f} (normal is 0, the fastest 1, the slowest -1)"


class SpeechController(QObject):
    """Binds the Read Aloud actions (see the module docstring)."""

    def __init__(
        self, registry: ActionRegistry, current: CurrentArticle, pane: ReadingPane, *,
        caret_active: Callable[[], bool], settings: SpeechSettings, say: Say,
        engine: str | None = None, parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._registry = registry
        self._pane = pane
        self._caret_active = caret_active
        self._settings = settings
        self._say = say
        self._engine_name = engine
        self._tts: QTextToSpeech | None = None
        self._unavailable = ""  # why there is no engine, once one was asked for
        self._article: ArticleText | None = None
        self._map: BodyMap | None = None
        self._sentences: list[Sentence] = []
        self._index = 0
        self._reading = False  # a reading is under way (speaking or paused)
        self._paused = False
        self._started = False  # the engine began the utterance asked for last
        self._on_resume = "engine"  # "engine": resume it; "speak": say the sentence; "next"
        self.picker: Picker | None = None
        for action, handler in (
            (ActionId.READ_ALOUD, self.read_aloud),
            (ActionId.PAUSE_READING, self.pause_resume),
            (ActionId.STOP_READING, self.stop),
            (ActionId.NEXT_SENTENCE, self.next_sentence),
            (ActionId.PREVIOUS_SENTENCE, self.previous_sentence),
            (ActionId.READ_FASTER, self.faster),
            (ActionId.READ_SLOWER, self.slower),
            (ActionId.READING_VOICE, self.choose_voice),
        ):
            registry.bind(action, handler)
        current.shown.connect(self._shown)
        pane.documentReplaced.connect(self._document_replaced)
        pane.installEventFilter(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    # -- what tests and the status bar ask ------------------------------------------------------

    def reading(self) -> bool:
        return self._reading

    def paused(self) -> bool:
        return self._reading and self._paused

    def sentence(self) -> Sentence | None:
        """The sentence being read (or paused in), if any."""
        return self._sentences[self._index] if self._reading else None

    def sentences(self) -> list[Sentence]:
        return list(self._sentences)

    # -- the engine -----------------------------------------------------------------------------

    def engine(self) -> QTextToSpeech | None:
        """The speech engine, opened on first use with the kept speed and voice; None (and
        the reason said) when there is none."""
        if self._tts is None and not self._unavailable:
            found = open_engine(self._engine_name, self)
            if isinstance(found, str):
                self._unavailable = found
            else:
                self._tts = found
                found.setRate(self._settings.speech_rate())
                wanted = self._settings.speech_voice()
                for voice in found.availableVoices() if wanted else []:
                    if voice.name() == wanted:
                        found.setVoice(voice)
                        break
                found.stateChanged.connect(self._state_changed)
        if self._tts is None:
            self._say(self._unavailable)
        return self._tts

    # -- actions --------------------------------------------------------------------------------

    def read_aloud(self) -> bool:
        """Read from the text cursor (caret mode) or the top of the screen; resume if paused."""
        tts = self.engine()
        if tts is None:
            return False
        if self.paused():
            return self._resume(tts)
        article = self._pane.article()
        if article is None:
            self._say(NOTHING_SHOWN)
            return False
        sentences = split_sentences(article.body)
        if not sentences:
            self._say(NO_TEXT)
            return False
        self._quiet_stop()
        self._article, self._sentences = article, sentences
        self._map = BodyMap(article.body, self._pane.document())
        self._index = self._start_index()
        self._reading, self._paused = True, False
        self._speak()
        self._say(
            f"Reading aloud from sentence {self._index + 1} of {len(sentences)}"
            f" · {self._keys(ActionId.PAUSE_READING)} pauses"
            f" · {self._keys(ActionId.STOP_READING)} stops"
        )
        return True

    def pause_resume(self) -> bool:
        """Pause the reading, or resume it; start it if there is none."""
        tts = self.engine()
        if tts is None:
            return False
        if not self._reading:
            return self.read_aloud()
        if self._paused:
            return self._resume(tts)
        self._paused = True
        self._on_resume = "engine"
        tts.pause()
        self._say(f"Reading aloud paused · {self._keys(ActionId.PAUSE_READING)} resumes")
        return True

    def stop(self) -> bool:
        """Stop reading and take the mark away."""
        if not self._reading:
            if self._tts is None:
                self.engine()  # says how to get speech, if there is none
            return False
        self._quiet_stop()
        self._say("Stopped reading aloud")
        return True

    def next_sentence(self) -> bool:
        return self._step(1)

    def previous_sentence(self) -> bool:
        return self._step(-1)

    def faster(self) -> float | None:
        return self._change_rate(RATE_STEP)

    def slower(self) -> float | None:
        return self._change_rate(-RATE_STEP)

    def choose_voice(self) -> Picker | None:
        """Offer the engine's voices by name and language; the one chosen is kept."""
        tts = self.engine()
        if tts is None:
            return None
        voices = list(tts.availableVoices())
        if not voices:
            self._say("The speech engine offers no voices to choose from")
            return None
        chosen = tts.voice().name()
        items = [
            PickerItem(
                label=voice.name(),
                detail=("✓ " if voice.name() == chosen else "") + self._voice_detail(voice),
                run=partial(self.set_voice, voice),
                words=voice.locale().nativeLanguageName(),
            )
            for voice in voices
        ]
        picker = Picker(self._pane.window(), items, title="Voice", placeholder="Type a voice")
        row = next((n for n, v in enumerate(voices) if v.name() == chosen), 0)
        picker.list.setCurrentIndex(picker.model.index(row, 0))
        picker.open()
        self.picker = picker
        return picker

    def set_voice(self, voice: QVoice) -> None:
        tts = self.engine()
        if tts is None:
            return
        tts.setVoice(voice)
        self._settings.set_speech_voice(voice.name())
        self._say(f"Reading voice: {voice.name()}")

    # -- reading --------------------------------------------------------------------------------

    def _start_index(self) -> int:
        assert self._map is not None
        pane = self._pane
        if self._caret_active():
            return sentence_at(self._sentences, self._map.to_body(pane.textCursor().position()))
        top = pane.cursorForPosition(QPoint(0, 0)).position()
        index = sentence_at(self._sentences, self._map.to_body(top))
        last = len(self._sentences) - 1
        while index < last and self._rect(self._sentences[index].start).top() < 0:
            index += 1  # it begins above the screen (or on a line cut by its top edge, which
            # `_keep_in_view` would scroll to): start with the first that begins wholly on it
        return index

    def _speak(self) -> None:
        """Mark the current sentence, bring it into view and say it."""
        assert self._tts is not None
        sentence = self._sentences[self._index]
        self._draw_mark(scroll=True)
        self._started = False
        self._tts.say(sentence.text)

    def _state_changed(self, state: Any) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if state == QTextToSpeech.State.Speaking:
            self._started = True
        elif state == QTextToSpeech.State.Error and self._reading:
            reason = self._tts.errorString() if self._tts is not None else ""
            self._quiet_stop()
            self._say(f"Reading aloud stopped: {reason}" if reason else "Reading aloud stopped")
        elif state == QTextToSpeech.State.Ready and self._reading and self._started:
            self._started = False
            if self._paused:  # the sentence ended as the pause came: go on from the next
                self._on_resume = "next"
            else:
                self._advance()

    def _advance(self) -> None:
        if self._index + 1 < len(self._sentences):
            self._index += 1
            self._speak()
            return
        title = self._article.title if self._article is not None else ""
        self._quiet_stop()
        self._say(f"Finished reading “{title}” aloud" if title else "Finished reading aloud")

    def _resume(self, tts: QTextToSpeech) -> bool:
        self._paused = False
        how, self._on_resume = self._on_resume, "engine"
        if how == "engine":
            tts.resume()
        elif how == "speak":
            self._speak()
        else:
            self._advance()
        self._say("Reading aloud")
        return True

    def _step(self, delta: int) -> bool:
        if self.engine() is None:
            return False
        if not self._reading:
            self._say(NOT_READING)
            return False
        target = self._index + delta
        if not 0 <= target < len(self._sentences):
            self._say("This is the last sentence" if delta > 0 else "This is the first sentence")
            return False
        self._index = target
        if self._paused:  # stay paused on the new sentence; Resume says it
            assert self._tts is not None
            self._started = False
            self._tts.stop()
            self._on_resume = "speak"
            self._draw_mark(scroll=True)
        else:
            self._speak()
        return True

    def _change_rate(self, delta: float) -> float | None:
        tts = self.engine()
        if tts is None:
            return None
        rate = round(min(1.0, max(-1.0, self._settings.speech_rate() + delta)), 1)
        self._settings.set_speech_rate(rate)
        tts.setRate(rate)
        limit = (rate >= 1.0 and delta > 0) or (rate <= -1.0 and delta < 0)
        self._say(
            f"Reading speed: {rate_text(rate)}"
            + (" · already the limit" if limit else "")
            + (" · from the next sentence" if self._reading and not limit else "")
        )
        return rate

    def _quiet_stop(self) -> None:
        """End the reading (if any) without a word: the engine is silenced, the mark goes."""
        was_reading = self._reading
        self._reading = self._paused = self._started = False
        self._on_resume = "engine"
        if self._tts is not None and was_reading:
            self._tts.stop()
        if was_reading:
            self._pane.set_marks(LAYER, [])
        self._article, self._map, self._sentences, self._index = None, None, [], 0

    # -- the mark ------------------------------------------------------------------------------

    def _cursor(self, start: int, end: int | None = None) -> QTextCursor:
        assert self._map is not None
        cursor = QTextCursor(self._pane.document())
        cursor.setPosition(self._map.to_document(start))
        if end is not None:
            cursor.setPosition(self._map.to_document(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def _rect(self, offset: int) -> Any:
        return self._pane.cursorRect(self._cursor(offset))

    def _draw_mark(self, scroll: bool) -> None:
        sentence = self._sentences[self._index]
        mark = QTextEdit.ExtraSelection()
        mark.cursor = self._cursor(sentence.start, sentence.end)
        mark.format = speech_format(self._pane.palette())
        self._pane.set_marks(LAYER, [mark])
        if scroll:
            self._keep_in_view(sentence)

    def _keep_in_view(self, sentence: Sentence) -> None:
        """Scroll only when part of the sentence is off screen (then a third of the way down)."""
        assert self._map is not None
        height = self._pane.viewport().height()
        if self._rect(sentence.start).top() >= 0 and self._rect(sentence.end).bottom() <= height:
            return
        scroll_to_body(self._pane, self._map, sentence.start)

    # -- when to stop ---------------------------------------------------------------------------

    def _same_article(self, article: ArticleText | None) -> bool:
        mine = self._article
        return (
            article is not None
            and mine is not None
            and (article.id, article.body)
            == (
                mine.id,
                mine.body,
            )
        )

    def _shown(self, article: ArticleText | None) -> None:
        if self._reading and not self._same_article(article):
            self._quiet_stop()

    def _document_replaced(self) -> None:
        """The pane set its document again: a restyle of this article (the mark is drawn
        anew where the text now is) or another article (reading stops)."""
        if not self._reading:
            return
        if not self._same_article(self._pane.article()):
            self._quiet_stop()
            return
        assert self._article is not None
        self._map = BodyMap(self._article.body, self._pane.document())
        self._draw_mark(scroll=False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        hidden = event.type() == QEvent.Type.Hide and not event.spontaneous()
        if watched is self._pane and hidden:  # the window closed (minimising is spontaneous)
            self._quiet_stop()
        return False

    def _keys(self, action: ActionId) -> str:
        return self._registry.key_text(action).split(", ")[0] or self._registry.label(action)

    @staticmethod
    def _voice_detail(voice: QVoice) -> str:
        language = voice.locale().nativeLanguageName() or voice.locale().name()
        gender = voice.genderName(voice.gender()) if hasattr(voice, "genderName") else ""
        return f"{language} · {gender}" if gender and gender != "Unknown" else language
