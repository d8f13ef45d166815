"""Reader's Qt layer: a thin layer of rooms over the core (`reader.library`).

`app` starts the application; `window` is the main window (layout, menus, state); `panes`
the three panes' widgets; `reading` the one owner of the article on screen and moving
around; `annotations`, `search`, `importing` and `undo` one feature each; `commands` the
action registry, keys and palette; `style` colours and icons. It reads through the core's
front door, writes only through it, and turns its change reports into signals.
"""
