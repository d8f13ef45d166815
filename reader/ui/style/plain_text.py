"""Text from files, feeds, notes and annotation files, shown outside the reading pane.

Qt guesses whether a tooltip, a label or a message box holds rich text, and then loads the
`<img>` sources of what it guessed itself, outside any guard: an article titled
`<img src="/dev/zero">` once aborted the process when its row was hovered. So every such
text goes through here and is shown as plain text, explicitly: message boxes are made with
`Qt.TextFormat.PlainText`, and tooltips (which have no text format of their own) are given
as escaped text in a paragraph, which Qt renders as the very characters, loading nothing.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

Icon = QMessageBox.Icon
Button = QMessageBox.StandardButton


def tooltip(text: str | None) -> str | None:
    """A tooltip that shows `text` exactly (None stays None: no tooltip)."""
    if not text:
        return None
    return f"<p style='white-space:pre-wrap'>{escape(text)}</p>"


def message_box(
    parent: QWidget | None, icon: Icon, title: str, text: str, *,
    buttons: Button = Button.Ok, default: Button = Button.NoButton,
) -> QMessageBox:  # fmt: skip
    """A message box whose text is plain text, whatever it holds."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if default != Button.NoButton:
        box.setDefaultButton(default)
    return box


def tell(parent: QWidget | None, icon: Icon, title: str, text: str) -> None:
    """Show a plain-text message and wait for OK."""
    message_box(parent, icon, title, text).exec()


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """A plain-text Yes/No question (No is the default); whether the answer was Yes."""
    box = message_box(
        parent, Icon.Question, title, text, buttons=Button.Yes | Button.No, default=Button.No
    )
    return box.exec() == Button.Yes
