"""The tag subcommands of `reader`:

reader tag ID… [--add NAME]… [--remove NAME]… [--annotation]   tag articles (or highlights)
reader tags [--json]                                           every tag, with counts

A tag nests with `/` (`work/project-x`); `reader tags` counts what each tag and the tags
inside it are on. A bad name (empty, an empty part, over 100 characters, a control
character) is refused with the reason, and nothing is changed.
"""

from __future__ import annotations

import argparse

from reader.cli.common import Command, UsageError, print_json
from reader.library import Library


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("tag", parents=[common], help="add or remove tags on articles")
    p.add_argument("ids", nargs="+", type=int, metavar="ID", help="article ids (see `reader list`)")
    p.add_argument("--add", action="append", default=[], metavar="NAME", help="a tag to add")
    p.add_argument("--remove", action="append", default=[], metavar="NAME", help="a tag to remove")
    p.add_argument("--annotation", action="store_true",
                   help="the ids are highlights or notes (see `reader notes`)")  # fmt: skip
    p = sub.add_parser("tags", parents=[common], help="list the tags, with counts")
    p.add_argument("--json", action="store_true", help="print a JSON array")


def _tag(library: Library, args: argparse.Namespace) -> int:
    ids: list[int] = args.ids
    if args.annotation:
        missing = [i for i in ids if library.annotation(i) is None]
        what = "annotation"
    else:
        found = library.rows(ids)
        missing = [i for i in ids if i not in found]
        what = "article"
    if missing:
        raise UsageError(f"there is no {what} {missing[0]}")
    if args.annotation:
        library.tag_annotations(ids, add=args.add, remove=args.remove)
        now = library.tags_of_annotations(ids)
    else:
        library.tag_articles(ids, add=args.add, remove=args.remove)
        now = library.tags_of_articles(ids)
    for item in ids:
        tags = now.get(item, ())
        print(f"{what} {item}: {', '.join(tags) if tags else '(no tags)'}")
    return 0


def _tags(library: Library, args: argparse.Namespace) -> int:
    tags = library.tags()
    if args.json:
        print_json([{"name": t.name, "articles": t.articles, "annotations": t.annotations}
                    for t in tags])  # fmt: skip
        return 0
    for t in tags:
        print(f"{t.articles:>6} {t.annotations:>6}  {t.name}")
    return 0


COMMANDS: dict[str, Command] = {"tag": _tag, "tags": _tags}
