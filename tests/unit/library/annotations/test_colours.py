"""The highlight colours are defined once, in the core, as plain data."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from reader.library import (
    COLORS,
    HIGHLIGHT_COLOURS,
    AnnotationError,
    HighlightColour,
    Library,
    highlight_colour,
)


def test_the_five_colours_with_their_paints() -> None:
    assert (
        HighlightColour("yellow", "Yellow", (255, 212, 0, 120), (214, 176, 0, 120)),
        HighlightColour("green", "Green", (70, 200, 110, 105), (40, 170, 90, 125)),
        HighlightColour("blue", "Blue", (80, 160, 255, 100), (60, 130, 240, 135)),
        HighlightColour("pink", "Pink", (255, 100, 170, 95), (230, 80, 150, 130)),
        HighlightColour("purple", "Purple", (160, 110, 255, 100), (150, 100, 240, 140)),
    ) == HIGHLIGHT_COLOURS
    assert COLORS == ("yellow", "green", "blue", "pink", "purple")
    for colour in HIGHLIGHT_COLOURS:
        assert all(0 <= v <= 255 for v in (*colour.light, *colour.dark))


def test_a_colour_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        HIGHLIGHT_COLOURS[0].name = "red"  # type: ignore[misc]


def test_looking_up_a_colour_never_raises() -> None:
    assert highlight_colour("blue").label == "Blue"
    assert highlight_colour("PINK").name == "pink"
    assert highlight_colour("red") == HIGHLIGHT_COLOURS[0]  # unknown: yellow
    assert highlight_colour(None) == HIGHLIGHT_COLOURS[0]  # a note on the whole article


def test_writes_accept_exactly_the_defined_colours(empty_library: Library, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A headline\n\nSome words to highlight here.")
    [article_id] = empty_library.import_paths([tmp_path / "a.txt"]).added_ids
    for name in COLORS:
        assert empty_library.add_highlight(article_id, 0, 4, name).color == name
    with pytest.raises(AnnotationError, match="unknown colour"):
        empty_library.add_highlight(article_id, 0, 4, "red")
