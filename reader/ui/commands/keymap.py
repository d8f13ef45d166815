"""Key bindings as data: the bundled defaults, the presets, and the user's own changes.

The effective keymap is built in three layers: `resources/keymap.toml` (every action), a
preset's file (`resources/keymap-vim.toml` holds only what the vim-like preset changes), and
the user's `keymap.toml` in the config directory, which holds only what the user changed
(the way Frescobaldi stores shortcuts):

    preset = "vim"
    [keys]
    toggle-read = ["M", "R"]

A user file is checked line by line and never stops Reader from starting: an unknown action,
a malformed key, a key that clashes within a context, a line that is not TOML, a binary file
are each reported as one message naming the line, and everything valid still applies.

`python -m reader.ui.commands.keymap --markdown` prints the README's shortcut table.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from reader.library import config_dir, resource
from reader.ui.commands.actions import (
    CONTEXT_NAMES,
    MENUS,
    SPECS,
    ActionId,
    Keymap,
    clashes,
    key_label,
    load_keymap,
    parse_binding,
)

PRESETS: dict[str, str] = {"default": "Default", "vim": "Vim-like"}
PRESET_FILES: dict[str, str] = {"default": "keymap.toml", "vim": "keymap-vim.toml"}
USER_FILE = "keymap.toml"
MAX_BYTES = 256 * 1024


@dataclass
class UserKeymap:
    """The user's changes: a preset, keys per action with the line they came from, and the
    problems found (each naming its line)."""

    preset: str = "default"
    changes: Keymap = field(default_factory=dict)
    lines: dict[ActionId, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def user_keymap_path() -> Path:
    return config_dir() / USER_FILE


def preset_keymap(preset: str = "default") -> Keymap:
    """The defaults with the preset's changes on top (bundled files: a mistake raises)."""
    keymap = load_keymap(resource(PRESET_FILES["default"]))
    if preset != "default":
        keymap.update(load_keymap(resource(PRESET_FILES[preset])))
    return keymap


def load_user_keymap(path: Path) -> UserKeymap:
    """Read the user's file, keeping every valid line; a missing file is no changes."""
    user = UserKeymap()
    try:
        raw = path.read_bytes()[: MAX_BYTES + 1]
    except FileNotFoundError:
        return user
    except OSError as error:
        user.problems.append(f"{path}: cannot read it ({error.strerror}); using the defaults")
        return user
    text = _decode(raw)
    if text is None or len(raw) > MAX_BYTES:
        user.problems.append(f"{path}: not a keymap (a binary or huge file); using the defaults")
        return user
    try:
        data = tomllib.loads(text)
        entries = _entries_of_table(data, text)
    except tomllib.TOMLDecodeError:
        entries = _entries_by_line(text, user, path)
    for number, name, value in entries:
        _take(user, number, name, value, path)
    return user


def effective_keymap(user: UserKeymap, path: Path | None = None) -> tuple[Keymap, list[str]]:
    """The preset's keymap with the user's changes; a change that would make a key clash is
    left out (and reported with its line) so that the rest still applies."""
    where = f"{path}, " if path else ""
    problems = list(user.problems)
    base = preset_keymap(user.preset)
    changes = dict(user.changes)
    while True:
        keymap = {**base, **changes}
        clash = _first_clash(keymap, changes)
        if clash is None:
            return keymap, problems
        action, message = clash
        problems.append(f"{where}line {user.lines.get(action, 0)}: {message}; that line is ignored")
        del changes[action]


def changes_from(keymap: Keymap, preset: str) -> Keymap:
    """What differs from the preset: what a user file has to hold."""
    base = preset_keymap(preset)
    return {a: keys for a, keys in keymap.items() if tuple(base.get(a, ())) != tuple(keys)}


