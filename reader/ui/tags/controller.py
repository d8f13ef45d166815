"""Tags in the window: the sidebar's Tags section with counts, tagging the article (Article ›
Tags…, `T`, the list's and the pane's context menus, the palette) and the highlight (Edit ›
Tags of Highlight…, Ctrl+T, the pane's menu on a highlight, and the highlight being edited in
the notes panel), Go › Tag…, and renaming and merging a tag from the sidebar's context menu,
each one undoable step (`reader.ui.undo.steps.RenameTag`).

Tags are typed as a line of names separated by commas, completed from the library's tags
(`dialog`); the line starts with the tags the article (or highlight) has, so removing a name
takes that tag off. A name the library refuses is said in the status bar, and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QPoint
from PySide6.QtWidgets import QMenu, QWidget

from reader.library import AnnotationInfo, Changes, Library, LibraryError, TagInfo, View
from reader.ui.commands.actions import ActionId, ActionRegistry
from reader.ui.panes.sidebar import Sidebar, ViewRole
from reader.ui.tags.dialog import ask_tags
from reader.ui.undo.history import UndoHistory
from reader.ui.undo.steps import RenameTag, Retag

Say = Callable[[str], object]
Ask = Callable[..., list[str] | None]


def tag_changes(old: Sequence[str], new: Sequence[str]) -> tuple[list[str], list[str]]:
    """What to add and what to remove to go from tags `old` to `new` (ignoring case)."""
    before = {name.lower() for name in old}
    after = {name.lower() for name in new}
    return [n for n in new if n.lower() not in before], [o for o in old if o.lower() not in after]


class TagsController(QObject):
    """Binds the tag actions and keeps the sidebar's Tags section (see the module docstring).
    `article_target` and `highlight_target` give what the commands act on (the row of an
    open menu or the article on screen; the highlight at the cursor or being edited)."""

    def __init__(
        self, *, library: Library, registry: ActionRegistry, sidebar: Sidebar,
        history: UndoHistory, article_target: Callable[[], int | None],
        highlight_target: Callable[[], AnnotationInfo | None], host: QWidget, say: Say,
        parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._library = library
        self._registry = registry
        self._sidebar = sidebar
        self._history = history
        self._article_target = article_target
        self._highlight_target = highlight_target
        self._host = host
        self._say = say
        self.ask: Ask = ask_tags  # how a name is asked for (tests answer themselves)
        self._menu_target: str | None = None
        self._tags: list[TagInfo] = []
        handlers: dict[ActionId, Callable[[], object]] = {
            ActionId.EDIT_TAGS: self.edit_article_tags,
            ActionId.TAG_HIGHLIGHT: self.edit_highlight_tags,
            ActionId.GO_TAG: self.go_to_tag,
            ActionId.RENAME_TAG: lambda: self._on_tag(self.rename),
            ActionId.MERGE_TAG: lambda: self._on_tag(self.merge),
        }
        for action, handler in handlers.items():
            registry.bind(action, handler)
        sidebar.customContextMenuRequested.connect(self.sidebar_menu)
        self.update_sidebar()

    # -- the sidebar ----------------------------------------------------------------------------

    def names(self) -> list[str]:
        return [t.name for t in self._tags]

    def on_changes(self, changes: Changes) -> None:
        if changes.tags or changes.added or changes.removed:
            self.update_sidebar()

    def update_sidebar(self) -> None:
        """Read the tags again and show them in the sidebar, with the counts."""
        try:
            self._tags = self._library.tags()
        except LibraryError:
            return
        self._sidebar.sidebar_model().set_tags(self._tags)
        self._sidebar.update_counts(self._library.counts())

    def target(self) -> str | None:
        """The tag the sidebar's tag commands act on: its menu's, else the chosen entry's."""
        if self._menu_target is not None:
            return self._menu_target
        view = self._sidebar.current_view()
        return view.tag if isinstance(view, View) and view.kind == "tag" else None

    def _on_tag(self, command: Callable[[str], object]) -> None:
        tag = self.target()
        if tag is None:
            self._say("Choose a tag in the sidebar first")
            return
        command(tag)

    def sidebar_menu(self, pos: QPoint) -> QMenu | None:
        """The context menu of a tag: the registry's Rename and Merge."""
        view = self._sidebar.indexAt(pos).data(ViewRole)
        if not isinstance(view, View) or view.kind != "tag" or view.tag is None:
            return None
        self._menu_target = view.tag
        menu = QMenu(self._sidebar)
        menu.addAction(self._registry.action(ActionId.RENAME_TAG))
        menu.addAction(self._registry.action(ActionId.MERGE_TAG))
        return self._sidebar.popup_menu(menu, pos, self._menu_closed)

    def _menu_closed(self) -> None:
        self._menu_target = None

    # -- rename and merge -------------------------------------------------------------------------

    def rename(self, tag: str, new: str | None = None) -> bool:
        """Rename `tag` (asking for the name if `new` is None) as one undoable step."""
        if new is None:
            answer = self.ask(self._host, "Rename Tag", f"New name for the tag “{tag}”:", tag,
                              self.names(), several=False)  # fmt: skip
            if not answer:
                return False
            new = answer[0]
        if new.strip() == tag:
            return False
        return self._push(RenameTag(self._library, tag, new), f"Renamed the tag “{tag}”")

    def _follow(self, view: object, old: str, new: str) -> None:
        """Keep the sidebar on a tag that was renamed or merged while it was shown."""
        if isinstance(view, View) and view.kind == "tag" and view.tag is not None:
            shown = view.tag
            if shown.lower() == old.lower() or shown.lower().startswith(old.lower() + "/"):
                try:
                    moved = self._library.find_tag(new.strip() + shown[len(old) :])
                except LibraryError:
                    return
                self._sidebar.select_view(View("tag", tag=moved))

    def merge(self, tag: str, into: str | None = None) -> bool:
        """Merge `tag` into another (asked for if `into` is None) as one undoable step."""
        if into is None:
            others = [n for n in self.names() if n.lower() != tag.lower()]
            answer = self.ask(self._host, "Merge Tag", f"Merge the tag “{tag}” into:", "",
                              others, several=False)  # fmt: skip
            if not answer:
                return False
            into = answer[0]
        step = RenameTag(self._library, tag, into, sources=[tag])
        return self._push(step, f"Merged the tag “{tag}” into “{into.strip()}”")

    def _push(self, step: RenameTag, done: str) -> bool:
        shown = self._sidebar.current_view()
        try:
            self._history.push(step)
        except LibraryError as error:
            self._say(f"Tags not changed: {error}")
            return False
        self._follow(shown, step.old, step.new)
        key = self._registry.key_text(ActionId.UNDO) or "Edit › Undo"
        self._say(f"{done}; {key} undoes it")
        return True

    def go_to_tag(self, name: str | None = None) -> bool:
        """Go › Tag…: show the articles of a tag picked by name."""
        if name is None:
            answer = self.ask(self._host, "Go to Tag", "Tag:", "", self.names(), several=False)
            if not answer:
                return False
            name = answer[0]
        try:
            found = self._library.find_tag(name)
        except LibraryError as error:
            self._say(str(error).capitalize())
            return False
        return self._sidebar.select_view(View("tag", tag=found))

    # -- tagging ----------------------------------------------------------------------------------

    def edit_article_tags(self, names: list[str] | None = None) -> bool:
        """Article › Tags…: the tags of the row of an open menu, else of the article shown."""
        article_id = self._article_target()
        if article_id is None:
            self._say("Choose an article first")
            return False
        old = list(self._library.article_tags(article_id))
        if names is None:
            names = self.ask(self._host, "Tags", "Tags of the article, separated by commas:",
                             ", ".join(old), self.names())  # fmt: skip
            if names is None:
                return False
        change = tag_changes(old, names)
        return self._write(Retag(self._library, "article", article_id, change, article_id))

    def edit_highlight_tags(self, names: list[str] | None = None) -> bool:
        """Edit › Tags of Highlight…: the highlight at the text cursor, under the pointer while
        the pane's menu is open, or being edited in the notes panel."""
        info = self._highlight_target()
        if info is None:
            self._say("No highlight at the text cursor")
            return False
        old = list(self._library.annotation_tags(info.id))
        if names is None:
            what = "note" if info.is_note else "highlight"
            names = self.ask(self._host, "Tags", f"Tags of the {what}, separated by commas:",
                             ", ".join(old), self.names())  # fmt: skip
            if names is None:
                return False
        change = tag_changes(old, names)
        return self._write(Retag(self._library, "annotation", info.id, change, info.article_id))

    def _write(self, step: Retag) -> bool:
        """Make the change as an undoable step (nothing to do: said, and no step)."""
        if not step.add and not step.remove:
            self._say("Tags unchanged")
            return False
        try:
            self._history.push(step)
        except LibraryError as error:
            self._say(f"Tags not changed: {error}")
            return False
        key = self._registry.key_text(ActionId.UNDO) or "Edit › Undo"
        self._say(f"Tags saved; {key} takes them back")
        return True
