"""File › Print… and File › Export Article as PDF… in the real window: Ctrl+P opens the
print dialog and prints the article on screen; the export dialog proposes `<title>.pdf` in
Documents (then the folder last exported to, never the import folder) and writes a real
PDF; with no article, or a place that cannot be written, the status bar says why."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.ui.commands.actions import ActionId
from reader.ui.printing.controller import NOTHING_SHOWN
from reader.ui.printing.output import pdf_file_name, pdf_printer
from reader.ui.window.mainwindow import MainWindow

IGNORE = "This plugin does not support (propagateSizeHints|raise|grabbing)"


def _top(kind: type) -> list:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def _show_annotated(window: MainWindow, library: Library) -> int:
    article_id = 2  # the bundled corpus's second article
    body = library.article(article_id).body  # type: ignore[union-attr]
    library.add_highlight(article_id, 0, min(40, len(body)), "green", "A note to print.")
    assert window.current.show(article_id)
    return article_id


@pytest.mark.qt_log_ignore(IGNORE)
def test_ctrl_p_prints_the_article_on_screen(
    qtbot: QtBot, win: MainWindow, library: Library, tmp_path: Path
) -> None:
    _show_annotated(win, library)
    target = tmp_path / "printed.pdf"
    win.printing.make_printer = lambda: pdf_printer(str(target), "")
    assert win.registry.keys(ActionId.PRINT) == ("Ctrl+P",)
    action = win.registry.action(ActionId.PRINT)
    assert action.text().replace("&", "") == "Print…"
    action.trigger()
    qtbot.waitUntil(lambda: bool(_top(QPrintDialog)))
    (dialog,) = _top(QPrintDialog)
    assert dialog.windowTitle() == "Print Article"
    dialog.accept()
    qtbot.waitUntil(target.exists)
    assert target.read_bytes().startswith(b"%PDF-")
    assert win.status.currentMessage().startswith("Printed “")


@pytest.mark.qt_log_ignore(IGNORE)
def test_export_proposes_the_title_in_documents_and_writes_a_pdf(
    qtbot: QtBot, win: MainWindow, library: Library, tmp_path: Path
) -> None:
    documents = Path.home() / "Documents"
    documents.mkdir()
    win.settings.set_import_folder(str(tmp_path))  # not where a PDF is offered
    article_id = _show_annotated(win, library)
    title = library.article(article_id).title  # type: ignore[union-attr]
    win.registry.action(ActionId.EXPORT_PDF).trigger()
    qtbot.waitUntil(lambda: bool(_top(QFileDialog)))
    (dialog,) = _top(QFileDialog)
    assert dialog.windowTitle() == "Export Article as PDF"
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert dialog.selectedFiles() == [str(documents / pdf_file_name(title))]
    elsewhere = tmp_path / "out"
    elsewhere.mkdir()
    dialog.selectFile(str(elsewhere / "story.pdf"))
    dialog.accept()
    written = elsewhere / "story.pdf"
    qtbot.waitUntil(written.exists)
    assert written.read_bytes().startswith(b"%PDF-")
    assert win.status.currentMessage() == f"Saved “{title}” as {written}"
    again = win.printing.export_pdf()
    assert again is not None
    assert again.selectedFiles() == [str(elsewhere / pdf_file_name(title))]
    again.reject()


def test_with_no_article_nothing_is_printed_and_the_status_says_why(
    win: MainWindow,
) -> None:
    win.current.show(None)
    assert win.printing.print_article() is None
    assert win.status.currentMessage() == NOTHING_SHOWN
    win.status.say("")
    win.registry.action(ActionId.EXPORT_PDF).trigger()
    assert win.status.currentMessage() == NOTHING_SHOWN
    assert _top(QFileDialog) == [] and _top(QPrintDialog) == []


def test_an_unwritable_place_or_a_removed_article_is_reported(
    win: MainWindow, library: Library, tmp_path: Path
) -> None:
    article_id = _show_annotated(win, library)
    assert not win.printing.write(article_id, tmp_path / "missing" / "x.pdf")
    message = win.status.currentMessage()
    assert message.startswith("Cannot write the PDF to ") and "No such file" in message
    assert not win.printing.write(9999, tmp_path / "x.pdf")
    assert "no longer in the library" in win.status.currentMessage()
    printer = QPrinter()
    assert not win.printing._print(9999, printer)
    assert not (tmp_path / "x.pdf").exists()
