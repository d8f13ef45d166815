"""Printing and PDF: an article with its highlights in their colours and its notes as
numbered footnotes, laid out in the reading theme's type (`document`), written to a PDF or
a printer (`output`), and File › Print… / File › Export Article as PDF… (`controller`)."""
