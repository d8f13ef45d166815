"""Preferences, applied live and kept: `PreferencesController`.

It binds Edit › Preferences… (the dialog) and View › Reading Theme › System, Light, Sepia,
Dark (one handler each; their check marks follow the theme chosen however it was chosen),
keeps the preferences in the settings, sets the reading pane's style (its own palette, so
the reading theme colours only the text, as Zotero keeps it apart from the app's theme),
gives the app its own theme, and follows the system's colour scheme while running (Qt's
`colorSchemeChanged`) when the reading theme follows the system. A change of measure or
size has the window's panes fitted again (`refit`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from reader.ui.commands.actions import ActionId, ActionRegistry
from reader.ui.commands.specs import READING_THEME_ACTIONS
from reader.ui.panes.reading_pane import ReadingPane
from reader.ui.preferences import appearance, model
from reader.ui.preferences.dialog import PreferencesDialog
from reader.ui.preferences.model import READING_THEME_NAMES, Preferences
from reader.ui.window.state import Settings

Say = Callable[[str], object]


class PreferencesController(QObject):
    """The reader's preferences (see the module docstring). Signal: `changed(Preferences)`."""

    changed = Signal(object)

    def __init__(
        self, *, registry: ActionRegistry, pane: ReadingPane, state: Settings, host: QWidget,
        refit: Callable[[], object], say: Say, parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._registry = registry
        self._pane = pane
        self._state = state
        self._host = host
        self._refit = refit
        self._say = say
        self._prefs = model.load(state)
        self._system_dark = appearance.system_is_dark()
        self.dialog: PreferencesDialog | None = None
        registry.bind(ActionId.PREFERENCES, self.open_dialog)
        for name, action in READING_THEME_ACTIONS.items():
            registry.bind(action, self._theme_handler(name))
        QGuiApplication.styleHints().colorSchemeChanged.connect(self.system_scheme_changed)
        if self._prefs.app_theme != "system":
            appearance.apply_app_theme(self._prefs.app_theme)
            self._system_dark = appearance.system_is_dark()
        self._apply(self._prefs)

    # -- the preferences ----------------------------------------------------------------------

    def preferences(self) -> Preferences:
        return self._prefs

    def set_preferences(self, prefs: Preferences) -> None:
        """Apply `prefs` now and keep them."""
        prefs = model.checked(prefs)
        before = self._prefs
        if prefs == before:
            return
        self._prefs = prefs
        model.save(self._state, prefs, before)
        if prefs.app_theme != before.app_theme:
            appearance.apply_app_theme(prefs.app_theme)
            if QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Unknown:
                self._system_dark = appearance.system_is_dark()
        self._apply(prefs, before)
        if self.dialog is not None and self.dialog.preferences() != prefs:
            self.dialog.show_preferences(prefs)
        self.changed.emit(prefs)

    def update(self, **changes: object) -> None:
        """Change some preferences (by field name), e.g. `update(size=15.0)`."""
        self.set_preferences(self._prefs.with_changes(**changes))

    def reading_theme(self) -> str:
        """The reading theme in effect ("light", "sepia" or "dark")."""
        return model.reading_theme(self._prefs, self._system_dark)

    def set_reading_theme(self, name: str) -> None:
        self.update(reading_theme=name)
        self._check()
        shown = self.reading_theme()
        words = READING_THEME_NAMES[name].lower()
        self._say(f"Reading theme: {words}" + (f" ({shown})" if name == "system" else ""))

    @Slot(Qt.ColorScheme)
    def system_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        """The system's colour scheme changed: a reading theme that follows it follows."""
        dark = appearance.system_is_dark(scheme)
        if dark == self._system_dark:
            return
        self._system_dark = dark
        if self._prefs.reading_theme == "system":
            self._apply(self._prefs)

    # -- applying -----------------------------------------------------------------------------

    def _theme_handler(self, name: str) -> Callable[[], None]:
        return lambda: self.set_reading_theme(name)

    def _apply(self, prefs: Preferences, before: Preferences | None = None) -> None:
        self._pane.set_reading_style(model.reading_style(prefs, self._system_dark))
        self._check()
        fitted = (before.size, before.line_width) if before else None
        if fitted is not None and fitted != (prefs.size, prefs.line_width):
            self._refit()

    def _check(self) -> None:
        for name, action in READING_THEME_ACTIONS.items():
            self._registry.action(action).setChecked(name == self._prefs.reading_theme)

    # -- the dialog ---------------------------------------------------------------------------

    def open_dialog(self) -> PreferencesDialog:
        """Show the Preferences dialog (the one already open, if it is)."""
        if self.dialog is None:
            self.dialog = PreferencesDialog(self._prefs, self._host.window())
            self.dialog.changed.connect(self.set_preferences)
            self.dialog.finished.connect(self._closed)
        else:
            self.dialog.show_preferences(self._prefs)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def _closed(self, _result: int) -> None:
        self._host.window().activateWindow()
