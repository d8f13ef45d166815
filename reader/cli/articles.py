"""The article subcommands of `reader`:

    reader import PATH... [--format F] [--json]  import files and folders
    reader list [--topic T] [--feed ID] [--bookmarked] [--unread]
                [--sort added|published|title|length] [--reverse] [--json]
    reader show ID [--format text|html] | --format pdf -o FILE

Thin: each is a call or two on `Library`. The topic subcommands are in `reader.cli.topics`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.cli.common import EXIT_ERROR, Command, UsageError, print_json
from reader.library import (
    IMPORT_FORMATS,
    SORT_KEYS,
    ArticleRow,
    Library,
    Sort,
    View,
    reading_minutes,
)


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import", parents=[common], help="import files or folders of articles")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument(
        "--format", choices=("auto", *IMPORT_FORMATS), default="auto",
        help="read every file in this format (default: decided per file)",
    )  # fmt: skip
    p.add_argument("--json", action="store_true", help="print the result as JSON")

    p = sub.add_parser("list", parents=[common], help="list articles")
    p.add_argument("--topic", metavar="CODE|NAME", help="only articles under this topic")
    p.add_argument("--bookmarked", action="store_true", help="only bookmarked articles")
    p.add_argument("--unread", action="store_true", help="only unread articles")
    p.add_argument("--feed", type=int, metavar="ID", help="only articles from this feed")
    p.add_argument(
        "--sort", choices=SORT_KEYS, default="added",
        help="the order: added (newest first, the default), published (newest first; an "
        "article without a date counts from when it was added), title (A to Z), length "
        "(shortest first)",
    )  # fmt: skip
    p.add_argument("--reverse", action="store_true", help="the other way round")
    p.add_argument(
        "--limit", type=_positive, metavar="N", help="only the first N articles (default: all)"
    )
    p.add_argument("--json", action="store_true", help="print a JSON array")

    p = sub.add_parser("show", parents=[common], help="print one article")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument(
        "--format", choices=("text", "html", "pdf"), default="text",
        help="html prints exactly what the reading pane is given; pdf writes the article with "
        "its highlights and notes (as footnotes) to the file given with -o",
    )  # fmt: skip
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="the PDF to write")


def _import(library: Library, args: argparse.Namespace) -> int:
    report = library.import_paths(args.paths, fmt=args.format)
    if args.json:
        print_json({
            "imported": len(report.added_ids),
            "updated": len(report.updated_ids),
            "duplicates": report.duplicates,
            "unchanged": report.unchanged,
            "ids": report.added_ids,
            "updated_ids": report.updated_ids,
            "reanchored": report.total("reanchored"),
            "orphaned": report.total("orphaned"),
            "kept": report.total("kept"),
            "failed": [{"path": f.path, "reason": f.reason} for f in report.failed],
            "skipped": [{"path": f.path, "reason": f.reason} for f in report.skipped],
            "warnings": [{"path": f.path, "warnings": f.warnings} for f in report.warned],
        })  # fmt: skip
    else:
        for failure in report.failed:
            print(f"reader: {failure.path}: {failure.reason}", file=sys.stderr)
        for warned in report.warned:
            for warning in warned.warnings:
                print(f"reader: {warned.path}: warning: {warning}", file=sys.stderr)
        print(report.summary())
    changed = report.added_ids or report.updated_ids
    return EXIT_ERROR if report.failed and not changed else 0


def _list(library: Library, args: argparse.Namespace) -> int:
    view = View("all")
    if args.topic:
        topic = library.find_topic(args.topic)
        if topic is None:
            raise UsageError(f"no topic called {args.topic!r}; `reader topics` lists them")
        view = View("topic", topic.code)
    elif args.feed is not None:
        if library.feed(args.feed) is None:
            raise UsageError(f"there is no feed {args.feed}; `reader feeds list` shows their ids")
        view = View("feed", feed=args.feed)
    elif args.bookmarked:
        view = View("bookmarked")
    elif args.unread:
        view = View("unread")
    rows = [
        row for row in _all_rows(library, view, Sort(args.sort, args.reverse), args.limit)
        if (not args.bookmarked or row.bookmarked) and (not args.unread or not row.read)
    ]  # fmt: skip
    if args.json:
        print_json([_row_json(row) for row in rows])
        return 0
    for row in rows:
        marks = ("*" if row.bookmarked else " ") + (" " if row.read else "•")
        topics = ", ".join(t.label for t in row.topics)
        print(f"{row.id:>6} {marks} {row.title}  [{topics}]")
    return 0


def _all_rows(library: Library, view: View, sort: Sort, limit: int | None) -> list[ArticleRow]:
    """The view's rows in order, read a page at a time, and only the first `limit` if given."""
    rows: list[ArticleRow] = []
    size = min(limit, 1000) if limit is not None else 1000
    while limit is None or len(rows) < limit:
        batch = library.page(view, rows[-1].cursor if rows else None, size, sort=sort)
        if not batch:
            break
        rows += batch
    return rows if limit is None else rows[:limit]


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number above 0")
    return value


def _row_json(row: ArticleRow) -> dict[str, object]:
    return {
        "id": row.id,
        "uri": row.uri,
        "title": row.title,
        "dateline": row.dateline,
        "topics": [{"code": t.code, "name": t.name, "score": t.score} for t in row.topics],
        "tags": list(row.tags),
        "bookmarked": row.bookmarked,
        "read": row.read,
        "words": row.words,
        "reading_minutes": reading_minutes(row.words),
        "source": row.source,
        "feed": row.feed,
        "added": row.added.isoformat(timespec="seconds") + "Z",
    }


def _show(library: Library, args: argparse.Namespace) -> int:
    article = library.article(args.id)
    if article is None:
        raise UsageError(f"there is no article {args.id}; `reader list` shows their ids")
    if args.format == "pdf":
        return _show_pdf(library, args)
    if args.output is not None:
        raise UsageError("-o is for --format pdf; text and html are printed")
    if args.format == "html":
        print(article.html())
        return 0
    meta = [t.label for t in article.topics] + [f"#{tag}" for tag in article.tags]
    meta.append(f"{reading_minutes(article.words)} min read")
    print(article.title)
    print(" · ".join(meta))
    print()
    body = article.body
    if article.dateline:
        body = f"{article.dateline} – {body}"
    print("\n\n".join(body.split("\n")))
    return 0


def _show_pdf(library: Library, args: argparse.Namespace) -> int:
    """The PDF is laid out by the window's printing code (Qt), imported only here."""
    if args.output is None:
        raise UsageError("--format pdf needs -o FILE, the PDF to write")
    from reader.ui.printing.output import article_pdf

    written = article_pdf(library, args.id, args.output)
    print(f"Wrote {written}", file=sys.stderr)
    return 0


COMMANDS: dict[str, Command] = {
    "import": _import,
    "list": _list,
    "show": _show,
}
