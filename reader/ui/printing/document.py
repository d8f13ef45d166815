"""The printed form of an article: a `QTextDocument` that can never read a file.

`article_document` lays out what the reading pane shows (the same sanitised HTML, the
reading font and `resources/reader.css`) on paper colours, paints each placed highlight in
its colour (the light paint laid over white, so printers and PDF viewers need no
transparency), and turns notes into numbered footnotes: a superscript number in the text
(after the highlighted passage; after the title for a note on the whole article) and, after
the text, the numbered notes with the passage they belong to. A note whose passage was not
found is listed there too, without a number in the text.

Safety: `PrintDocument.loadResource` answers every request, as the reading pane's does: a
picture stored in the library (`reader-picture:<sha256>`) if a source of them is given,
else a 1x1 transparent image; anything else an empty byte array. Never None, which would
make Qt read the URL from disk. Every image the document names is registered with
`addResource` once built, so the copy Qt makes to paginate (`QTextDocument.print_` clones
the document, and a clone keeps registered resources but not cached ones) has them too.
Notes reach the document as the library renders them (`render_note`: Markdown, then the one
sanitiser); quotes and titles are escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from reader.library import AnnotationInfo, ArticleText, highlight_colour
from reader.library import render_note as render_note_html
from reader.ui.panes.body_map import BodyMap
from reader.ui.panes.reading_pane import BASE_POINT_SIZE, READING_FAMILIES
from reader.ui.panes.resources import PictureSource, answer_resource, placeholder_image
from reader.ui.style import theme

PAPER = QColor("#ffffff")
INK = QColor("#1b1b1b")
PRINT_ACCENT = QColor("#1f5aa6")  # links and footnote numbers
MAX_PICTURE = (620, 820)  # pixels at 96 dpi: within an A4 or Letter page's text area
QUOTE_CHARS = 160  # a footnote quotes at most this much of its passage
FOOTNOTE_CSS = """
h2.notes { font-size: medium; font-weight: 600; margin-top: 28px; margin-bottom: 8px; }
p.footnote { font-size: small; margin-top: 10px; margin-bottom: 2px; }
span.number { font-weight: bold; color: ACCENT; }
div.note { font-size: small; margin-left: 22px; }
div.note p { margin-top: 0; margin-bottom: 6px; }
"""


def paper_palette() -> QPalette:
    """Dark ink on white paper, whatever theme the window uses."""
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Base, PAPER), (QPalette.ColorRole.Window, PAPER),
        (QPalette.ColorRole.Text, INK), (QPalette.ColorRole.WindowText, INK),
        (QPalette.ColorRole.Highlight, PRINT_ACCENT),
    ):  # fmt: skip
        palette.setColor(role, colour)
    if hasattr(QPalette.ColorRole, "Accent"):
        palette.setColor(QPalette.ColorRole.Accent, PRINT_ACCENT)
    return palette


def paper_colour(name: str | None) -> QColor:
    """A highlight colour's light paint laid over white: opaque, as it looks in the pane."""
    red, green, blue, alpha = highlight_colour(name).light
    share = alpha / 255
    return QColor(*(round(255 * (1 - share) + value * share) for value in (red, green, blue)))


def reading_font() -> QFont:
    """The reading pane's font at its base size (no zoom)."""
    font = QFont()
    font.setFamilies(READING_FAMILIES)
    font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSizeF(BASE_POINT_SIZE)
    return font


@dataclass(frozen=True, slots=True)
class Footnote:
    """One numbered note: `at` is the body offset its number follows (None: after the
    title for a note on the article; -1: its passage was not found, no number in the text)."""

    number: int
    annotation: AnnotationInfo
    at: int | None


def footnotes(annotations: Sequence[AnnotationInfo]) -> list[Footnote]:
    """The notes to print, numbered: notes on the article first, then highlights' notes in
    the order of their passages, then notes whose passage was not found."""
    noted = [a for a in annotations if a.note.strip()]
    article = sorted((a for a in noted if a.is_note), key=lambda a: a.created)
    placed = sorted(
        (a for a in noted if not a.is_note and not a.orphan and a.start is not None),
        key=lambda a: (a.start or 0, a.end or 0, a.id),
    )
    lost = [a for a in noted if not a.is_note and a not in placed]
    out = [Footnote(n, a, None) for n, a in enumerate(article, 1)]
    out += [Footnote(len(out) + n, a, a.end) for n, a in enumerate(placed, 1)]
    out += [Footnote(len(out) + n, a, -1) for n, a in enumerate(lost, 1)]
    return out


