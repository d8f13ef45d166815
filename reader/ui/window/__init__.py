"""The main window: layout, menus, toolbar and status bar built from the registry, its
state (kept per library), focus bookkeeping, and start-up helpers (one instance per library,
the background integrity check, the index progress dialog)."""
