"""Undo and redo: the one history of undoable steps, which never changes an article that
is not on screen."""
