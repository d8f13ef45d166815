"""The search and maintenance subcommands of `reader`:

reader search QUERY [--json] [--limit N]     see `reader.library.search.query` for the syntax
reader check                                 integrity of the library and its search index
reader reindex                               rebuild the search index
"""

from __future__ import annotations

import argparse
import sys

from reader.cli.common import EXIT_ERROR, Command, index_progress, print_json
from reader.cli.terminal import BOLD, PLAIN
from reader.library import Library


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
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


def _search(library: Library, args: argparse.Namespace) -> int:
    results = library.search(" ".join(args.query), args.limit)
    if args.json:
        print_json([r.as_json() for r in results])
        return 0
    bold, plain = (BOLD, PLAIN) if sys.stdout.isatty() else ("[", "]")
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
    count = library.reindex(index_progress)
    print(f"Indexed {count} article{'s' * (count != 1)} and every note and highlight.")
    return 0


COMMANDS: dict[str, Command] = {"search": _search, "check": _check, "reindex": _reindex}
