"""The action registry and the default keymap: valid, unambiguous, and read by every surface
(menus, toolbar tooltips, the shortcut sheet)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu

from reader.library.store.files import resource
from reader.ui.commands.actions import (
    SPEC_BY_ID,
    SPECS,
    ActionId,
    Context,
    KeymapError,
    conflicts,
    load_keymap,
    normalized,
)
from reader.ui.window.mainwindow import MainWindow

KEYMAP = resource("keymap.toml")


def test_every_binding_names_a_registered_action(qapp: QApplication) -> None:
    raw = tomllib.loads(KEYMAP.read_text(encoding="utf-8"))["keys"]
    registered = {action.value for action in ActionId}
    assert set(raw) <= registered
    assert set(SPEC_BY_ID) == set(ActionId)
    for name, keys in raw.items():
        for key in keys:
            assert normalized(key), f"{name}: {key!r} does not parse"


def test_no_key_is_bound_twice_in_one_context(qapp: QApplication) -> None:
    keymap = load_keymap(KEYMAP)
    assert conflicts(keymap) == []
    seen: dict[tuple[Context, str], ActionId] = {}
    for action, keys in keymap.items():
        for key in keys:
            slot = (SPEC_BY_ID[action].context, key)
            assert slot not in seen, f"{key} bound to {seen.get(slot)} and {action}"
            seen[slot] = action


def test_the_conventional_keys_are_bound(qapp: QApplication) -> None:
    keymap = load_keymap(KEYMAP)
    assert {"Ctrl+D", "B", "S"} <= set(keymap[ActionId.TOGGLE_BOOKMARK])
    assert "M" in keymap[ActionId.TOGGLE_READ]
    assert keymap[ActionId.NEXT_ARTICLE][0] == "J"
    assert keymap[ActionId.PREVIOUS_ARTICLE][0] == "K"
    assert "Ctrl+Q" in keymap[ActionId.QUIT]
    assert "?" in keymap[ActionId.SHORTCUTS]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[keys]\nno-such-action = ["X"]\n', "unknown action"),
        ('[keys]\nquit = ["Ctrl+Nonsense"]\n', "not a key sequence"),
        ('[keys]\nquit = "Ctrl+Q"\n', "needs a list"),
        ('[keys]\ntoggle-read = ["M"]\ntoggle-bookmark = ["M"]\n', "bound to both"),
        ('[keys]\nquit = ["Ctrl+Q", "Ctrl+Q"]\n', "listed twice"),
        ('[keys]\nstart-selection = ["X"]\nhighlight = ["X"]\n', "bound to both"),
        ('[keys]\nopen-article = ["X"]\ntoggle-read = ["X"]\n', "bound to both"),
        ("[keys\n", "not valid TOML"),
    ],
)
def test_bad_keymaps_are_refused_with_a_reason(
    qapp: QApplication, tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KeymapError, match=problem):
        load_keymap(path)


def test_a_key_may_be_an_action_and_the_start_of_chords() -> None:
    # A user keymap may make "G" an action and the start of "G, U": the chord engine then
    # waits for the second key (the defaults avoid it: H acts at once).
    assert conflicts({ActionId.GO_ALL: ("G",), ActionId.GO_UNREAD: ("G, U",)}) == []


def test_the_same_key_may_serve_two_pane_contexts() -> None:
    # A list key and a reading-pane key never compete: only one pane has the focus.
    assert SPEC_BY_ID[ActionId.OPEN_ARTICLE].context is Context.LIST
    assert conflicts({ActionId.OPEN_ARTICLE: ("X",)}) == []


def test_menus_toolbar_and_sheet_come_from_the_registry(window: MainWindow) -> None:
    def entries(menu: QMenu) -> set[QAction]:  # a submenu's entries count, not the submenu
        found: set[QAction] = set()
        for action in menu.actions():
            if action.menu() is not None:
                found |= entries(action.menu())  # type: ignore[arg-type]
            elif not action.isSeparator():
                found.add(action)
        return found

    in_menus = {a for top in window.menuBar().actions() for a in entries(top.menu())}
    assert in_menus == {window.registry.action(spec.id) for spec in SPECS if spec.listed}
    bookmark = window.registry.action(ActionId.TOGGLE_BOOKMARK)
    assert bookmark in window.toolbar.actions()
    assert window.registry.action(ActionId.TOGGLE_READ) in window.toolbar.actions()
    assert "Ctrl+D" in bookmark.toolTip() and "B" in bookmark.toolTip()
    assert "M" in window.registry.action(ActionId.TOGGLE_READ).toolTip()

    sheet = window.commands.show_shortcuts()
    rows = dict(sheet.rows())
    assert len(rows) == len(SPECS)
    assert rows["Bookmark"] == window.registry.key_text(ActionId.TOGGLE_BOOKMARK)
    assert rows["Next Article"] == "J"
    sheet.close()
