"""The Preferences dialog: Ctrl+, and the palette open it; every control has a label with
its own mnemonic and an accessible name; each change applies at once (nothing to confirm);
Restore Defaults; Esc closes it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from reader.ui.commands.actions import ActionId
from reader.ui.preferences.dialog import PreferencesDialog
from reader.ui.preferences.model import Preferences
from reader.ui.style import theme
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import CTRL, K, press

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support (propagateSizeHints|raise|grabbing)"
)
CONTROLS = (
    "reading_theme", "app_theme", "font_size", "line_width", "line_spacing",
    "paragraph_spacing", "justify",
)  # fmt: skip


def mnemonic(text: str) -> str:
    at = text.replace("&&", "").index("&")
    return text.replace("&&", "")[at + 1].lower()


def open_dialog(win: MainWindow, qtbot: QtBot) -> PreferencesDialog:
    press(qtbot, K.Key_Comma, CTRL)
    dialog = win.preferences.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    return dialog


def test_ctrl_comma_opens_it_and_esc_closes_it(win: MainWindow, qtbot: QtBot) -> None:
    dialog = open_dialog(win, qtbot)
    assert win.registry.keys(ActionId.PREFERENCES) == ("Ctrl+,",)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    press(qtbot, K.Key_Escape)  # where the focus is, in the dialog
    assert not dialog.isVisible()
    picker = win.commands.open_palette()
    qtbot.keyClicks(picker.field, "preferences")
    item = picker.model.item(picker.current_row())
    assert item is not None and item.label == "Edit: Preferences"
    picker.run_row(picker.current_row())
    assert win.preferences.dialog is dialog and dialog.isVisible()  # the same one again
    dialog.close()


def test_every_control_is_labelled_with_a_mnemonic_and_named(win: MainWindow, qtbot: QtBot) -> None:
    dialog = open_dialog(win, qtbot)
    keys: list[str] = []
    controls: list[QWidget] = []
    for label in dialog.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None:
            keys.append(mnemonic(label.text()))
            controls.append(buddy)
            assert buddy.accessibleName(), label.text()
    for button in dialog.findChildren(QAbstractButton):
        if button.isVisible() and button.text():
            keys.append(mnemonic(button.text()))
            controls.append(button)
            assert button.accessibleName(), button.text()
    assert len(keys) == len(set(keys)), keys
    for name in CONTROLS:
        assert getattr(dialog, name) in controls, name
    for chooser in (dialog.text, dialog.heading):
        assert chooser.kind in controls and chooser.font in controls
    dialog.close()


def test_changes_apply_as_they_are_made(win: MainWindow, qtbot: QtBot) -> None:
    dialog = open_dialog(win, qtbot)
    pane = win.pane
    dialog.font_size.setValue(16.0)
    assert pane.document().defaultFont().pointSizeF() == 16.0
    dialog.line_width.setValue(55)
    assert pane.measure_chars == 55
    dialog.justify.setChecked(True)
    assert win.preferences.preferences().justify
    dialog.reading_theme.setCurrentIndex(dialog.reading_theme.findData("sepia"))
    assert win.registry.action(ActionId.READING_THEME_SEPIA).isChecked()
    dialog.text.kind.setCurrentIndex(dialog.text.kind.findData("sans"))
    assert win.preferences.preferences().text_family == "sans"
    family = dialog.heading.font.itemText(dialog.heading.font.count() - 1)
    dialog.heading.font.setCurrentIndex(dialog.heading.font.count() - 1)
    assert win.preferences.preferences().heading_family == family
    assert dialog.heading.kind.currentData() == "installed"
    win.registry.run(ActionId.READING_THEME_DARK)  # a menu choice shows in the open dialog
    assert dialog.reading_theme.currentData() == "dark"
    dialog.defaults.click()
    assert win.preferences.preferences() == Preferences()
    assert dialog.preferences() == Preferences()
    dialog.close()


def test_mnemonics_move_the_focus(win: MainWindow, qtbot: QtBot) -> None:
    dialog = open_dialog(win, qtbot)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    qtbot.keyClick(dialog, K.Key_W, Qt.KeyboardModifier.AltModifier)
    focused = QApplication.focusWidget()
    assert focused is dialog.line_width or dialog.line_width.isAncestorOf(focused)
    dialog.close()


def test_a_generic_family_shows_the_font_it_is_set_in(win: MainWindow, qtbot: QtBot) -> None:
    dialog = open_dialog(win, qtbot)
    installed = set(QFontDatabase.families())
    for kind, chooser in (("serif", dialog.text), ("sans", dialog.heading)):
        expected = next(f for f in theme.GENERIC_FAMILIES[kind] if f in installed)
        chooser.kind.setCurrentIndex(chooser.kind.findData(kind))
        assert chooser.font.currentFont().family() == expected
        assert chooser.value() == kind  # showing the family does not choose it
    dialog.reject()
