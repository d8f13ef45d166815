"""Every action of the window as data: its id, label, menu, context and description.

`ActionId` names each action (the value is its name in keymap files); `SPECS` declares them
in menu order; `Context` says where an action's keys work. The action registry
(`reader.ui.commands.actions`) makes one `QAction` of each; the default keys are data too, in
`resources/keymap.toml`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from reader.library import COLORS, SortKey


class Context(StrEnum):
    """Where an action's keys work: anywhere in the window, or only in one pane. Caret-mode
    keys work in the reading pane while its text cursor is shown (F7)."""

    GLOBAL = "global"
    SIDEBAR = "sidebar"
    LIST = "list"
    READER = "reader"
    CARET = "caret"


CONTEXT_NAMES: dict[Context, str] = {
    Context.GLOBAL: "anywhere",
    Context.SIDEBAR: "in the sidebar",
    Context.LIST: "in the list",
    Context.READER: "in the reading pane",
    Context.CARET: "in caret mode",
}


def overlapping(first: Context, second: Context) -> bool:
    """Whether keys of the two contexts can be live at the same time (and so may clash)."""
    if Context.GLOBAL in (first, second) or first == second:
        return True
    return {first, second} == {Context.READER, Context.CARET}  # caret mode is in the pane


class ActionId(StrEnum):
    """The id of each action; the value is the name used in keymap files."""

    IMPORT = "import"
    IMPORT_FOLDER = "import-folder"
    WATCHED_FOLDERS = "watched-folders"
    IMPORT_ANNOTATIONS = "import-annotations"
    EXPORT_ANNOTATIONS = "export-annotations"
    PRINT = "print"
    EXPORT_PDF = "export-pdf"
    BACKUPS = "backups"
    QUIT = "quit"
    UNDO = "undo"
    REDO = "redo"
    CARET_MODE = "caret-mode"
    START_SELECTION = "start-selection"
    HIGHLIGHT = "highlight"
    HIGHLIGHT_COLOR_1 = "highlight-color-1"
    HIGHLIGHT_COLOR_2 = "highlight-color-2"
    HIGHLIGHT_COLOR_3 = "highlight-color-3"
    HIGHLIGHT_COLOR_4 = "highlight-color-4"
    HIGHLIGHT_COLOR_5 = "highlight-color-5"
    ANNOTATE = "annotate"
    EDIT_HIGHLIGHT_NOTE = "edit-highlight-note"
    DELETE_HIGHLIGHT = "delete-highlight"
    TAG_HIGHLIGHT = "tag-highlight"
    ATTACH_ORPHAN = "attach-orphan"
    RECOLOUR_1 = "recolour-1"
    RECOLOUR_2 = "recolour-2"
    RECOLOUR_3 = "recolour-3"
    RECOLOUR_4 = "recolour-4"
    RECOLOUR_5 = "recolour-5"
    PALETTE = "command-palette"
    TOGGLE_SIDEBAR = "toggle-sidebar"
    TOGGLE_NOTES = "toggle-notes"
    SHOW_DELETED = "show-deleted"
    ZOOM_IN = "zoom-in"
    ZOOM_OUT = "zoom-out"
    ZOOM_RESET = "zoom-reset"
    SORT_ADDED = "sort-added"
    SORT_PUBLISHED = "sort-published"
    SORT_TITLE = "sort-title"
    SORT_LENGTH = "sort-length"
    SORT_REVERSE = "sort-reverse"
    READING_THEME_SYSTEM = "reading-theme-system"
    READING_THEME_LIGHT = "reading-theme-light"
    READING_THEME_SEPIA = "reading-theme-sepia"
    READING_THEME_DARK = "reading-theme-dark"
    PREFERENCES = "preferences"
    FOCUS_SIDEBAR = "focus-sidebar"
    FOCUS_LIST = "focus-list"
    FOCUS_READER = "focus-reader"
    NEXT_PANE = "next-pane"
    PREVIOUS_PANE = "previous-pane"
    BACK_OUT = "back-out"
    NEXT_ARTICLE = "next-article"
    PREVIOUS_ARTICLE = "previous-article"
    NEXT_UNREAD = "next-unread"
    PREVIOUS_UNREAD = "previous-unread"
    FIRST_ARTICLE = "first-article"
    LAST_ARTICLE = "last-article"
    PAGE_DOWN = "page-down"
    PAGE_UP = "page-up"
    HALF_PAGE_DOWN = "half-page-down"
    HALF_PAGE_UP = "half-page-up"
    GO_ALL = "go-all"
    GO_UNREAD = "go-unread"
    GO_BOOKMARKED = "go-bookmarked"
    GO_ANNOTATED = "go-annotated"
    GO_TOPIC = "go-topic"
    GO_TAG = "go-tag"
    OPEN_ENTRY = "open-entry"
    PREVIOUS_ENTRY = "previous-entry"
    NEXT_ENTRY = "next-entry"
    BACK = "back"
    FORWARD = "forward"
    OPEN_ARTICLE = "open-article"
    TOGGLE_BOOKMARK = "toggle-bookmark"
    TOGGLE_READ = "toggle-read"
    FOCUS_SEARCH = "focus-search"
    SAVE_SEARCH = "save-search"
    RENAME_SEARCH = "rename-search"
    DELETE_SEARCH = "delete-search"
    RENAME_TAG = "rename-tag"
    MERGE_TAG = "merge-tag"
    FIND_IN_ARTICLE = "find-in-article"
    FIND_NEXT = "find-next"
    FIND_PREVIOUS = "find-previous"
    READ_ALOUD = "read-aloud"
    PAUSE_READING = "pause-reading"
    STOP_READING = "stop-reading"
    NEXT_SENTENCE = "next-sentence"
    PREVIOUS_SENTENCE = "previous-sentence"
    READ_FASTER = "read-faster"
    READ_SLOWER = "read-slower"
    READING_VOICE = "reading-voice"
    MARK_ALL_READ = "mark-all-read"
    NOTE_ARTICLE = "note-article"
    EDIT_TOPICS = "edit-topics"
    RECLASSIFY_ALL = "reclassify-all"
    FORGET_LEARNED = "forget-learned-topics"
    EDIT_TAGS = "edit-tags"
    REMOVE_ARTICLE = "remove-article"
    ADD_FEED = "add-feed"
    ADD_PAGE = "add-page"
    PASTE_URL = "paste-url"
    REFRESH_FEED = "refresh-feed"
    REFRESH_ALL = "refresh-all"
    STOP_REFRESH = "stop-refresh"
    RENAME_FEED = "rename-feed"
    MOVE_FEED = "move-feed"
    PAUSE_FEED = "pause-feed"
    FEED_SETTINGS = "feed-settings"
    UNSUBSCRIBE = "unsubscribe"
    IMPORT_OPML = "import-opml"
    EXPORT_OPML = "export-opml"
    REFRESH_INTERVAL = "refresh-interval"
    SHOW_PICTURES = "show-pictures"
    OPEN_ORIGINAL = "open-original"
    SHORTCUTS = "shortcuts"
    EDIT_SHORTCUTS = "edit-shortcuts"
    ABOUT = "about"


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One action's fixed properties. `label` may carry a `&` mnemonic."""

    id: ActionId
    label: str
    menu: str
    description: str
    context: Context = Context.GLOBAL
    checkable: bool = False
    separated: bool = False  # a separator precedes it in its menu
    listed: bool = True  # in its menu of the menu bar (else only in context menus, the palette)
    submenu: str = ""  # the submenu of `menu` it is listed in (by its title), if any

    @property
    def plain_label(self) -> str:
        return self.label.replace("&&", "\0").replace("&", "").replace("\0", "&")


