"""Every setting the window keeps, declared in one place, over a `QSettings` passed in.

What belongs to the window (geometry, panes, zoom, the last import folder) is kept for the
user; what belongs to a library (the view, the article being read, watched folders) is kept
under that library's identity, so opening another library (`--library`, `READER_LIBRARY`)
never restores the first one's state. The last article is stored with its `uri`, and is only
restored if the library still has that article under that id.

Values are read defensively: an ini file edited by hand or written by another version
yields the default rather than an exception.
"""

from __future__ import annotations

import math
import re

from PySide6.QtCore import QByteArray, QSettings

from reader.library import Sort, View
from reader.ui.panes.reading_pane import ZOOM_MAX, ZOOM_MIN


class Settings:
    """Typed accessors for the window's state; library state is kept per `library_key`
    (the library's identity)."""

    GEOMETRY = "window/geometry"
    STATE = "window/state"
    SPLITTER = "window/splitter"
    SIDEBAR_VISIBLE = "window/sidebarVisible"
    ZOOM = "reading/zoom"
    SORT = "list/sort"
    IMPORT_FOLDER = "import/folder"
    EXPORT_FOLDER = "export/folder"
    VIEW = "view"
    ARTICLE = "article"
    ARTICLE_URI = "articleUri"
    WATCHED = "watched"
    FEED_INTERVAL = "feeds/interval"
    PICTURES = "feeds/pictures"
    FEED_FOLDER = "feeds/opmlFolder"
    SPEECH_RATE = "speech/rate"  # read aloud: -1.0 (slowest) to 1.0, 0 normal
    SPEECH_VOICE = "speech/voice"  # the name of the voice chosen, "" for the default
    # Preferences (Edit › Preferences…; read and checked by `reader.ui.preferences.model`)
    READING_THEME = "preferences/readingTheme"
    APP_THEME = "preferences/appTheme"
    TEXT_FAMILY = "preferences/textFamily"
    HEADING_FAMILY = "preferences/headingFamily"
    FONT_SIZE = "preferences/fontSize"
    LINE_WIDTH = "preferences/lineWidth"
    LINE_SPACING = "preferences/lineSpacing"
    PARAGRAPH_SPACING = "preferences/paragraphSpacing"
    JUSTIFY = "preferences/justify"
    PREFERENCE_KEYS = (
        READING_THEME, APP_THEME, TEXT_FAMILY, HEADING_FAMILY, FONT_SIZE, LINE_WIDTH,
        LINE_SPACING, PARAGRAPH_SPACING, JUSTIFY,
    )  # fmt: skip

    def __init__(self, store: QSettings, library_key: str = "default") -> None:
        self.store = store
        self._library = "libraries/" + re.sub(r"[^A-Za-z0-9_.-]", "_", library_key)[:80]

    def _mine(self, key: str) -> str:
        return f"{self._library}/{key}"

    # -- window ---------------------------------------------------------------------------

    def geometry(self) -> QByteArray | None:
        return self._bytes(self.GEOMETRY)

    def set_geometry(self, value: QByteArray) -> None:
        self.store.setValue(self.GEOMETRY, value)

    def window_state(self) -> QByteArray | None:
        return self._bytes(self.STATE)

    def set_window_state(self, value: QByteArray) -> None:
        self.store.setValue(self.STATE, value)

    def splitter(self) -> list[int] | None:
        """The panes' widths, left to right (a hidden sidebar's width is kept too)."""
        value = self.store.value(self.SPLITTER)
        if not isinstance(value, list | tuple):
            return None
        try:
            sizes = [int(v) for v in value]
        except (TypeError, ValueError):
            return None
        return sizes if len(sizes) == 3 and all(s > 0 for s in sizes) else None

    def set_splitter(self, sizes: list[int]) -> None:
        self.store.setValue(self.SPLITTER, [int(s) for s in sizes])

    def sidebar_visible(self) -> bool:
        value = self.store.value(self.SIDEBAR_VISIBLE, True)
        return value not in (False, "false", "0", 0)

    def set_sidebar_visible(self, visible: bool) -> None:
        self.store.setValue(self.SIDEBAR_VISIBLE, visible)

    # -- this library ------------------------------------------------------------------------

    def view(self) -> View | None:
        """The view chosen last time in this library, or None on its first launch."""
        value = self.store.value(self._mine(self.VIEW))
        return View.from_key(value) if isinstance(value, str) and value else None

    def set_view(self, view: View) -> None:
        self.store.setValue(self._mine(self.VIEW), view.key)

    def article(self) -> tuple[int, str] | None:
        """The article read last in this library: (id, uri), or None."""
        number = self._int(self._mine(self.ARTICLE))
        uri = self.store.value(self._mine(self.ARTICLE_URI))
        if number is None or not isinstance(uri, str) or not uri:
            return None
        return number, uri

    def set_article(self, article_id: int | None, uri: str = "") -> None:
        if article_id is None:
            self.store.remove(self._mine(self.ARTICLE))
            self.store.remove(self._mine(self.ARTICLE_URI))
        else:
            self.store.setValue(self._mine(self.ARTICLE), article_id)
            self.store.setValue(self._mine(self.ARTICLE_URI), uri)

    def watched_folders(self) -> list[str]:
        """Folders of this library imported automatically when their files change."""
        value = self.store.value(self._mine(self.WATCHED))
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple):
            return []
        return [v for v in value if isinstance(v, str) and v]

    def set_watched_folders(self, folders: list[str]) -> None:
        self.store.setValue(self._mine(self.WATCHED), list(folders))

    # -- reading and import -------------------------------------------------------------------

    def zoom(self) -> int:
        value = self._int(self.ZOOM) or 0
        return min(ZOOM_MAX, max(ZOOM_MIN, value))

    def set_zoom(self, steps: int) -> None:
        self.store.setValue(self.ZOOM, steps)

    def sort(self) -> Sort:
        """The article list's order (by date added, newest first, until one is chosen)."""
        return Sort.from_value(self.store.value(self.SORT, ""))

    def set_sort(self, sort: Sort) -> None:
        self.store.setValue(self.SORT, sort.value)

    def import_folder(self) -> str:
        """Where the last import was chosen from ("" before the first one)."""
        value = self.store.value(self.IMPORT_FOLDER)
        return value if isinstance(value, str) else ""

    def set_import_folder(self, folder: str) -> None:
        self.store.setValue(self.IMPORT_FOLDER, folder)

    def export_folder(self) -> str:
        """Where the last export was written ("" before the first one): exports open there,
        never in the import folder."""
        value = self.store.value(self.EXPORT_FOLDER)
        return value if isinstance(value, str) else ""

    def set_export_folder(self, folder: str) -> None:
        self.store.setValue(self.EXPORT_FOLDER, folder)

    # -- feeds ------------------------------------------------------------------------------

    def feed_interval(self, default: int) -> int:
        """Minutes between refreshes of feeds that name no interval of their own."""
        value = self._int(self.FEED_INTERVAL)
        return min(7 * 24 * 60, max(5, value)) if value else default

    def set_feed_interval(self, minutes: int) -> None:
        self.store.setValue(self.FEED_INTERVAL, int(minutes))

    def pictures(self) -> bool:
        """Whether pictures of feed entries and saved pages are fetched and shown."""
        value = self.store.value(self.PICTURES)
        return str(value).lower() not in ("false", "0") if value is not None else True

    def set_pictures(self, on: bool) -> None:
        self.store.setValue(self.PICTURES, bool(on))

    def opml_folder(self) -> str:
        value = self.store.value(self.FEED_FOLDER)
        return value if isinstance(value, str) else ""

    def set_opml_folder(self, folder: str) -> None:
        self.store.setValue(self.FEED_FOLDER, folder)

    # -- read aloud -------------------------------------------------------------------------

    def speech_rate(self) -> float:
        """The reading-aloud speed, -1.0 to 1.0 in tenths (0: the voice's normal speed)."""
        try:
            value = float(str(self.store.value(self.SPEECH_RATE, 0.0)))
        except (TypeError, ValueError):
            return 0.0
        return round(min(1.0, max(-1.0, value)), 1) if math.isfinite(value) else 0.0

    def set_speech_rate(self, rate: float) -> None:
        self.store.setValue(self.SPEECH_RATE, round(float(rate), 1))

    def speech_voice(self) -> str:
        value = self.store.value(self.SPEECH_VOICE)
        return value if isinstance(value, str) else ""

    def set_speech_voice(self, name: str) -> None:
        self.store.setValue(self.SPEECH_VOICE, name)

    # -- preferences ------------------------------------------------------------------------

    def preference(self, key: str) -> object:
        """The stored value of one of `PREFERENCE_KEYS` (None if unset); unchecked."""
        if key not in self.PREFERENCE_KEYS:
            raise KeyError(key)
        return self.store.value(key)

    def set_preference(self, key: str, value: object) -> None:
        if key not in self.PREFERENCE_KEYS:
            raise KeyError(key)
        self.store.setValue(key, value)

    # -- helpers ----------------------------------------------------------------------------

    def sync(self) -> None:
        self.store.sync()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def _int(self, key: str) -> int | None:
        value = self.store.value(key)
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None