def write_user_keymap(path: Path, preset: str, keymap: Keymap) -> None:
    """Write only the changes from the preset (atomically: a crash leaves the old file)."""
    changes = changes_from(keymap, preset)
    lines = ["# Your changes to Reader's keys (written by Keyboard Shortcuts; see the README)."]
    if preset != "default":
        lines.append(f'preset = "{preset}"')
    lines.append("")
    lines.append("[keys]")
    for spec in SPECS:
        if spec.id in changes:
            keys = ", ".join(_toml_string(k) for k in changes[spec.id])
            lines.append(f"{spec.id.value} = [{keys}]")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def markdown_table(keymap: Keymap) -> str:
    """The shortcut table of the README: every action, by menu, with its keys."""
    rows = ["| action | keys | where |", "| --- | --- | --- |"]
    for menu in MENUS:
        for spec in SPECS:
            if spec.menu != menu:
                continue
            keys = ", ".join(f"`{key_label(k)}`" for k in keymap.get(spec.id, ())) or "—"
            label = f"{menu} › {spec.plain_label.rstrip('…')}"
            rows.append(f"| {label} | {keys} | {CONTEXT_NAMES[spec.context]} |")
    return "\n".join(rows) + "\n"


# -- reading a user file --------------------------------------------------------------------

Entry = tuple[int, str, object]


def _decode(raw: bytes) -> str | None:
    if b"\0" in raw:
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _entries_of_table(data: dict[str, object], text: str) -> list[Entry]:
    """The entries of a file that parsed as a whole, each with the line it is on."""
    entries: list[Entry] = []
    for name, value in data.items():
        if name == "keys" and isinstance(value, dict):
            entries += [(_line_of(text, key), key, keys) for key, keys in value.items()]
        else:
            entries.append((_line_of(text, name), f"\0{name}", value))
    return entries


def _entries_by_line(text: str, user: UserKeymap, path: Path) -> list[Entry]:
    """A file that is not valid TOML as a whole: read each line on its own."""
    entries: list[Entry] = []
    in_keys = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("["):
            in_keys = re.fullmatch(r"\[\s*keys\s*\](\s*#.*)?", stripped) is not None
            if not in_keys:
                user.problems.append(f"{path}, line {number}: only a [keys] table is allowed")
            continue
        try:
            parsed = tomllib.loads(stripped)
        except tomllib.TOMLDecodeError:
            user.problems.append(
                f'{path}, line {number}: not a `name = ["key", …]` line: {_cut(line)}'
            )
            continue
        for name, value in parsed.items():
            entries.append((number, name if in_keys else f"\0{name}", value))
    return entries


def _take(user: UserKeymap, number: int, name: str, value: object, path: Path) -> None:
    where = f"{path}, line {number}"
    if name.startswith("\0"):  # a top-level setting
        if name == "\0preset" and isinstance(value, str) and value in PRESETS:
            user.preset = value
        elif name == "\0preset":
            user.problems.append(f"{where}: unknown preset {value!r} (use {', '.join(PRESETS)})")
        else:
            user.problems.append(f"{where}: unknown setting {name[1:]!r}")
        return
    action, keys, problem = parse_binding(name, value)
    if action is None:
        user.problems.append(f"{where}: {problem}")
        return
    if action in user.changes:
        user.problems.append(f"{where}: {name} is set twice; the later line wins")
    user.changes[action] = keys
    user.lines[action] = number


def _first_clash(keymap: Keymap, changes: Keymap) -> tuple[ActionId, str] | None:
    """The user's change (latest first) that takes part in a clash, with the message."""
    for key, first, second in clashes(keymap):
        for action in reversed(list(changes)):
            if action in (first, second):
                other = first if action == second else second
                return action, f"{key_label(key)} for {action} is already bound to {other}"
    return None


def _line_of(text: str, name: str) -> int:
    pattern = re.compile(rf"^\s*[\"']?{re.escape(name)}[\"']?\s*=", re.MULTILINE)
    found = pattern.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else 0


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _cut(line: str, width: int = 40) -> str:
    line = line.strip()
    return line if len(line) <= width else line[: width - 1] + "…"


def main(argv: list[str] | None = None) -> int:
    """`--markdown`: print the shortcut table of the default keymap."""
    args = sys.argv[1:] if argv is None else argv
    if args != ["--markdown"]:
        print("usage: python -m reader.ui.commands.keymap --markdown", file=sys.stderr)
        return 2
    sys.stdout.write(markdown_table(preset_keymap()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
