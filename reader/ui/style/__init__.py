"""Drawing shared by every room: colours and stylesheets from the palette, icons, and the
highlight paints (from the core's one definition of the highlight colours)."""
