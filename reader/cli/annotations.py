"""The annotation subcommands of `reader`:

    reader export --format markdown|webannotation|csv [--article ID] [-o FILE]
    reader import-annotations FILE [--json]
    reader notes [--article ID] [--json]
    reader notes --deleted [--json]          the trash: removed notes, kept 30 days
    reader restore-note TRASH_ID             bring one back

Thin: each is a call or two on `Library`. A file written with `-o` is replaced atomically
(written beside it, then renamed), so a failed export never leaves half a file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reader.cli.common import Command
from reader.library import (
    EXPORT_FORMATS,
    AnnotationInfo,
    DeletedAnnotation,
    Library,
    LibraryError,
    stamp,
    write_atomically,
)

QUOTE_WIDTH = 60


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", parents=[common], help="export annotations")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="markdown",
                   help="markdown (Obsidian), webannotation (W3C JSON-LD) or csv")  # fmt: skip
    p.add_argument("--article", type=int, metavar="ID", help="only this article's annotations")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE, not stdout")

    p = sub.add_parser(
        "import-annotations", parents=[common], help="import W3C Web Annotation JSON"
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the result as JSON")

    p = sub.add_parser("notes", parents=[common], help="list annotations")
    p.add_argument("--article", type=int, metavar="ID", help="only this article's annotations")
    p.add_argument(
        "--deleted", action="store_true",
        help="list removed notes and highlights instead (kept 30 days; see restore-note)",
    )  # fmt: skip
    p.add_argument("--json", action="store_true", help="print a JSON array")

    p = sub.add_parser(
        "restore-note", parents=[common], help="bring back a removed note or highlight"
    )
    p.add_argument("trash_id", type=int, metavar="TRASH_ID", help="as `reader notes --deleted`")


def _export(library: Library, args: argparse.Namespace) -> int:
    text = library.export_annotations(args.format, args.article)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    write_atomically(args.output, text)
    print(f"Wrote {args.output}", file=sys.stderr)
    return 0


def _import(library: Library, args: argparse.Namespace) -> int:
    result = library.import_annotations(args.file)
    if args.json:
        print(json.dumps({
            "imported": len(result.added), "duplicates": result.duplicates,
            "ids": result.added, "orphans": [note_json(o) for o in result.orphans],
        }, ensure_ascii=False, indent=2))  # fmt: skip
        return 0
    print(result.summary())
    for orphan in result.orphans:
        print(f"  orphan {orphan.id} (article {orphan.article_id}): {_short(orphan.exact)}")
    return 0


def note_json(info: AnnotationInfo) -> dict[str, object]:
    return {
        "id": info.id, "article_id": info.article_id, "quote": info.exact, "note": info.note,
        "color": info.color, "start": info.start, "end": info.end, "orphan": info.orphan,
        "created": stamp(info.created), "updated": stamp(info.updated),
    }  # fmt: skip


def _short(text: str | None, width: int = QUOTE_WIDTH) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def deleted_json(entry: DeletedAnnotation) -> dict[str, object]:
    return {
        **note_json(entry.annotation), "trash_id": entry.trash_id,
        "removed": stamp(entry.removed), "reason": entry.reason,
        "article_uri": entry.article_uri, "article_title": entry.article_title,
        "article_present": entry.article_present,
    }  # fmt: skip


def _notes(library: Library, args: argparse.Namespace) -> int:
    if args.deleted:
        return _deleted(library, args)
    if args.article is not None and library.article(args.article) is None:
        raise LibraryError(f"there is no article {args.article}; `reader list` shows their ids")
    infos = library.all_annotations(args.article)
    if args.json:
        print(json.dumps([note_json(i) for i in infos], ensure_ascii=False, indent=2))
        return 0
    for info in infos:
        what = "note" if info.is_note else (info.color or "")
        if info.orphan:
            what += ", orphan"
        quote = "(the article)" if info.is_note else f"“{_short(info.exact)}”"
        print(f"{info.id:>6}  article {info.article_id:<5} {what:<16} {quote}")
        if info.note.strip():
            print(f"{'':8}{_short(info.note, 90)}")
    return 0


def _deleted(library: Library, args: argparse.Namespace) -> int:
    if args.article is not None:
        raise LibraryError("--deleted lists the whole trash; leave out --article")
    entries = library.deleted_annotations()
    if args.json:
        print(json.dumps([deleted_json(e) for e in entries], ensure_ascii=False, indent=2))
        return 0
    for entry in entries:
        info = entry.annotation
        what = "note" if info.is_note else (info.color or "")
        quote = "(the article)" if info.is_note else f"“{_short(info.exact)}”"
        gone = "" if entry.article_present else ", article not in the library"
        print(f"{entry.trash_id:>6}  {what:<8} {quote}")
        print(f"{'':8}{entry.reason} {entry.removed:%Y-%m-%d %H:%M} UTC from "
              f"“{_short(entry.article_title)}”{gone}")  # fmt: skip
        if info.note.strip():
            print(f"{'':8}{_short(info.note, 90)}")
    if not entries:
        print("The trash is empty.", file=sys.stderr)
    return 0


def _restore(library: Library, args: argparse.Namespace) -> int:
    info = library.restore_deleted(args.trash_id)
    article = library.article(info.article_id)
    title = article.title if article is not None else f"article {info.article_id}"
    what = "note" if info.is_note else f"{info.color} highlight"
    where = " (its quote was not found: listed as an orphan)" if info.orphan else ""
    print(f"Restored {what} {info.id} onto article {info.article_id}, “{_short(title)}”{where}.")
    return 0


COMMANDS: dict[str, Command] = {
    "export": _export,
    "import-annotations": _import,
    "notes": _notes,
    "restore-note": _restore,
}