HIGHLIGHT_COLORS: tuple[str, ...] = COLORS
RECOLOUR_ACTIONS: tuple[ActionId, ...] = (
    ActionId.RECOLOUR_1,
    ActionId.RECOLOUR_2,
    ActionId.RECOLOUR_3,
    ActionId.RECOLOUR_4,
    ActionId.RECOLOUR_5,
)
COLOR_ACTIONS: tuple[ActionId, ...] = (
    ActionId.HIGHLIGHT_COLOR_1,
    ActionId.HIGHLIGHT_COLOR_2,
    ActionId.HIGHLIGHT_COLOR_3,
    ActionId.HIGHLIGHT_COLOR_4,
    ActionId.HIGHLIGHT_COLOR_5,
)

A, R, L, S = ActionId, Context.READER, Context.LIST, Context.SIDEBAR
SPECS: tuple[ActionSpec, ...] = (
    ActionSpec(A.ADD_PAGE, "Add &Page…", "File", "Save a web page by its address, to read later"),
    ActionSpec(
        A.PASTE_URL,
        "Paste Address",
        "File",
        "Save the page (or follow the feed) whose address is on the clipboard",
        listed=False,
    ),
    ActionSpec(
        A.IMPORT, "&Import Files…", "File", "Import article files into the library", separated=True
    ),
    ActionSpec(A.IMPORT_FOLDER, "Import &Folder…", "File", "Import every article file in a folder"),
    ActionSpec(
        A.WATCHED_FOLDERS,
        "&Watched Folders…",
        "File",
        "Folders whose new and changed files are imported automatically",
    ),
    ActionSpec(
        A.IMPORT_ANNOTATIONS,
        "Import &Annotations…",
        "File",
        "Import W3C Web Annotation JSON",
        separated=True,
    ),
    ActionSpec(
        A.EXPORT_ANNOTATIONS,
        "&Export Annotations…",
        "File",
        "Export annotations as Markdown, Web Annotation JSON or CSV",
    ),
    ActionSpec(
        A.PRINT, "P&rint…", "File", "Print the article, its highlights and notes", separated=True
    ),
    ActionSpec(
        A.EXPORT_PDF,
        "Export Article as P&DF…",
        "File",
        "Save the article, its highlights and notes as a PDF",
    ),
    ActionSpec(
        A.BACKUPS,
        "&Backups…",
        "File",
        "Back up the library now, or bring back one of its backups",
        separated=True,
    ),
    ActionSpec(A.QUIT, "&Quit", "File", "Quit Reader", separated=True),
    ActionSpec(A.UNDO, "&Undo", "Edit", "Undo the last change"),
    ActionSpec(A.REDO, "&Redo", "Edit", "Redo the change just undone"),
    ActionSpec(
        A.CARET_MODE,
        "&Caret Mode",
        "Edit",
        "Show a text cursor in the reading pane to select text with the keys",
        checkable=True,
        separated=True,
    ),
    ActionSpec(
        A.START_SELECTION,
        "&Start Selection",
        "Edit",
        "Start selecting at the text cursor; the movement keys extend it",
        Context.CARET,
    ),
    ActionSpec(
        A.HIGHLIGHT,
        "&Highlight",
        "Edit",
        "Highlight the selected text in the current colour",
        R,
        separated=True,
    ),
    *(
        ActionSpec(
            action,
            f"Highlight in {color.capitalize()}",
            "Edit",
            f"Highlight the selected text in {color}",
            R,
        )
        for action, color in zip(COLOR_ACTIONS, HIGHLIGHT_COLORS, strict=True)
    ),
    ActionSpec(
        A.ANNOTATE,
        "Highlight and &Note…",
        "Edit",
        "Highlight the selected text and write a note",
        R,
    ),
    ActionSpec(
        A.EDIT_HIGHLIGHT_NOTE,
        "&Edit Note of Highlight…",
        "Edit",
        "Write or edit the note of the highlight at the text cursor (or under the pointer)",
        R,
        separated=True,
    ),
    ActionSpec(
        A.DELETE_HIGHLIGHT,
        "&Delete Highlight",
        "Edit",
        "Delete the highlight at the text cursor, with its note (Undo brings it back)",
        R,
    ),
    ActionSpec(A.TAG_HIGHLIGHT, "Ta&gs of Highlight…", "Edit", "Tag the highlight at the cursor"),
    ActionSpec(
        A.ATTACH_ORPHAN,
        "&Attach Orphan to Selection",
        "Edit",
        "Attach the orphan chosen in the notes panel to the selected text (Undo detaches it)",
        R,
    ),
    *(
        ActionSpec(
            action,
            f"Recolour to {color.capitalize()}",
            "Edit",
            f"Give the highlight at the text cursor the colour {color}",
            R,
            listed=False,
        )
        for action, color in zip(RECOLOUR_ACTIONS, HIGHLIGHT_COLORS, strict=True)
    ),
    ActionSpec(
        A.PALETTE,
        "Command &Palette…",
        "Edit",
        "Find any command by name and run it",
        separated=True,
    ),
    ActionSpec(
        A.PREFERENCES,
        "Pre&ferences…",
        "Edit",
        "Reading theme, fonts, size, line width and spacing, and the app's theme",
        separated=True,
    ),
    ActionSpec(
        A.TOGGLE_SIDEBAR, "Show &Sidebar", "View", "Show or hide the sidebar", checkable=True
    ),
    ActionSpec(
        A.TOGGLE_NOTES, "Show &Notes Panel", "View", "Show or hide the notes panel", checkable=True
    ),
    ActionSpec(
        A.SHOW_DELETED,
        "Recently &Deleted Notes",
        "View",
        "List the highlights and notes removed in the last 30 days, to bring them back",
    ),
    ActionSpec(A.ZOOM_IN, "Zoom &In", "View", "Make the reading text larger", separated=True),
    ActionSpec(A.ZOOM_OUT, "Zoom &Out", "View", "Make the reading text smaller"),
    ActionSpec(A.ZOOM_RESET, "&Actual Size", "View", "Reset the reading text size"),
    *(
        ActionSpec(action, label, "View", description, checkable=True, submenu="Sort &By")
        for action, label, description in (
            (A.SORT_ADDED, "Sort by Date &Added", "List the newest imports first"),
            (
                A.SORT_PUBLISHED,
                "Sort by &Published Date",
                "List the newest published first (undated articles by when they were added)",
            ),
            (A.SORT_TITLE, "Sort by &Title", "List the articles by title, A to Z"),
            (A.SORT_LENGTH, "Sort by &Length", "List the shortest articles first"),
            (A.SORT_REVERSE, "&Reverse Sort Order", "Turn the list's order the other way round"),
        )
    ),
    *(
        ActionSpec(action, label, "View", description, checkable=True, submenu="Reading &Theme")
        for action, label, description in (
            (
                A.READING_THEME_SYSTEM,
                "&System Reading Theme",
                "Read in light or dark colours as the system's colour scheme is",
            ),
            (A.READING_THEME_LIGHT, "&Light Reading Theme", "Read dark text on white"),
            (A.READING_THEME_SEPIA, "S&epia Reading Theme", "Read brown text on warm paper"),
            (A.READING_THEME_DARK, "&Dark Reading Theme", "Read light text on a dark page"),
        )
    ),
    ActionSpec(
        A.FOCUS_SIDEBAR,
        "Focus Side&bar",
        "View",
        "Move the keyboard focus to the sidebar",
        separated=True,
    ),
    ActionSpec(A.FOCUS_LIST, "Focus &List", "View", "Move the keyboard focus to the article list"),
    ActionSpec(
        A.FOCUS_READER, "Focus &Reading Pane", "View", "Move the keyboard focus to the article"
    ),
    ActionSpec(A.NEXT_PANE, "&Next Pane", "View", "Move the focus to the next pane"),
    ActionSpec(A.PREVIOUS_PANE, "Previous Pa&ne", "View", "Move the focus to the previous pane"),
    ActionSpec(
        A.BACK_OUT,
        "Back &Out",
        "View",
        "Leave caret mode, close a popup, or return the focus to the list",
    ),
    ActionSpec(A.NEXT_ARTICLE, "&Next Article", "Go", "Select the next article"),
    ActionSpec(A.PREVIOUS_ARTICLE, "&Previous Article", "Go", "Select the previous article"),
    ActionSpec(A.NEXT_UNREAD, "Next &Unread", "Go", "Select the next unread article"),
    ActionSpec(A.PREVIOUS_UNREAD, "Previous Unrea&d", "Go", "Select the previous unread article"),
    ActionSpec(A.FIRST_ARTICLE, "&First Article", "Go", "Select the first article of the view"),
    ActionSpec(A.LAST_ARTICLE, "&Last Article", "Go", "Select the last article of the view"),
    ActionSpec(
        A.PAGE_DOWN,
        "Page &Down",
        "Go",
        "Page down the article; at its end, go to the next unread",
        separated=True,
    ),
    ActionSpec(A.PAGE_UP, "Page U&p", "Go", "Page up the article"),
    ActionSpec(A.HALF_PAGE_DOWN, "Half Page Down", "Go", "Scroll the article half a page down"),
    ActionSpec(A.HALF_PAGE_UP, "Half Page Up", "Go", "Scroll the article half a page up"),
    ActionSpec(A.GO_ALL, "&All Articles", "Go", "Show every article", separated=True),
    ActionSpec(A.GO_UNREAD, "&Unread", "Go", "Show the unread articles"),
    ActionSpec(A.GO_BOOKMARKED, "&Bookmarked", "Go", "Show the bookmarked articles"),
    ActionSpec(A.GO_ANNOTATED, "A&nnotated", "Go", "Show the articles with highlights or notes"),
    ActionSpec(A.GO_TOPIC, "&Topic…", "Go", "Pick a topic by name and show its articles"),
    ActionSpec(A.GO_TAG, "Ta&g…", "Go", "Pick a tag by name and show its articles"),
    ActionSpec(
        A.OPEN_ENTRY, "&Open Sidebar Entry", "Go", "Move from the sidebar to its article list", S
    ),
    ActionSpec(A.PREVIOUS_ENTRY, "Previous Sidebar &Entry", "Go", "Show the sidebar's entry above"),
    ActionSpec(A.NEXT_ENTRY, "Next Sidebar En&try", "Go", "Show the sidebar's entry below"),
    ActionSpec(A.BACK, "&Back", "Go", "Go back to the article read before", separated=True),
    ActionSpec(A.FORWARD, "&Forward", "Go", "Go forward again through the articles read"),
    ActionSpec(A.OPEN_ARTICLE, "&Open Article", "Article", "Move the focus to the reading pane", L),
    ActionSpec(
        A.TOGGLE_BOOKMARK,
        "&Bookmark",
        "Article",
        "Bookmark the article, or remove its bookmark",
        checkable=True,
        separated=True,
    ),
    ActionSpec(A.TOGGLE_READ, "Mark as &Read", "Article", "Mark the article as read, or as unread"),
    ActionSpec(
        A.MARK_ALL_READ,
        "Mark &All as Read",
        "Article",
        "Mark every article in the current view as read (undoable)",
    ),
    ActionSpec(A.NOTE_ARTICLE, "&Note on Article…", "Article", "Write a note on the whole article"),
    ActionSpec(
        A.EDIT_TOPICS, "&Topics…", "Article", "Put the article under a topic, or take it out"
    ),
    ActionSpec(A.RECLASSIFY_ALL, "Re-&classify All Articles…", "Article", "Classify every article"),
    ActionSpec(A.FORGET_LEARNED, "Forget What Topics &Learned…", "Article", "Reset topic learning"),
    ActionSpec(A.EDIT_TAGS, "Ta&gs…", "Article", "Add or remove the article's tags"),
    ActionSpec(
        A.REMOVE_ARTICLE,
        "Remo&ve from Library…",
        "Article",
        "Remove the article from the library (asks first if it has highlights or notes)",
        L,
        separated=True,
    ),
    ActionSpec(
        A.FOCUS_SEARCH,
        "&Search…",
        "Go",
        "Search articles, notes and highlights",
        separated=True,
    ),
    ActionSpec(A.SAVE_SEARCH, "Sa&ve Search…", "Go", "Keep this search in the sidebar"),
    ActionSpec(A.RENAME_SEARCH, "Rena&me Saved Search…", "Go", "Rename the saved search chosen", S),
    ActionSpec(A.DELETE_SEARCH, "De&lete Saved Search", "Go", "Remove the saved search chosen", S),
    ActionSpec(A.RENAME_TAG, "Rename &Tag…", "Go", "Rename the tag chosen", S, listed=False),
    ActionSpec(A.MERGE_TAG, "&Merge Tag Into…", "Go", "Fold the tag into another", S, listed=False),
    ActionSpec(
        A.OPEN_ORIGINAL,
        "Open O&riginal",
        "Article",
        "Open the article's web page (its feed entry's link, its saved address) in the browser",
    ),
    ActionSpec(
        A.FIND_IN_ARTICLE,
        "&Find in Article…",
        "Article",
        "Find words in this article",
        separated=True,
    ),
    ActionSpec(A.FIND_NEXT, "Find Ne&xt", "Article", "Go to the next marked match"),
    ActionSpec(A.FIND_PREVIOUS, "Find Pre&vious", "Article", "Go to the previous match"),
    *(
        ActionSpec(action, label, "Article", description, separated=gap, submenu="Rea&d Aloud")
        for action, label, description, gap in (
            (
                A.READ_ALOUD,
                "&Read Aloud",
                "Read the article aloud from the text cursor, or from the top of the screen",
                True,
            ),
            (A.PAUSE_READING, "&Pause or Resume Reading", "Pause reading aloud, or go on", False),
            (A.STOP_READING, "&Stop Reading Aloud", "Stop reading aloud", False),
            (A.NEXT_SENTENCE, "&Next Sentence", "Read aloud from the next sentence", True),
            (A.PREVIOUS_SENTENCE, "Pre&vious Sentence", "Read the sentence before again", False),
            (A.READ_FASTER, "Read &Faster", "Read aloud faster (kept for next time)", True),
            (A.READ_SLOWER, "Read S&lower", "Read aloud more slowly (kept for next time)", False),
            (A.READING_VOICE, "V&oice…", "Choose the voice that reads aloud", False),
        )
    ),
    ActionSpec(A.ADD_FEED, "&Add Feed…", "Feeds", "Follow a feed by its address, or a site's"),
    ActionSpec(
        A.REFRESH_FEED,
        "&Refresh Feed",
        "Feeds",
        "Fetch the new articles of the feed chosen in the sidebar (or of this article's feed)",
        separated=True,
    ),
    ActionSpec(
        A.REFRESH_ALL, "Refresh A&ll Feeds", "Feeds", "Fetch the new articles of every feed"
    ),
    ActionSpec(A.STOP_REFRESH, "&Stop Refreshing", "Feeds", "Stop the refresh that is running"),
    ActionSpec(
        A.RENAME_FEED,
        "Re&name Feed…",
        "Feeds",
        "Give the feed chosen a name of your own",
        separated=True,
    ),
    ActionSpec(A.MOVE_FEED, "&Move to Folder…", "Feeds", "Put the feed chosen in a folder"),
    ActionSpec(
        A.PAUSE_FEED,
        "&Pause Feed",
        "Feeds",
        "Stop refreshing the feed chosen, or start again",
        checkable=True,
    ),
    ActionSpec(
        A.FEED_SETTINGS,
        "Feed Se&ttings…",
        "Feeds",
        "Full text, refresh interval and how many articles to keep, for the feed chosen",
    ),
    ActionSpec(
        A.UNSUBSCRIBE,
        "&Unsubscribe…",
        "Feeds",
        "Stop following the feed chosen (articles with notes or bookmarks always stay)",
        S,
    ),
    ActionSpec(
        A.IMPORT_OPML,
        "&Import Subscriptions (OPML)…",
        "Feeds",
        "Follow the feeds of an OPML file from another reader",
        separated=True,
    ),
    ActionSpec(
        A.EXPORT_OPML,
        "&Export Subscriptions (OPML)…",
        "Feeds",
        "Write every feed and its folder to an OPML file",
    ),
    ActionSpec(
        A.REFRESH_INTERVAL,
        "Refresh &Every…",
        "Feeds",
        "How often feeds are refreshed (each feed may have its own interval)",
        separated=True,
    ),
    ActionSpec(
        A.SHOW_PICTURES,
        "Fetch and Show &Pictures",
        "Feeds",
        "Fetch the pictures of new feed entries and saved pages, and show them",
        checkable=True,
    ),
    ActionSpec(A.SHORTCUTS, "&Keyboard Shortcuts", "Help", "List every key"),
    ActionSpec(
        A.EDIT_SHORTCUTS,
        "&Customize Shortcuts…",
        "Help",
        "Change the keys, choose a preset, restore the defaults",
    ),
    ActionSpec(A.ABOUT, "&About Reader", "Help", "Version and library", separated=True),
)
del A, R, L, S
SPEC_BY_ID: dict[ActionId, ActionSpec] = {spec.id: spec for spec in SPECS}
SORT_ACTIONS: dict[SortKey, ActionId] = {  # the sort key each chooses
    "added": ActionId.SORT_ADDED,
    "published": ActionId.SORT_PUBLISHED,
    "title": ActionId.SORT_TITLE,
    "length": ActionId.SORT_LENGTH,
}
READING_THEME_ACTIONS: dict[str, ActionId] = {  # the reading theme each chooses
    "system": ActionId.READING_THEME_SYSTEM,
    "light": ActionId.READING_THEME_LIGHT,
    "sepia": ActionId.READING_THEME_SEPIA,
    "dark": ActionId.READING_THEME_DARK,
}
MENUS: tuple[str, ...] = ("File", "Edit", "View", "Go", "Article", "Feeds", "Help")
