"""What every `reader` subcommand shares: the usage error, exit statuses, JSON output and
the indexing progress shown on a terminal."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from reader.cli.terminal import raw_stderr
from reader.library import Library

EXIT_ERROR = 1
EXIT_USAGE = 2
Command = Callable[[Library, argparse.Namespace], int]  # a subcommand on an open library


class UsageError(Exception):
    """A command-line mistake (unknown topic, missing article): exit status 2."""


def index_progress(done: int, total: int) -> None:
    """Indexing progress on stderr (only on a terminal: logs stay clean)."""
    stream = raw_stderr()  # Reader's own `\r`: not escaped
    if stream.isatty():
        end = "\n" if done >= total else ""
        print(f"\rIndexing articles for search: {done:,} of {total:,}", end=end, file=stream)


def print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
