"""Preferences: the reader's type and reading theme, and the app's own theme (Edit ›
Preferences…, View › Reading Theme), applied live and kept in the settings."""
