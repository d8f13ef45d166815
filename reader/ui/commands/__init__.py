"""Commands: the action registry (every action once, with its one handler), default and
user keymaps, two-key chords, the command palette, the shortcut sheet and editor."""
