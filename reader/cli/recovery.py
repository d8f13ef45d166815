"""Backups and recovery subcommands of `reader`:

    reader backup [-o FILE]          back up the library now (SQLite's backup API)
    reader backups [--json]          list its backups: date, kind, size, what each holds
    reader restore FILE              replace the library with a backup (keeps the old one)
    reader salvage DAMAGED NEW       copy what can be read of a damaged library into NEW

`backup` opens the library as every command does; the others work on files and never open
the library itself (`restore` and `salvage` must work when it is damaged).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from reader.cli.common import Command, print_json
from reader.library import (
    BackupInfo,
    Library,
    backup_library,
    list_backups,
    restore_backup,
    salvage,
)

FileCommand = Callable[[Path, argparse.Namespace], int]  # works on the library's file


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("backup", parents=[common], help="back up the library now")
    p.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="write the backup to FILE (default: the backups folder)")  # fmt: skip
    p = sub.add_parser("backups", parents=[common], help="list the library's backups")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p = sub.add_parser("restore", parents=[common], help="replace the library with a backup")
    p.add_argument("file", type=Path, metavar="FILE", help="a backup (`reader backups`)")
    p = sub.add_parser(
        "salvage", parents=[common], help="copy what can be read of a damaged library"
    )
    p.add_argument("damaged", type=Path, metavar="DAMAGED")
    p.add_argument("new", type=Path, metavar="NEW", help="the new library (must not exist)")


def size_text(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return str(size)


def holds(info: BackupInfo) -> str:
    if info.problem is not None:
        return f"cannot be restored: {info.problem}"
    return f"{info.articles} articles, {info.annotations} highlights and notes"


def backup_json(info: BackupInfo) -> dict[str, object]:
    return {
        "path": str(info.path), "created": info.created.isoformat(timespec="seconds"),
        "kind": info.kind, "size": info.size, "articles": info.articles,
        "annotations": info.annotations, "schema": info.schema, "problem": info.problem,
    }  # fmt: skip


def _backup(library: Library, args: argparse.Namespace) -> int:
    info = backup_library(library, args.output)
    print(f"Backed up {library.path} to {info.path} ({holds(info)}, {size_text(info.size)}).")
    return 0


def _backups(path: Path, args: argparse.Namespace) -> int:
    found = list_backups(path)
    if args.json:
        print_json([backup_json(b) for b in found])
        return 0
    for info in found:
        print(f"{info.created:%Y-%m-%d %H:%M}  {info.kind:<16} {size_text(info.size):>9}  "
              f"{holds(info)}  {info.path}")  # fmt: skip
    if not found:
        print(f"{path} has no backups yet (`reader backup` makes one).", file=sys.stderr)
    return 0


def _restore(path: Path, args: argparse.Namespace) -> int:
    result = restore_backup(path, args.file)
    kept = f"; the library it replaced is kept as {result.kept}" if result.kept else ""
    print(f"Restored {path} from {args.file} ({holds(result.restored)}){kept}.")
    return 0


def _salvage(path: Path, args: argparse.Namespace) -> int:
    def say(what: str) -> None:
        print(f"reader: {what}…", file=sys.stderr)

    report = salvage(args.damaged, args.new, say)
    for line in report.lines():
        print(line)
    return 0


COMMANDS: dict[str, Command] = {"backup": _backup}
FILE_COMMANDS: dict[str, FileCommand] = {
    "backups": _backups,
    "restore": _restore,
    "salvage": _salvage,
}
