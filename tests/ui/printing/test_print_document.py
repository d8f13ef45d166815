"""The printed form of an article: the reading type, highlights in their paper colours,
notes as numbered footnotes with numbers in the text, hostile notes kept as text, no
resource ever read from disk, safe PDF file names, and PDFs written whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QApplication

from reader.library import Library
from reader.ui.panes.reading_pane import BASE_POINT_SIZE, READING_FAMILIES
from reader.ui.printing.document import (
    PrintDocument,
    article_document,
    footnotes,
    paper_colour,
)
from reader.ui.printing.output import PdfError, pdf_file_name, write_pdf

DATA = Path(__file__).resolve().parents[2] / "data"
STORY = (
    "Council delays the harbour vote\n\n"
    "The council met on Monday to vote on the harbour budget.\n\n"
    "Residents asked for a new bridge over the river, and the mayor agreed to study it.\n\n"
    "The vote was postponed until spring."
)


def _article(library: Library, tmp_path: Path, text: str = STORY) -> int:
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    report = library.import_paths([path], fmt="text")
    (article_id,) = report.added_ids
    return article_id


def _highlight(library: Library, article_id: int, words: str, colour: str, note: str = ""):
    body = library.article(article_id).body  # type: ignore[union-attr]
    start = body.index(words)
    return library.add_highlight(article_id, start, start + len(words), colour, note)


def _superscripts(document: QTextDocument) -> list[str]:
    """The footnote numbers in the text, in order."""
    found = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            alignment = fragment.charFormat().verticalAlignment()
            if alignment == QTextCharFormat.VerticalAlignment.AlignSuperScript:
                found.append(fragment.text())
            iterator += 1
        block = block.next()
    return found


def test_highlights_print_in_their_colours_and_notes_become_numbered_footnotes(
    qapp: QApplication, empty_library: Library, tmp_path: Path
) -> None:
    article_id = _article(empty_library, tmp_path)
    _highlight(empty_library, article_id, "new bridge", "green", "Ask about the *cost*.")
    _highlight(empty_library, article_id, "harbour budget", "pink", "Up 4% on last year.")
    _highlight(empty_library, article_id, "postponed", "blue")  # no note: colour only
    empty_library.add_article_note(article_id, "Follow up in April.")
    article = empty_library.article(article_id)
    assert article is not None
    document = article_document(article, empty_library.annotations(article_id))

    text = document.toPlainText()
    assert text.startswith(article.title + "1")  # the article's note: after the title
    assert "harbour budget2" in text and "new bridge3" in text and "postponed until" in text
    assert _superscripts(document) == ["1", "2", "3"]
    notes = text[text.index("\nNotes\n") :]
    assert notes.index("1") < notes.index("On the whole article.") < notes.index("Follow up")
    assert "2  “harbour budget”\nUp 4% on last year." in notes
    assert "3  “new bridge”\nAsk about the cost." in notes
    html = document.toHtml()
    for colour in ("green", "pink", "blue"):
        assert f"background-color:{paper_colour(colour).name()}" in html
    assert "<em>cost</em>" in html or "font-style:italic" in html  # notes are Markdown
    assert document.defaultFont().families() == READING_FAMILIES
    assert document.defaultFont().pointSizeF() == BASE_POINT_SIZE
    title = document.metaInformation(QTextDocument.MetaInformation.DocumentTitle)
    assert title == article.title


def test_paper_colours_are_the_light_paints_over_white() -> None:
    assert paper_colour("yellow") == QColor(255, 235, 135)
    assert paper_colour(None) == paper_colour("yellow")  # as the pane draws unknown ones
    assert len({paper_colour(c).name() for c in ("yellow", "green", "blue", "pink")}) == 4


def test_notes_at_one_place_share_a_mark_and_lost_passages_are_listed_last(
    qapp: QApplication, empty_library: Library, tmp_path: Path
) -> None:
    article_id = _article(empty_library, tmp_path)
    _highlight(empty_library, article_id, "the harbour budget", "yellow", "Long one.")
    _highlight(empty_library, article_id, "harbour budget", "green", "Short one.")
    article = empty_library.article(article_id)
    assert article is not None
    infos = empty_library.annotations(article_id)
    lost = _highlight(empty_library, article_id, "spring", "pink", "Where did it go?")
    orphan = type(lost)(**{**{f: getattr(lost, f) for f in lost.__slots__}, "orphan": True})
    document = article_document(article, [*infos, orphan])
    assert "harbour budget1,2" in document.toPlainText()
    assert [n.number for n in footnotes([*infos, orphan])] == [1, 2, 3]
    assert _superscripts(document) == ["1,2"]
    assert "no longer in the text" in document.toPlainText()


def _hostile_lines() -> list[str]:
    lines = (DATA / "xss_vectors.txt").read_text(encoding="utf-8").splitlines()
    naughty = (DATA / "blns.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines + naughty[:300] if line.strip() and not line.startswith("#")]


def test_hostile_notes_and_quotes_are_printed_as_text(
    qapp: QApplication, empty_library: Library, tmp_path: Path
) -> None:
    vectors = (DATA / "xss_vectors.txt").read_text(encoding="utf-8").splitlines()
    story = "Hostile notes\n\n" + "\n\n".join(f"Paragraph {n}: {x}" for n, x in enumerate(vectors))
    article_id = _article(empty_library, tmp_path, story)
    body = empty_library.article(article_id).body  # type: ignore[union-attr]
    lines = _hostile_lines()
    for number, paragraph in enumerate(body.split("\n")):
        start = body.index(paragraph)
        note = lines[number % len(lines)]
        empty_library.add_highlight(article_id, start, start + len(paragraph), "pink", note)
    article = empty_library.article(article_id)
    assert article is not None
    document = article_document(article, empty_library.annotations(article_id))
    html = document.toHtml()
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert 'href="javascript' not in html.lower()
    assert document.blocked == []  # nothing asked for a resource
    text = document.toPlainText()
    assert "<IMG SRC=\"javascript:alert('XSS');\">" in text  # shown as the note's own text
    assert len(_superscripts(document)) == len(body.split("\n"))
    write_pdf(document, tmp_path / "hostile.pdf")
    assert (tmp_path / "hostile.pdf").read_bytes().startswith(b"%PDF-")


def test_the_document_never_reads_a_file_even_in_the_copy_that_prints(
    qapp: QApplication, tmp_path: Path
) -> None:
    canary = tmp_path / "canary.png"
    image = QImage(40, 40, QImage.Format.Format_ARGB32)
    image.fill(QColor("red"))
    image.save(str(canary))
    document = PrintDocument()
    document.setHtml(
        f'<p>x<img src="{canary}"> <img src="file://{canary}"></p>'
        f'<p style="background-image: url({canary})">y</p>'
    )
    document.register_images()
    copy = document.clone(document)  # what QTextDocument.print_ lays out
    copy.setPageSize(copy.pageSize())
    copy.size()
    for name in (str(canary), f"file://{canary}"):
        served = copy.resource(QTextDocument.ResourceType.ImageResource.value, QUrl(name))
        assert isinstance(served, QImage) and served.width() == 1
    assert str(canary) in document.blocked
    write_pdf(document, tmp_path / "canary.pdf")


def test_a_stored_picture_is_served_from_the_library(qapp: QApplication) -> None:
    image = QImage(2000, 100, QImage.Format.Format_RGB32)
    image.fill(QColor("blue"))
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    sha = "a" * 64
    asked: list[str] = []

    def pictures(key: str) -> bytes | None:
        asked.append(key)
        return bytes(data.data()) if key == sha else None

    document = PrintDocument(pictures)
    kind = QTextDocument.ResourceType.ImageResource.value
    served = document.loadResource(kind, QUrl(f"reader-picture:{sha}"))
    assert isinstance(served, QImage) and 0 < served.width() <= 620  # fits the page
    refused = document.loadResource(kind, QUrl("reader-picture:../../etc/passwd"))
    assert isinstance(refused, QImage) and refused.width() == 1
    assert asked == [sha]


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Council votes on harbour", "Council votes on harbour.pdf"),
        ("../../etc/passwd", "etc passwd.pdf"),
        ('a/b\\c:d*e?f"g<h>i|j', "a b c d e f g h i j.pdf"),
        ("  .hidden. ", "hidden.pdf"),
        ("\x1b]0;pwned\x07", "]0;pwned.pdf"),
        ("", "article.pdf"),
        ("...", "article.pdf"),
        ("CON", "CON article.pdf"),
        ("é" * 400, "é" * 75 + ".pdf"),
    ],
)
def test_pdf_file_names_are_safe(title: str, name: str) -> None:
    assert pdf_file_name(title) == name


def test_every_naughty_title_gives_a_plain_file_name() -> None:
    for line in _hostile_lines():
        name = pdf_file_name(line)
        assert name.endswith(".pdf") and "/" not in name and not name.startswith(".")
        assert len(name.encode("utf-8")) <= 160


def test_an_unwritable_place_gives_a_clear_error_and_leaves_nothing(
    qapp: QApplication, tmp_path: Path
) -> None:
    document = PrintDocument()
    document.setPlainText("Hello")
    with pytest.raises(PdfError, match=r"cannot write the PDF to .*missing"):
        write_pdf(document, tmp_path / "missing" / "out.pdf")
    with pytest.raises(PdfError, match="it is a folder"):
        write_pdf(document, tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if not os.access(locked, os.W_OK):  # root can write anywhere
            with pytest.raises(PdfError, match="Permission denied"):
                write_pdf(document, locked / "out.pdf")
    finally:
        locked.chmod(0o700)
    assert list(tmp_path.iterdir()) == [locked]
    written = write_pdf(document, tmp_path / "ok.pdf")
    assert written.read_bytes().startswith(b"%PDF-") and sorted(tmp_path.iterdir()) == [
        locked, written,
    ]  # fmt: skip
