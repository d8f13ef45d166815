"""The feed dialogs: Add Feed (a URL, a folder, full text or not), Add Page (a URL), and a
feed's settings (full text, refresh interval, keep limits). Every field is plain text; a
URL is checked for its scheme before anything is fetched."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reader.library import FeedInfo


def open_over(dialog: QDialog, host: QWidget) -> None:
    """Open `dialog` window-modal and, when it closes, give the keyboard back to the window
    (without a window manager to do it, the keys would go nowhere)."""
    window = host.window()
    dialog.finished.connect(lambda _result: window.activateWindow())
    dialog.open()


class FeedOptions(NamedTuple):
    """What the Feed Settings dialog chose (None: the global setting, or no limit)."""

    full_text: bool
    interval_minutes: int | None
    keep_days: int | None
    keep_count: int | None


MAX_URL = 4000


def clipboard_url() -> str:
    """The clipboard's text if it is one http(s) URL, else ""."""
    text = (QGuiApplication.clipboard().text() or "").strip()
    if len(text) > MAX_URL or any(c.isspace() for c in text):
        return ""
    return text if text.lower().startswith(("http://", "https://")) else ""


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _url_field(dialog: QDialog, placeholder: str) -> QLineEdit:
    field = QLineEdit(dialog)
    field.setObjectName("urlField")
    field.setMaxLength(MAX_URL)
    field.setPlaceholderText(placeholder)
    field.setText(clipboard_url())
    field.selectAll()
    field.setMinimumWidth(420)
    return field


class AddFeedDialog(QDialog):
    """A feed's URL (or a web page that names one), its folder, and full text."""

    def __init__(self, folders: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addFeedDialog")
        self.setWindowTitle("Add Feed")
        self.url = _url_field(self, "https://example.org/feed.xml, or the site's address")
        self.folder = QComboBox(self)
        self.folder.setObjectName("folderField")
        self.folder.setEditable(True)
        self.folder.addItems(["", *folders])
        edit = self.folder.lineEdit()
        if edit is not None:
            edit.setPlaceholderText("None (or type a new one: News/World)")
        self.full_text = QCheckBox("Fetch the full article when an entry has only a summary", self)
        self.full_text.setObjectName("fullTextBox")
        form = QFormLayout()
        form.addRow("&Address:", self.url)
        form.addRow("&Folder:", self.folder)
        form.addRow("", self.full_text)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        hint = QLabel("Reader finds the feed of a site from its home page.", self)
        hint.setObjectName("hint")
        layout.addWidget(hint)
        layout.addWidget(_buttons(self, "Subscribe"))

    def values(self) -> tuple[str, str | None, bool]:
        return (
            self.url.text().strip(),
            self.folder.currentText().strip() or None,
            (self.full_text.isChecked()),
        )


class AddPageDialog(QDialog):
    """The URL of a web page to save and read later."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addPageDialog")
        self.setWindowTitle("Add Page")
        self.url = _url_field(self, "https://example.org/news/some-article")
        form = QFormLayout()
        form.addRow("&Address:", self.url)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Save Page"))

    def value(self) -> str:
        return self.url.text().strip()


def _spin(parent: QWidget, value: int | None, most: int, special: str, suffix: str) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(0, most)
    spin.setSpecialValueText(special)  # shown for 0: "no limit", "as for every feed"
    spin.setSuffix(suffix)
    spin.setValue(value or 0)
    return spin


class FeedSettingsDialog(QDialog):
    """One feed's options; `values()` gives them as `Library.set_feed_options` takes them."""

    def __init__(
        self, feed: FeedInfo, default_interval: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("feedSettingsDialog")
        self.setWindowTitle("Feed Settings")
        self.full_text = QCheckBox("Fetch the full article when an entry has only a summary", self)
        self.full_text.setChecked(feed.full_text)
        self.interval = _spin(
            self,
            feed.interval_minutes,
            7 * 24 * 60,
            f"As for every feed ({default_interval} min)",
            " min",
        )
        self.keep_days = _spin(self, feed.keep_days, 36500, "Keep all", " days")
        self.keep_count = _spin(self, feed.keep_count, 1_000_000, "Keep all", " articles")
        name = QLabel(feed.title, self)
        name.setTextFormat(name.textFormat().PlainText)
        status = QLabel(feed.status, self)
        status.setTextFormat(status.textFormat().PlainText)
        status.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Feed:", name)
        form.addRow("Status:", status)
        form.addRow("", self.full_text)
        form.addRow("&Refresh every:", self.interval)
        form.addRow("Keep articles &newer than:", self.keep_days)
        form.addRow("Keep at &most:", self.keep_count)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        note = QLabel("Articles with a bookmark, highlight or note are always kept.", self)
        layout.addWidget(note)
        layout.addWidget(_buttons(self, "Save"))

    def values(self) -> FeedOptions:
        return FeedOptions(
            full_text=self.full_text.isChecked(),
            interval_minutes=self.interval.value() or None,
            keep_days=self.keep_days.value() or None,
            keep_count=self.keep_count.value() or None,
        )
