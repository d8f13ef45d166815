"""The `reader` command: the window by default, and subcommands in the manner of calibredb.

    reader [--library PATH]                      open the window
    reader import | list | topics | topic | show (reader/cli/articles.py)
    reader search | check | reindex              (reader/cli/search.py)
    reader export | import-annotations | notes | restore-note   (reader/cli/annotations.py)
    reader install-desktop                       (reader/cli/desktop.py)

This module builds the parser and dispatches; each area's module adds its subcommands and
runs them. Thin by design: every subcommand is a few calls on `reader.library.Library`
(imported only from the front door). Errors print one line, `reader: <message>`, to stderr
and exit non-zero; no traceback reaches the user. The window (`reader.ui.app.run_app`) is
imported only when it is opened, so the subcommands never load Qt.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from reader import __version__
from reader.cli import annotations as annotation_commands
from reader.cli import articles as article_commands
from reader.cli import search as search_commands
from reader.cli.common import EXIT_ERROR, EXIT_USAGE, Command, UsageError, index_progress
from reader.library import LIBRARY_ENV, Library, LibraryError, default_library_path

COMMANDS: dict[str, Command] = {
    **article_commands.COMMANDS,
    **search_commands.COMMANDS,
    **annotation_commands.COMMANDS,
}


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
    article_commands.add_parsers(sub, common)
    search_commands.add_parsers(sub, common)
    annotation_commands.add_parsers(sub, common)
    return parser


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
        with Library.open(path, index_progress=index_progress) as library:
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
    from reader.cli.desktop import install

    try:
        written = install()
    except OSError as exc:
        print(f"reader: cannot install the desktop entry: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for path in written:
        print(f"installed {path}")
    return 0
