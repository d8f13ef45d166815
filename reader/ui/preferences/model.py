"""What the reader can prefer, as one value: `Preferences`, read from and written to the
settings (the keys are declared in `reader.ui.window.state`), checked on the way in, and
turned into the reading pane's `ReadingStyle`.

A value edited by hand, out of range or of another version's making yields the default (or
the nearest allowed value), never an exception.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

from reader.ui.style.theme import READING_THEMES, ReadingStyle
from reader.ui.window.state import Settings

READING_THEME_NAMES: dict[str, str] = {  # value: label
    "system": "Follow the system",
    "light": "Light",
    "sepia": "Sepia",
    "dark": "Dark",
}
APP_THEME_NAMES: dict[str, str] = {"system": "Follow the system", "light": "Light", "dark": "Dark"}
GENERIC_FAMILY_NAMES: dict[str, str] = {"serif": "Serif", "sans": "Sans serif"}
SIZE_RANGE = (8.0, 32.0)  # points
WIDTH_RANGE = (35, 120)  # characters
LEADING_RANGE = (1.0, 2.5)  # line distance in ems
PARAGRAPH_RANGE = (0.0, 2.5)  # ems after a paragraph
MAX_FAMILY = 200


_PANE = ReadingStyle()  # the pane's style before any preference


@dataclass(frozen=True, slots=True)
class Preferences:
    """Every preference, with its default."""

    reading_theme: str = "system"
    app_theme: str = "system"
    # the type's defaults are the reading pane's own (one place says what they are)
    text_family: str = _PANE.text_family
    heading_family: str = _PANE.heading_family
    size: float = _PANE.size
    line_width: int = _PANE.measure
    line_spacing: float = _PANE.leading
    paragraph_spacing: float = _PANE.paragraph
    justify: bool = _PANE.justify

    def with_changes(self, **changes: object) -> Preferences:
        """A copy with `changes`, each checked as if read from the settings."""
        return checked(replace(self, **changes))  # type: ignore[arg-type]


KEYS: dict[str, str] = {  # field: settings key
    "reading_theme": Settings.READING_THEME,
    "app_theme": Settings.APP_THEME,
    "text_family": Settings.TEXT_FAMILY,
    "heading_family": Settings.HEADING_FAMILY,
    "size": Settings.FONT_SIZE,
    "line_width": Settings.LINE_WIDTH,
    "line_spacing": Settings.LINE_SPACING,
    "paragraph_spacing": Settings.PARAGRAPH_SPACING,
    "justify": Settings.JUSTIFY,
}
DEFAULTS = Preferences()


def _choice(value: object, allowed: dict[str, str], default: str) -> str:
    return value if isinstance(value, str) and value in allowed else default


def _family(value: object, default: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_FAMILY:
        return default
    return value.strip()


def _number(value: object, bounds: tuple[float, float], default: float) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
    if math.isnan(number):
        return default
    return round(min(bounds[1], max(bounds[0], number)), 2)


def _flag(value: object, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false", "1", "0"):
        return value.lower() in ("true", "1")
    return default


def checked(prefs: Preferences) -> Preferences:
    """`prefs` with every value made one that is allowed."""
    d = DEFAULTS
    return Preferences(
        reading_theme=_choice(prefs.reading_theme, READING_THEME_NAMES, d.reading_theme),
        app_theme=_choice(prefs.app_theme, APP_THEME_NAMES, d.app_theme),
        text_family=_family(prefs.text_family, d.text_family),
        heading_family=_family(prefs.heading_family, d.heading_family),
        size=_number(prefs.size, SIZE_RANGE, d.size),
        line_width=round(_number(prefs.line_width, WIDTH_RANGE, d.line_width)),
        line_spacing=_number(prefs.line_spacing, LEADING_RANGE, d.line_spacing),
        paragraph_spacing=_number(prefs.paragraph_spacing, PARAGRAPH_RANGE, d.paragraph_spacing),
        justify=_flag(prefs.justify, d.justify),
    )


def load(state: Settings) -> Preferences:
    """The preferences kept in `state` (defaults for what was never set)."""
    stored = {name: state.preference(key) for name, key in KEYS.items()}
    values = {name: getattr(DEFAULTS, name) if v is None else v for name, v in stored.items()}
    return checked(Preferences(**values))  # type: ignore[arg-type]


def save(state: Settings, prefs: Preferences, before: Preferences | None = None) -> None:
    """Keep `prefs` in `state` (only what differs from `before`, if given)."""
    for field in fields(Preferences):
        value = getattr(prefs, field.name)
        if before is None or value != getattr(before, field.name):
            state.set_preference(KEYS[field.name], value)


def reading_theme(prefs: Preferences, system_dark: bool) -> str:
    """The reading theme in effect: the one chosen, or light or dark as the system is."""
    if prefs.reading_theme == "system":
        return "dark" if system_dark else "light"
    return prefs.reading_theme


def reading_style(prefs: Preferences, system_dark: bool) -> ReadingStyle:
    """The reading pane's style for `prefs` (with the system dark or not)."""
    return ReadingStyle(
        colours=READING_THEMES[reading_theme(prefs, system_dark)],
        text_family=prefs.text_family,
        heading_family=prefs.heading_family,
        size=prefs.size,
        measure=prefs.line_width,
        leading=prefs.line_spacing,
        paragraph=prefs.paragraph_spacing,
        justify=prefs.justify,
    )
