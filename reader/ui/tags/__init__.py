"""Tags in the window: the sidebar's Tags section, tagging articles and highlights, and
renaming and merging tags (`controller`), and the tag entry with completion (`dialog`)."""
