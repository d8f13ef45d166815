"""The `reader` command: the window by default, and subcommands in the manner of calibredb.

    reader [--library PATH]                      open the window
    reader import PATH... [--format F] [--json]  import files and folders
    reader list [--topic T] [--bookmarked] [--unread] [--json]
    reader topics [--json]
    reader topic ID [--add TOPIC] [--remove TOPIC] [--json]
    reader show ID [--format text|html]
    reader search QUERY [--json] [--limit N]     see `reader.library.search.query` for the syntax
    reader check                                 integrity of the library and its search index
    reader reindex                               rebuild the search index
    reader export | import-annotations | notes   (see reader/cli_annotations.py)

Thin by design: every subcommand is a few calls on `reader.library.Library`. Errors print one
line to stderr and exit non-zero; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from reader import __version__, cli_annotations
from reader.library import (
    IMPORT_FORMATS,
    LIBRARY_ENV,
    ArticleRow,
    Library,
    LibraryError,
    View,
    default_library_path,
    reading_minutes,
)

EXIT_ERROR = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A command-line mistake (unknown topic, missing article): exit status 2."""


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--library", type=Path, default=argparse.SUPPRESS, metavar="PATH",
        help=f"the library file (default: ${LIBRARY_ENV} or {default_library_path()})",
    )  # fmt: skip
    parser = argparse.ArgumentParser(
        prog="reader", parents=[common],
        description="Read, bookmark and annotate a library of news articles.",
    )  # fmt: skip
    parser.add_argument("--version", action="version", version=f"Reader {__version__}")
    parser.add_argument(
        "--screenshot", type=Path, metavar="FILE",
        help="open the window, save a PNG picture of it once shown, and quit",
    )  # fmt: skip
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("install-desktop", help="add Reader to your desktop's application menu (Linux)")
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
    p.add_argument("--json", action="store_true", help="print a JSON array")

    p = sub.add_parser("topics", parents=[common], help="list topics that have articles")
    p.add_argument("--json", action="store_true", help="print a JSON array")

    p = sub.add_parser("topic", parents=[common], help="put an article under topics or take it out")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--add", action="append", default=[], metavar="CODE|NAME", help="add a topic")
    p.add_argument(
        "--remove", action="append", default=[], metavar="CODE|NAME", help="remove a topic"
    )
    p.add_argument("--json", action="store_true", help="print the article's topics as JSON")

    p = sub.add_parser("show", parents=[common], help="print one article")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument(
        "--format", choices=("text", "html"), default="text",
        help="html prints exactly what the reading pane is given",
    )  # fmt: skip
    _search_commands(sub, common)
    cli_annotations.add_parsers(sub, common)
    return parser


def _search_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("search", parents=[common], help="search articles, highlights and notes")
    syntax = 'words, "phrases", OR, -word, prefix*, title:, topic:, is:, has:note, color:'
    p.add_argument("query", nargs="+", metavar="QUERY", help=syntax)
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.add_argument("--limit", type=_limit, default=50, metavar="N", help="at most N (default 50)")
    sub.add_parser("check", parents=[common], help="check the library and its search index")
    sub.add_parser("reindex", parents=[common], help="rebuild the search index")


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 1 <= value <= 10_000:
        raise argparse.ArgumentTypeError("must be between 1 and 10000")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    path: Path = getattr(args, "library", None) or default_library_path()
    if args.command is None:
        from reader.ui.app import run_app

        return run_app(path, [sys.argv[0]], screenshot=args.screenshot)
    if args.command == "install-desktop":
        return _install_desktop()
    command = COMMANDS[args.command]
    try:
        with Library.open(path, index_progress=_index_progress) as library:
            for warning in library.warnings:
                print(f"reader: warning: {warning}", file=sys.stderr)
            return command(library, args)
    except (LibraryError, UsageError) as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, UsageError) else EXIT_ERROR
    except BrokenPipeError:
        sys.stderr.close()  # `reader list | head`: not an error
        return 0
    except KeyboardInterrupt:
        print("reader: interrupted", file=sys.stderr)
        return 130


