"""Importing from the window: the background import with progress, file dialogs and drops,
and watched folders."""
