"""Every setting the window keeps, declared in one place, over a `QSettings` passed in.

Values are read defensively: an ini file edited by hand or written by another version
yields the default rather than an exception.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from reader.library import View

ZOOM_MIN = -5
ZOOM_MAX = 10


class Settings:
    """Typed accessors for the window's state (geometry, panes, view, article, zoom)."""

    GEOMETRY = "window/geometry"
    STATE = "window/state"
    SPLITTER = "window/splitter"
    SIDEBAR_VISIBLE = "window/sidebarVisible"
    VIEW = "library/view"
    ARTICLE = "library/article"
    ZOOM = "reading/zoom"
    IMPORT_FOLDER = "import/folder"
    WATCHED = "import/watched"

    def __init__(self, store: QSettings) -> None:
        self.store = store

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

    # -- library ---------------------------------------------------------------------------

    def view(self) -> View | None:
        """The view chosen last time, or None on a first launch."""
        value = self.store.value(self.VIEW)
        return View.from_key(value) if isinstance(value, str) and value else None

    def set_view(self, view: View) -> None:
        self.store.setValue(self.VIEW, view.key)

    def article(self) -> int | None:
        return self._int(self.ARTICLE)

    def set_article(self, article_id: int | None) -> None:
        if article_id is None:
            self.store.remove(self.ARTICLE)
        else:
            self.store.setValue(self.ARTICLE, article_id)

    # -- reading ----------------------------------------------------------------------------

    def zoom(self) -> int:
        value = self._int(self.ZOOM) or 0
        return min(ZOOM_MAX, max(ZOOM_MIN, value))

    def set_zoom(self, steps: int) -> None:
        self.store.setValue(self.ZOOM, steps)

    # -- import -----------------------------------------------------------------------------

    def import_folder(self) -> str:
        """Where the last import was chosen from ("" before the first one)."""
        value = self.store.value(self.IMPORT_FOLDER)
        return value if isinstance(value, str) else ""

    def set_import_folder(self, folder: str) -> None:
        self.store.setValue(self.IMPORT_FOLDER, folder)

    def watched_folders(self) -> list[str]:
        """Folders imported automatically when their files change (none by default)."""
        value = self.store.value(self.WATCHED)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple):
            return []
        return [v for v in value if isinstance(v, str) and v]

    def set_watched_folders(self, folders: list[str]) -> None:
        self.store.setValue(self.WATCHED, list(folders))

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
