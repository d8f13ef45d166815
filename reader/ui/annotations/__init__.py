"""Highlights and notes: the controller, painting them in the pane, the notes panel,
recently deleted annotations, and annotation import and export dialogs."""