def _install_desktop() -> int:
    from reader.desktop import install

    try:
        written = install()
    except OSError as exc:
        print(f"reader: cannot install the desktop entry: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for path in written:
        print(f"installed {path}")
    return 0


def _import(library: Library, args: argparse.Namespace) -> int:
    report = library.import_paths(args.paths, fmt=args.format)
    if args.json:
        _print_json({
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
        })  # fmt: skip
    else:
        for failure in report.failed:
            print(f"reader: {failure.path}: {failure.reason}", file=sys.stderr)
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
    elif args.bookmarked:
        view = View("bookmarked")
    elif args.unread:
        view = View("unread")
    rows = [
        row for row in _all_rows(library, view)
        if (not args.bookmarked or row.bookmarked) and (not args.unread or not row.read)
    ]  # fmt: skip
    if args.json:
        _print_json([_row_json(row) for row in rows])
        return 0
    for row in rows:
        marks = ("*" if row.bookmarked else " ") + (" " if row.read else "•")
        topics = ", ".join(t.label for t in row.topics)
        print(f"{row.id:>6} {marks} {row.title}  [{topics}]")
    return 0


def _all_rows(library: Library, view: View) -> list[ArticleRow]:
    rows: list[ArticleRow] = []
    while batch := library.page(view, rows[-1].cursor if rows else None, 1000):
        rows += batch
    return rows


def _row_json(row: ArticleRow) -> dict[str, object]:
    return {
        "id": row.id,
        "uri": row.uri,
        "title": row.title,
        "dateline": row.dateline,
        "topics": [{"code": t.code, "name": t.name, "score": t.score} for t in row.topics],
        "bookmarked": row.bookmarked,
        "read": row.read,
        "words": row.words,
        "reading_minutes": reading_minutes(row.words),
        "source": row.source,
        "added": row.added.isoformat(timespec="seconds") + "Z",
    }


def _topics(library: Library, args: argparse.Namespace) -> int:
    counts = library.counts().topics
    topics = [t for t in library.topics() if counts.get(t.code)]
    if args.json:
        _print_json([
            {"code": t.code, "name": t.name, "label": t.label, "count": counts[t.code]}
            for t in topics
        ])  # fmt: skip
        return 0
    for t in topics:
        print(f"{t.code}  {counts[t.code]:>6}  {t.label}  ({t.name})")
    return 0


def _topic(library: Library, args: argparse.Namespace) -> int:
    """Your own topic choices for one article; they survive re-classification and re-import."""
    if library.article(args.id) is None:
        raise UsageError(f"there is no article {args.id}; `reader list` shows their ids")
    chosen = [(name, True) for name in args.add] + [(name, False) for name in args.remove]
    for name, on in chosen:
        topic = library.find_topic(name)
        if topic is None:
            raise UsageError(f"no topic called {name!r}; `reader topics` lists them")
        (library.add_topic if on else library.remove_topic)(args.id, topic.code)
    article = library.article(args.id)
    assert article is not None
    if args.json:
        _print_json([{"code": t.code, "name": t.name, "score": t.score} for t in article.topics])
    else:
        print(", ".join(t.label for t in article.topics) or "(no topics)")
    return 0


def _show(library: Library, args: argparse.Namespace) -> int:
    article = library.article(args.id)
    if article is None:
        raise UsageError(f"there is no article {args.id}; `reader list` shows their ids")
    if args.format == "html":
        print(article.html())
        return 0
    meta = [t.label for t in article.topics] + [f"{reading_minutes(article.words)} min read"]
    print(article.title)
    print(" · ".join(meta))
    print()
    body = article.body
    if article.dateline:
        body = f"{article.dateline} – {body}"
    print("\n\n".join(body.split("\n")))
    return 0


def _search(library: Library, args: argparse.Namespace) -> int:
    results = library.search(" ".join(args.query), args.limit)
    if args.json:
        _print_json([r.as_json() for r in results])
        return 0
    bold, plain = ("\x1b[1m", "\x1b[0m") if sys.stdout.isatty() else ("[", "]")
    for r in results:
        what = "" if r.kind == "article" else f" ({r.annotation_kind} on article {r.article_id})"
        print(f"{r.id:>6} {r.score:7.2f}  {r.title}{what}")
        print(f"        {r.marked(bold, plain)}")
    if not results:
        print("No results.", file=sys.stderr)
    return 0


def _check(library: Library, args: argparse.Namespace) -> int:
    report = library.check()
    if report.ok:
        print(f"{library.path}: ok (database and search index are sound)")
        return 0
    for problem in report.problems:
        print(f"reader: {library.path}: {problem}", file=sys.stderr)
    return EXIT_ERROR


def _reindex(library: Library, args: argparse.Namespace) -> int:
    count = library.reindex(_index_progress)
    print(f"Indexed {count} article{'s' * (count != 1)} and every note and highlight.")
    return 0


def _index_progress(done: int, total: int) -> None:
    """Indexing progress on stderr (only on a terminal: logs stay clean)."""
    if sys.stderr.isatty():
        end = "\n" if done >= total else ""
        print(f"\rIndexing articles for search: {done:,} of {total:,}", end=end, file=sys.stderr)


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


COMMANDS: dict[str, Callable[[Library, argparse.Namespace], int]] = {
    "import": _import,
    "list": _list,
    "topics": _topics,
    "topic": _topic,
    "show": _show,
    "search": _search,
    "check": _check,
    "reindex": _reindex,
    **cli_annotations.COMMANDS,
}
