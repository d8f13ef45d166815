"""The Preferences dialog: every preference as a labelled control, applied as it changes.

Each control has a label with a mnemonic (Alt+letter reaches it) and an accessible name;
Esc or Close closes the dialog (nothing is left to confirm: every change is already applied
and kept); Restore Defaults puts every preference back. The dialog shows a `Preferences`
value and says when the reader changes it (`changed`); it never applies anything itself.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFontComboBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reader.ui.preferences.model import (
    APP_THEME_NAMES,
    DEFAULTS,
    GENERIC_FAMILY_NAMES,
    LEADING_RANGE,
    PARAGRAPH_RANGE,
    READING_THEME_NAMES,
    SIZE_RANGE,
    WIDTH_RANGE,
    Preferences,
)
from reader.ui.style import theme

INSTALLED = "installed"  # the family kind that takes the font chooser's family


def _combo(choices: dict[str, str]) -> QComboBox:
    combo = QComboBox()
    for value, label in choices.items():
        combo.addItem(label, value)
    return combo


def _spin(bounds: tuple[float, float], step: float, suffix: str, decimals: int) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(*bounds)
    spin.setSingleStep(step)
    spin.setDecimals(decimals)
    spin.setSuffix(suffix)
    spin.setKeyboardTracking(False)  # typed digits apply once complete, not at each key
    return spin


class FamilyChooser:
    """A family preference as two controls: its kind (serif, sans serif, an installed font)
    and the installed font; choosing a font in the second makes the kind "installed"."""

    def __init__(self) -> None:
        self.kind = _combo({**GENERIC_FAMILY_NAMES, INSTALLED: "Installed font"})
        self.font = QFontComboBox()
        self.font.setEditable(False)

    def value(self) -> str:
        kind = self.kind.currentData()
        return self.font.currentFont().family() if kind == INSTALLED else str(kind)

    def show(self, family: str) -> None:
        if family in GENERIC_FAMILY_NAMES:
            self.kind.setCurrentIndex(self.kind.findData(family))
            self.show_resolved()
        else:
            self.kind.setCurrentIndex(self.kind.findData(INSTALLED))
            self.font.setCurrentFont(QFont(family))

    def font_chosen(self) -> None:
        self.kind.setCurrentIndex(self.kind.findData(INSTALLED))

    def show_resolved(self) -> None:
        """For "serif" or "sans serif", the font chooser shows the installed family that
        the text is set in, so the two controls never disagree."""
        kind = self.kind.currentData()
        if kind == INSTALLED:
            return
        installed = set(QFontDatabase.families())
        found = next((f for f in theme.GENERIC_FAMILIES.get(str(kind), ()) if f in installed), None)
        if found is not None:
            blocked = self.font.blockSignals(True)  # showing, not choosing
            self.font.setCurrentFont(QFont(found))
            self.font.blockSignals(blocked)


class PreferencesDialog(QDialog):
    """Shows `prefs`; emits `changed(Preferences)` at each change the reader makes."""

    changed = Signal(object)

    def __init__(self, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self.setAccessibleName("Preferences")
        self._showing = False
        self.reading_theme = _combo(READING_THEME_NAMES)
        self.app_theme = _combo(APP_THEME_NAMES)
        self.text = FamilyChooser()
        self.heading = FamilyChooser()
        self.font_size = _spin(SIZE_RANGE, 0.5, " pt", 1)
        self.line_width = QSpinBox()
        self.line_width.setRange(int(WIDTH_RANGE[0]), int(WIDTH_RANGE[1]))
        self.line_width.setSingleStep(5)
        self.line_width.setSuffix(" characters")
        self.line_width.setKeyboardTracking(False)
        self.line_spacing = _spin(LEADING_RANGE, 0.05, " lines", 2)
        self.paragraph_spacing = _spin(PARAGRAPH_RANGE, 0.1, " em", 2)
        self.justify = QCheckBox("&Justify paragraphs")
        form = QFormLayout()
        rows: list[tuple[str, QWidget, str]] = [
            ("&Reading theme:", self.reading_theme, "Reading theme"),
            ("&App theme:", self.app_theme, "App theme"),
            ("&Text font:", self.text.kind, "Text font"),
            ("Text font fa&mily:", self.text.font, "Text font family"),
            ("&Heading font:", self.heading.kind, "Heading font"),
            ("Heading font fami&ly:", self.heading.font, "Heading font family"),
            ("Font si&ze:", self.font_size, "Font size"),
            ("Line &width:", self.line_width, "Line width"),
            ("Line s&pacing:", self.line_spacing, "Line spacing"),
            ("Paragraph spac&ing:", self.paragraph_spacing, "Paragraph spacing"),
        ]
        for text, widget, name in rows:
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(name)
            form.addRow(label, widget)
        self.justify.setAccessibleName("Justify paragraphs")
        form.addRow("", self.justify)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText("&Close")
        close.setAccessibleName("Close")
        self.defaults = buttons.addButton(
            "Restore &Defaults", QDialogButtonBox.ButtonRole.ResetRole
        )
        self.defaults.setAccessibleName("Restore defaults")
        buttons.rejected.connect(self.reject)
        self.defaults.clicked.connect(lambda: self._emit(DEFAULTS))
        hint = QLabel("Changes apply at once and are kept.")
        hint.setObjectName("preferencesHint")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.show_preferences(prefs)
        for combo in (self.reading_theme, self.app_theme, self.text.kind, self.heading.kind):
            combo.currentIndexChanged.connect(self._changed)
        for chooser in (self.text, self.heading):
            chooser.font.currentFontChanged.connect(lambda _f, c=chooser: self._font_chosen(c))
            chooser.kind.currentIndexChanged.connect(lambda _i, c=chooser: c.show_resolved())
        for spin in (self.font_size, self.line_spacing, self.paragraph_spacing):
            spin.valueChanged.connect(self._changed)
        self.line_width.valueChanged.connect(self._changed)
        self.justify.toggled.connect(self._changed)

    def show_preferences(self, prefs: Preferences) -> None:
        """Show `prefs` (without saying so: nothing was changed by the reader)."""
        self._showing = True
        try:
            self.reading_theme.setCurrentIndex(self.reading_theme.findData(prefs.reading_theme))
            self.app_theme.setCurrentIndex(self.app_theme.findData(prefs.app_theme))
            self.text.show(prefs.text_family)
            self.heading.show(prefs.heading_family)
            self.font_size.setValue(prefs.size)
            self.line_width.setValue(prefs.line_width)
            self.line_spacing.setValue(prefs.line_spacing)
            self.paragraph_spacing.setValue(prefs.paragraph_spacing)
            self.justify.setChecked(prefs.justify)
        finally:
            self._showing = False

    def preferences(self) -> Preferences:
        """What the controls show."""
        return Preferences(
            reading_theme=str(self.reading_theme.currentData()),
            app_theme=str(self.app_theme.currentData()),
            text_family=self.text.value(),
            heading_family=self.heading.value(),
            size=round(self.font_size.value(), 2),
            line_width=self.line_width.value(),
            line_spacing=round(self.line_spacing.value(), 2),
            paragraph_spacing=round(self.paragraph_spacing.value(), 2),
            justify=self.justify.isChecked(),
        )

    def _font_chosen(self, chooser: FamilyChooser) -> None:
        if self._showing:
            return
        self._showing = True
        try:
            chooser.font_chosen()
        finally:
            self._showing = False
        self._changed()

    def _changed(self, *_args: object) -> None:
        if not self._showing:
            self.changed.emit(self.preferences())

    def _emit(self, prefs: Preferences) -> None:
        self.show_preferences(prefs)
        self.changed.emit(prefs)
