"""User keymap files: only the changes are stored; every kind of bad file loads what it can and
names the line of each problem; the window applies them and says so; the editor rebinds,
detects conflicts, restores, switches presets, and menus and the sheet follow at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.ui.commands.actions import ActionId
from reader.ui.commands.keymap import (
    effective_keymap,
    load_user_keymap,
    markdown_table,
    preset_keymap,
    write_user_keymap,
)
from reader.ui.window.mainwindow import MainWindow

REPO = Path(__file__).resolve().parents[3]


def load(tmp_path: Path, content: bytes | str) -> tuple[dict, list[str], str]:
    path = tmp_path / "keymap.toml"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    user = load_user_keymap(path)
    keymap, problems = effective_keymap(user, path)
    return keymap, problems, user.preset


def test_a_missing_or_empty_file_is_no_change(qapp: object, tmp_path: Path) -> None:
    assert load_user_keymap(tmp_path / "absent.toml").changes == {}
    keymap, problems, _ = load(tmp_path, "")
    assert keymap == preset_keymap() and problems == []


def test_changes_apply_on_top_of_the_defaults(qapp: object, tmp_path: Path) -> None:
    keymap, problems, _ = load(tmp_path, '[keys]\ntoggle-read = ["M", "U"]\n')
    assert problems == []
    assert keymap[ActionId.TOGGLE_READ] == ("M", "U")
    assert keymap[ActionId.NEXT_ARTICLE] == ("J",)


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ('[keys]\nnext-article = ["Down"]\nno-such = ["X"]\n', 3, "unknown action"),
        ('[keys]\nnext-article = ["Down"]\nquit = ["Ctrl+Bogus"]\n', 3, "not a key"),
        ('[keys]\nnext-article = ["Down"]\ntoggle-read = ["K"]\n', 3, "already bound"),
        ('[keys]\nnext-article = ["Down"]\ntoggle-read = ["U"\n', 3, "not a `name"),
        ('[keys]\nnext-article = ["Down"]\n%%% garbage !!!\n', 3, "not a `name"),
        ('colour = "red"\n[keys]\nnext-article = ["Down"]\n', 1, "unknown setting"),
    ],
)
def test_bad_lines_are_named_and_the_rest_loads(
    qapp: object, tmp_path: Path, content: str, line: int, words: str
) -> None:
    keymap, problems, _ = load(tmp_path, content)
    assert len(problems) == 1, problems
    assert f"line {line}" in problems[0] and words in problems[0]
    assert keymap[ActionId.NEXT_ARTICLE] == ("Down",)  # the good line still applies
    assert keymap[ActionId.QUIT] == ("Ctrl+Q",)


def test_an_action_set_twice_keeps_the_later_line(qapp: object, tmp_path: Path) -> None:
    keymap, problems, _ = load(tmp_path, '[keys]\nnext-article = ["Down"]\nnext-article = ["X"]\n')
    assert keymap[ActionId.NEXT_ARTICLE] == ("X",)
    assert len(problems) == 1 and "line 3" in problems[0] and "set twice" in problems[0]


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n\0\0\0", b"\xff\xfe\xfa" * 50, b"\0" * 10])
def test_a_binary_file_is_refused_whole(qapp: object, tmp_path: Path, content: bytes) -> None:
    keymap, problems, _ = load(tmp_path, content)
    assert keymap == preset_keymap()
    assert len(problems) == 1 and "not a keymap" in problems[0]


def test_the_vim_preset(qapp: object, tmp_path: Path) -> None:
    keymap, problems, preset = load(tmp_path, 'preset = "vim"\n')
    assert preset == "vim" and problems == []
    assert keymap[ActionId.FIRST_ARTICLE] == ("G, G",)
    assert keymap[ActionId.LAST_ARTICLE] == ("Shift+G",)
    assert keymap[ActionId.HALF_PAGE_DOWN] == ("Ctrl+D",)
    assert ":" in keymap[ActionId.PALETTE]
    _, problems, _ = load(tmp_path, 'preset = "emacs"\n')
    assert "unknown preset" in problems[0]


def test_only_changes_are_written(qapp: object, tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    keymap = preset_keymap("vim")
    keymap[ActionId.TOGGLE_READ] = ("U",)
    write_user_keymap(path, "vim", keymap)
    text = path.read_text(encoding="utf-8")
    assert 'preset = "vim"' in text and 'toggle-read = ["U"]' in text
    assert "next-article" not in text and "half-page-down" not in text
    user = load_user_keymap(path)
    assert effective_keymap(user, path) == (keymap, [])


def test_the_window_applies_the_user_file_and_reports_problems(
    library: Library, qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "user-keymap.toml"
    path.write_text('[keys]\ntoggle-read = ["U"]\nbogus = ["X"]\n', encoding="utf-8")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, settings, keymap_path=path)
    qtbot.addWidget(window)
    assert window.registry.keys(ActionId.TOGGLE_READ) == ("U",)
    assert "line 3" in window.statusBar().currentMessage()
    assert "line 3: unknown action 'bogus'" in capsys.readouterr().err


def test_rebinding_updates_menus_sheet_and_file(
    library: Library, qtbot: QtBot, tmp_path: Path, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window(library)
    sheet = window.commands.show_shortcuts()
    editor = window.commands.edit_shortcuts()
    assert editor.assign(ActionId.TOGGLE_READ, ("U",))
    action = window.registry.action(ActionId.TOGGLE_READ)
    assert action.shortcut().toString() == "U" and "(U)" in action.toolTip()
    assert dict(sheet.rows())["Mark as Read"] == "U"
    assert 'toggle-read = ["U"]' in window.commands.keymap_path.read_text(encoding="utf-8")
    # a conflict: J is Next Article's; taking it leaves Next Article without J
    assert editor.assign(ActionId.TOGGLE_READ, ("J",))
    assert window.registry.keys(ActionId.NEXT_ARTICLE) == ()
    assert "Reassigned" in editor.message.text()
    editor.restore(ActionId.NEXT_ARTICLE)
    assert window.registry.keys(ActionId.NEXT_ARTICLE) == ("J",)
    assert window.registry.keys(ActionId.TOGGLE_READ) == ()
    editor.set_preset("vim")
    assert window.registry.keys(ActionId.HALF_PAGE_DOWN) == ("Ctrl+D",)
    editor.restore_all()
    assert window.registry.keymap() == preset_keymap("vim")
    editor.set_preset("default")
    assert window.registry.keymap() == preset_keymap()
    editor.filter.setText("bookmark")
    shown = [editor.tree.topLevelItem(i) for i in range(editor.tree.topLevelItemCount())]
    assert {i.text(0) for i in shown if i is not None and not i.isHidden()} >= {
        "Article › Bookmark",
        "Go › Bookmarked",
    }
    editor.close()
    sheet.close()


def test_the_readme_table_is_generated_from_the_registry(qapp: object) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- keys:start -->\n", "<!-- keys:end -->"
    assert start in readme and end in readme
    table = readme.split(start, 1)[1].split(end, 1)[0]
    assert table == markdown_table(preset_keymap()), (
        "README's shortcut table is stale: paste `python -m reader.ui.commands.keymap --markdown`"
    )
