"""The `reader` command: the window by default, and subcommands in the manner of calibredb.

    reader [--library PATH]                      open the window
    reader import | list | show                  (reader/cli/articles.py)
    reader topics | topic | reclassify           (reader/cli/topics.py)
    reader feeds add|list|refresh|remove|import-opml|export-opml, reader add URL
                                                 (reader/cli/feeds.py)
    reader search | check | reindex              (reader/cli/search.py)
    reader export | import-annotations | notes | restore-note   (reader/cli/annotations.py)
    reader backup | backups | restore | salvage  (reader/cli/recovery.py)
    reader tag | tags                            (reader/cli/tags.py)
    reader install-desktop                       (reader/cli/desktop.py)

This module builds the parser and dispatches; each area's module adds its subcommands and
runs them. Thin by design: every subcommand is a few calls on `reader.library.Library`
(imported only from the front door). Errors print one line, `reader: <message>`, to stderr
and exit non-zero; no traceback reaches the user. The window (`reader.ui.app.run_app`) is
imported only when it is opened, so the subcommands never load Qt. Everything a subcommand
prints passes through `reader.cli.terminal`, which escapes control characters.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from reader import __version__
from reader.cli import annotations as annotation_commands
from reader.cli import articles as article_commands
from reader.cli import feeds as feed_commands
from reader.cli import recovery as recovery_commands
from reader.cli import search as search_commands
from reader.cli import tags as tag_commands
from reader.cli import terminal
from reader.cli import topics as topic_commands
from reader.cli.common import EXIT_ERROR, EXIT_USAGE, Command, UsageError, index_progress
from reader.library import LIBRARY_ENV, Library, LibraryError, default_library_path

COMMANDS: dict[str, Command] = {
    **article_commands.COMMANDS,
    **topic_commands.COMMANDS,
    **feed_commands.COMMANDS,
    **search_commands.COMMANDS,
    **annotation_commands.COMMANDS,
    **recovery_commands.COMMANDS,
    **tag_commands.COMMANDS,
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
    topic_commands.add_parsers(sub, common)
    feed_commands.add_parsers(sub, common)
    search_commands.add_parsers(sub, common)
    annotation_commands.add_parsers(sub, common)
    recovery_commands.add_parsers(sub, common)
    tag_commands.add_parsers(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    with terminal.escaped_output():
        args = _parser().parse_args(argv)
        if args.command is not None:
            return _run(args)
    from reader.ui.app import run_app

    path: Path = getattr(args, "library", None) or default_library_path()
    return run_app(path, [sys.argv[0]], screenshot=args.screenshot)


def _quiet_logs() -> logging.Handler:
    """The library's errors as `reader: …` lines (escaped); its warnings about single files
    are in the command's own report, so they are not repeated."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.ERROR)
    handler.setFormatter(logging.Formatter("reader: %(message)s"))
    logger = logging.getLogger("reader")
    logger.addHandler(handler)
    logger.propagate = False
    return handler


def _run(args: argparse.Namespace) -> int:
    handler = _quiet_logs()
    try:
        return _dispatch(args)
    finally:
        logger = logging.getLogger("reader")
        logger.removeHandler(handler)
        logger.propagate = True


def _dispatch(args: argparse.Namespace) -> int:
    path: Path = getattr(args, "library", None) or default_library_path()
    if args.command == "install-desktop":
        return _install_desktop()
    try:
        on_file = recovery_commands.FILE_COMMANDS.get(args.command)
        if on_file is not None:
            return on_file(path, args)
        command = COMMANDS[args.command]
        # the cheap check (header, schema, version): every page is read only after an
        # unclean shutdown, before a migration or by `reader check`, not before each command
        library = Library.open(
            path, index_progress=index_progress, full_check=False, background_check=False
        )
        told = _warn(library.warnings, 0)
        try:
            return command(library, args)
        finally:
            library.close()  # may make the day's backup, and warn if it could not
            _warn(library.warnings, told)
    except (LibraryError, UsageError) as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, UsageError) else EXIT_ERROR
    except BrokenPipeError:
        sys.stderr.close()  # `reader list | head`: not an error
        return 0
    except KeyboardInterrupt:
        print("reader: interrupted", file=sys.stderr)
        return 130


def _warn(warnings: list[str], start: int) -> int:
    for warning in warnings[start:]:
        print(f"reader: warning: {warning}", file=sys.stderr)
    return len(warnings)


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
