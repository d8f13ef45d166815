"""Learning topics in the window: the Article menu's "Re-classify All Articles…" and "Forget
What Topics Learned…", and learning again after the user's topic choices.

Both long jobs run on a worker thread (`reader.ui.feeds.worker.Running`: one call on the
library, its own connection, closed when done). After a topic is put on or taken off by hand
the library's classifier is out of date; `LEARN_DELAY_MS` after the last such change (ticking
several topics learns once) the controller learns again off the GUI thread, so the next import
or re-classification does not wait for it. Re-classifying shows "Re-classifying: 1,200 of
9,000" with a Stop button in the status bar; stopping keeps the articles done.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QObject, QTimer, SignalInstance, Slot
from PySide6.QtWidgets import QStatusBar, QWidget

from reader.library import Changes, Library, LibraryError
from reader.ui.commands.actions import ActionId, ActionRegistry
from reader.ui.feeds.worker import Running
from reader.ui.style.plain_text import ask
from reader.ui.window.job_progress import JobProgress

LEARN_DELAY_MS = 1500
Say = Callable[..., object]


class TopicLearningController(QObject):
    """Binds the two actions; learns again after choices; runs one job at a time."""

    def __init__(
        self, *, library: Library, registry: ActionRegistry, changed: SignalInstance,
        status: QStatusBar,
        host: QWidget, say: Say, parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._library = library
        self._registry = registry
        self._host = host
        self._say = say
        self.running: Running | None = None
        self.learning: Running | None = None
        self.progress = JobProgress(
            self.stop, name="reclassifyProgress", doing="Re-classifying",
            stop_tip="Stop re-classifying (the articles done keep their new topics)", parent=status,
        )  # fmt: skip
        status.addPermanentWidget(self.progress)
        self._learn_timer = QTimer(self, singleShot=True, interval=LEARN_DELAY_MS)
        self._learn_timer.timeout.connect(self.learn)
        registry.bind(ActionId.RECLASSIFY_ALL, self.reclassify_all)
        registry.bind(ActionId.FORGET_LEARNED, self.forget)
        changed.connect(self._changed)  # every write, also from other threads: queued

    @Slot(object)
    def _changed(self, changes: Changes) -> None:
        if changes.topics and not self._library.learning_is_current():
            self._learn_timer.start()

    def learn(self) -> bool:
        """Learn from the user's choices on a worker thread (unless a job is running: it
        learns itself first). Whether it started."""
        if self.running is not None or self.learning is not None:
            if self.learning is None:
                return False
            self._learn_timer.start()  # learning now: again once it is done
            return False

        def job(_progress: Callable[[int, int, str], None], _cancelled: Callable[[], bool]) -> int:
            return self._library.learn_topics().model.examples

        learning = Running(self, self._library, job, "topics-learn")
        self.learning = learning
        learning.worker.finished.connect(self._learned)
        learning.worker.failed.connect(self._learn_failed)
        learning.start()
        return True

    @Slot(object)
    def _learned(self, _examples: object) -> None:
        self._learning_over()

    @Slot(str)
    def _learn_failed(self, message: str) -> None:
        self._learning_over()
        self._say(f"Topics could not learn from your choices: {message}", 15000)

    def _learning_over(self) -> None:
        if self.learning is not None:
            self.learning.dispose()
            self.learning = None

    def reclassify_all(self) -> bool:
        """Re-classify every article (asks first); the user's own choices stay."""
        if self.running is not None:
            self._say("Already re-classifying: Stop in the status bar stops it")
            return False
        examples = self._library.learned_examples()
        learned = (
            f" and what they learned from your {examples} choice{'s' * (examples != 1)}"
            if examples else ""
        )  # fmt: skip
        if not ask(self._host, "Re-classify All Articles", (
            f"Choose the topics of every article again, with the topic rules{learned}?\n\n"
            "Topics you put on or took off by hand stay as you left them."
        )):  # fmt: skip
            return False
        return self.start_reclassify()

    def start_reclassify(self) -> bool:
        """Re-classify every article without asking (the action asks first)."""

        def job(progress: Callable[[int, int, str], None], cancelled: Callable[[], bool]) -> object:
            def told(done: int, total: int) -> None:
                progress(done, total, "")

            changes = self._library.reclassify(progress=told, cancelled=cancelled)
            return len(changes.articles), cancelled()

        self._learn_timer.stop()  # re-classifying learns first
        running = Running(self, self._library, job, "topics-reclassify")
        self.running = running
        running.worker.progressed.connect(self.progress.show_progress)  # a slot: queued
        running.worker.finished.connect(self._reclassified)
        running.worker.failed.connect(self._reclassify_failed)
        self.progress.label.setText("Re-classifying…")
        self.progress.show()
        self._registry.action(ActionId.RECLASSIFY_ALL).setEnabled(False)
        running.start()
        return True

    def stop(self) -> None:
        if self.running is not None:
            self.running.worker.cancel()
            self.progress.label.setText("Stopping…")

    def _over(self) -> None:
        if self.running is not None:
            self.running.dispose()
            self.running = None
        self.progress.hide()
        self._registry.action(ActionId.RECLASSIFY_ALL).setEnabled(True)

    @Slot(object)
    def _reclassified(self, outcome: object) -> None:
        count, stopped = cast(tuple[int, bool], outcome)
        self._over()
        what = f"{count:,} article{'s' * (count != 1)}"
        self._say(f"Stopped: re-classified {what}" if stopped else f"Re-classified {what}", 10000)

    @Slot(str)
    def _reclassify_failed(self, message: str) -> None:
        self._over()
        self._say(f"Re-classifying stopped: {message}", 15000)

    def forget(self) -> bool:
        """Forget what the topics learned (asks first); the user's choices stay."""
        examples = self._library.learned_examples()
        if not examples:
            self._say("Topics have learned nothing from your choices yet")
            return False
        if not ask(self._host, "Forget What Topics Learned", (
            f"Forget what topics learned from your {examples} choice{'s' * (examples != 1)}?"
            "\n\nThe topics you chose stay on their articles; new articles get topics from the "
            "rules alone until you choose again. Re-classify All Articles applies it to the "
            "articles you have."
        )):  # fmt: skip
            return False
        try:
            self._library.forget_learned_topics()
        except LibraryError as error:  # read-only, busy: one sentence
            self._say(str(error))
            return False
        self._say("Topics forgot what they learned from your choices")
        return True

    def shutdown(self) -> None:
        """Stop the jobs and wait for their threads (the window is closing)."""
        self._learn_timer.stop()
        for running in (self.running, self.learning):
            if running is not None:
                running.stop()
        self.running = self.learning = None
