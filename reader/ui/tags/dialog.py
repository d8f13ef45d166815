"""Typing tags: a line of tag names separated by commas, completed from the library's tags.

`TagCompleter` completes the name being typed (the text after the last comma), matching
anywhere in a tag's name, so `proj` offers `work/project-x`. `TagDialog` asks for one tag
name or for a list of them; `split_tags` reads such a line back. Names are shown and typed
as plain text: a tag is never rendered as rich text.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


def split_tags(text: str) -> list[str]:
    """The names of a line of tags separated by commas (empty parts left out)."""
    return [part.strip() for part in text.split(",") if part.strip()]


class TagCompleter(QCompleter):
    """Completes the last comma-separated name of its line edit (or the whole line, with
    `several` false) from `names`, ignoring case."""

    def __init__(self, names: Sequence[str], parent: QWidget, *, several: bool = True) -> None:
        super().__init__(list(names), parent)
        self._several = several
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip() if self._several else path.strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        name = str(index.data())
        edit = self.widget()
        if not self._several or not isinstance(edit, QLineEdit):
            return name
        head, comma, _ = edit.text().rpartition(",")
        return f"{head.rstrip()}, {name}" if comma else name


class TagDialog(QDialog):
    """Asks for tags: `names()` is what was typed (one name unless `several`)."""

    def __init__(
        self, parent: QWidget | None, title: str, prompt: str, text: str,
        known: Sequence[str], *, several: bool = True,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("tag-dialog")
        label = QLabel(prompt, self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        self.edit = QLineEdit(text, self)
        self.edit.setObjectName("tag-edit")
        self.edit.setAccessibleName(prompt)
        self.edit.setPlaceholderText("work/project-x, read later" if several else "work/project-x")
        self.edit.setCompleter(TagCompleter(known, self.edit, several=several))
        label.setBuddy(self.edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())
        self._several = several

    def names(self) -> list[str]:
        return split_tags(self.edit.text()) if self._several else [self.edit.text().strip()]


def ask_tags(
    parent: QWidget | None, title: str, prompt: str, text: str, known: Sequence[str],
    *, several: bool = True,
) -> list[str] | None:  # fmt: skip
    """Show a `TagDialog`; the names typed, or None if it was cancelled."""
    dialog = TagDialog(parent, title, prompt, text, known, several=several)
    try:
        return dialog.names() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
