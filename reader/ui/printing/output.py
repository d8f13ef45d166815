"""Where a printed article goes: a PDF file (`write_pdf`, written beside its target and
renamed over it, so a failure never leaves half a file) or a printer (`print_document`);
the file name a PDF of an article is offered under (`pdf_file_name`); and `article_pdf`,
what `reader show ID --format pdf -o FILE` runs (it starts an offscreen `QGuiApplication`
when there is none, since the command line has no window)."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from reader.library import Library, LibraryError
from reader.ui.printing.document import article_document

MAX_NAME_BYTES = 150  # of the name before ".pdf" (file systems allow 255)
RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.IGNORECASE)  # Windows devices
UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_APP: list[QGuiApplication] = []  # the application started here, kept alive


class PdfError(LibraryError):
    """A PDF could not be written; `str(error)` says why, in one line."""


def pdf_file_name(title: str) -> str:
    """A safe file name for a PDF of the article `title`: no path separators, control or
    reserved characters, not hidden, not too long; "article.pdf" when nothing is left."""
    hidden = ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")  # control, format, surrogate, private use
    text = "".join(c for c in unicodedata.normalize("NFC", title)
                   if unicodedata.category(c) not in hidden)  # fmt: skip
    text = " ".join(UNSAFE.sub(" ", text).split()).strip(" .")
    while len(text.encode("utf-8")) > MAX_NAME_BYTES:
        text = text[:-1]
    text = text.rstrip(" .")
    if RESERVED.match(text):
        text = f"{text} article"
    return f"{text or 'article'}.pdf"


def pdf_printer(path: str, title: str) -> QPrinter:
    """A high-resolution printer that writes a PDF to `path`."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(path)
    printer.setDocName(title)
    printer.setCreator("Reader")
    return printer


def print_document(document: QTextDocument, printer: QPrinter) -> None:
    """Print `document` on `printer`, paginated, with page numbers."""
    printer.setDocName(document.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
    document.print_(printer)


def write_pdf(document: QTextDocument, path: Path) -> Path:
    """Write `document` as a PDF at `path` (replacing it); `PdfError` if it cannot be."""
    path = Path(path)
    if path.is_dir():
        raise PdfError(f"cannot write the PDF to {path}: it is a folder")
    try:
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".pdf")
        os.close(handle)
    except OSError as exc:
        raise PdfError(f"cannot write the PDF to {path}: {exc.strerror or exc}") from exc
    try:
        title = document.metaInformation(QTextDocument.MetaInformation.DocumentTitle)
        document.print_(pdf_printer(temp, title))
        with open(temp, "rb") as written:
            if written.read(5) != b"%PDF-":
                raise PdfError(f"cannot write the PDF to {path}: nothing was written")
        os.replace(temp, path)
    except OSError as exc:
        raise PdfError(f"cannot write the PDF to {path}: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(OSError):
            os.remove(temp)
    return path


def ensure_application() -> QGuiApplication:
    """The running Qt application, or a new offscreen one (for the command line)."""
    running = QGuiApplication.instance()
    if isinstance(running, QGuiApplication):
        return running
    _APP.append(QGuiApplication(["reader", "-platform", "offscreen"]))
    return _APP[-1]


def article_pdf(library: Library, article_id: int, path: Path) -> Path:
    """Write article `article_id` of `library`, with its highlights and notes, as a PDF."""
    article = library.article(article_id)
    if article is None:
        raise PdfError(f"there is no article {article_id}; `reader list` shows their ids")
    ensure_application()

    def stored(sha256: str) -> bytes | None:
        found = library.picture(sha256)
        return found[0] if found is not None else None

    document = article_document(article, library.annotations(article_id), stored)
    return write_pdf(document, path)