def _quote(annotation: AnnotationInfo) -> str:
    if annotation.is_note:
        return "On the whole article."
    text = " ".join((annotation.exact or "").split())
    if len(text) > QUOTE_CHARS:
        text = text[: QUOTE_CHARS - 1].rstrip() + "…"
    style = f"background-color: {paper_colour(annotation.color).name()}"
    lost = " (its passage is no longer in the text)" if annotation.orphan else ""
    return f'<span style="{style}">“{escape(text)}”</span>{lost}'


def footnotes_html(notes: Sequence[Footnote]) -> str:
    """The numbered notes after the text (empty when there are none)."""
    if not notes:
        return ""
    parts = ['<h2 class="notes">Notes</h2>']
    for note in notes:
        parts.append(
            f'<p class="footnote"><span class="number">{note.number}</span>&nbsp; '
            f"{_quote(note.annotation)}</p>"
        )
        parts.append(f'<div class="note">{render_note_html(note.annotation.note)}</div>')
    return "\n".join(parts)


class PrintDocument(QTextDocument):
    """A `QTextDocument` that serves only the library's stored pictures (see the module
    docstring); `blocked` lists every other resource it was asked for."""

    def __init__(self, pictures: PictureSource | None = None) -> None:
        super().__init__()
        self.pictures = pictures
        self.blocked: list[str] = []
        self._placeholder = placeholder_image()

    def loadResource(self, type: int, name: QUrl | str) -> object:
        return answer_resource(
            type, name, self.pictures, blocked=self.blocked, fit=_fit_page,
            placeholder=self._placeholder,
        )  # fmt: skip

    def register_images(self) -> None:
        """Answer every image the document names now, as registered resources (kept by
        the copy that printing paginates)."""
        kind = QTextDocument.ResourceType.ImageResource
        names: set[str] = set()
        block = self.begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fmt = iterator.fragment().charFormat()
                if fmt.isImageFormat():
                    names.add(fmt.toImageFormat().name())
                iterator += 1
            block = block.next()
        for name in sorted(names):
            self.addResource(kind.value, QUrl(name), self.loadResource(kind.value, QUrl(name)))


def _fit_page(image: QImage) -> QImage:
    """A picture scaled down into the page's text area (never up)."""
    width, height = MAX_PICTURE
    if image.width() > width or image.height() > height:
        image = image.scaled(
            width, height, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )  # fmt: skip
    return image


def article_document(
    article: ArticleText, annotations: Sequence[AnnotationInfo],
    pictures: PictureSource | None = None,
) -> PrintDocument:  # fmt: skip
    """The article as it prints (see the module docstring)."""
    document = PrintDocument(pictures)
    font = reading_font()
    document.setDefaultFont(font)
    palette = paper_palette()
    css = theme.reading_stylesheet(palette, font)
    document.setDefaultStyleSheet(css + FOOTNOTE_CSS.replace("ACCENT", PRINT_ACCENT.name()))
    notes = footnotes(annotations)
    document.setHtml(article.html() + footnotes_html(notes))
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, article.title)
    body_map = BodyMap(article.body, document)
    _paint_highlights(document, body_map, annotations)
    _insert_markers(document, body_map, notes)
    document.register_images()
    return document


def _paint_highlights(
    document: QTextDocument, body_map: BodyMap, annotations: Sequence[AnnotationInfo]
) -> None:
    for info in annotations:
        if info.is_note or info.orphan or info.start is None or info.end is None:
            continue
        cursor = QTextCursor(document)
        cursor.setPosition(body_map.to_document(info.start))
        cursor.setPosition(body_map.to_document(info.end), QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(paper_colour(info.color))
        cursor.mergeCharFormat(fmt)


def _insert_markers(document: QTextDocument, body_map: BodyMap, notes: Sequence[Footnote]) -> None:
    """Superscript numbers, from the end backwards so that earlier positions stay put; the
    numbers of notes at one place are joined with commas."""
    title_end = document.firstBlock().position() + document.firstBlock().length() - 1
    places: dict[int, list[int]] = {}
    for note in notes:
        if note.at is None:
            places.setdefault(title_end, []).append(note.number)
        elif note.at >= 0:
            places.setdefault(body_map.to_document(note.at), []).append(note.number)
    fmt = QTextCharFormat()
    fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
    fmt.setForeground(PRINT_ACCENT)
    fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setProperty(QTextFormat.Property.UserProperty, "footnote")
    for position in sorted(places, reverse=True):
        cursor = QTextCursor(document)
        cursor.setPosition(position)
        cursor.insertText(",".join(str(n) for n in places[position]), fmt)
