"""The highlight colours, defined once: name (stored with each highlight and in exports),
label (for menus), and the RGBA paint for light and dark themes. Plain Python: the window
turns the tuples into its own colour objects; `COLORS` (the names, in order) is what writes
accept."""

from __future__ import annotations

from dataclasses import dataclass

RGBA = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class HighlightColour:
    """One highlight colour: `light` and `dark` are (red, green, blue, alpha), 0..255."""

    name: str
    label: str
    light: RGBA
    dark: RGBA


HIGHLIGHT_COLOURS: tuple[HighlightColour, ...] = (
    HighlightColour("yellow", "Yellow", (255, 212, 0, 120), (214, 176, 0, 120)),
    HighlightColour("green", "Green", (70, 200, 110, 105), (40, 170, 90, 125)),
    HighlightColour("blue", "Blue", (80, 160, 255, 100), (60, 130, 240, 135)),
    HighlightColour("pink", "Pink", (255, 100, 170, 95), (230, 80, 150, 130)),
    HighlightColour("purple", "Purple", (160, 110, 255, 100), (150, 100, 240, 140)),
)
COLORS: tuple[str, ...] = tuple(colour.name for colour in HIGHLIGHT_COLOURS)
DEFAULT_COLOUR = HIGHLIGHT_COLOURS[0]
_BY_NAME = {colour.name: colour for colour in HIGHLIGHT_COLOURS}


def highlight_colour(name: str | None) -> HighlightColour:
    """The colour called `name` (case-insensitive). Never raises: an unknown name or None
    (a note on a whole article has no colour) gives yellow, the default, so that whatever
    is stored can always be drawn. Writes are stricter: they accept only `COLORS`."""
    return _BY_NAME.get((name or "").lower(), DEFAULT_COLOUR)
