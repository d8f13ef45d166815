"""The feed and web subcommands of `reader`:

    reader feeds add URL [--folder F] [--full-text] [--title T] [--json]
    reader feeds list [--json]
    reader feeds refresh [ID...] [--json]
    reader feeds remove ID [--keep-articles]
    reader feeds import-opml FILE
    reader feeds export-opml [-o FILE]
    reader add URL... [--json]                   save web pages to read later

Each is a call or two on `Library`. The ones that use the network show progress on a
terminal and stop cleanly on Ctrl+C. Pictures are checked by decoding them with Qt's image
reader (`reader.pictures`), imported only by the commands that fetch; `--no-pictures`
leaves pictures out.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.cli.common import EXIT_ERROR, Command, UsageError, print_json
from reader.cli.terminal import raw_stderr
from reader.library import (
    FeedProblem,
    Library,
    PictureCheck,
    RefreshResult,
    write_atomically,
)

READ_LIMIT = 20 * (1 << 20)  # an OPML file larger than this is not a list of subscriptions


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    feeds = sub.add_parser("feeds", parents=[common], help="follow feeds (RSS, Atom, JSON Feed)")
    actions = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)

    p = actions.add_parser("add", parents=[common], help="follow a feed, or the feed a page names")
    p.add_argument("url", metavar="URL")
    p.add_argument("--folder", metavar="F", help='put it in this folder ("News/World" nests)')
    p.add_argument(
        "--full-text",
        action="store_true",
        help="complete entries that carry only a summary from their page",
    )
    p.add_argument("--title", metavar="T", help="your own name for it")
    p.add_argument("--no-pictures", action="store_true", help="do not fetch pictures")
    p.add_argument("--json", action="store_true", help="print the feed as JSON")

    p = actions.add_parser("list", parents=[common], help="list the feeds you follow")
    p.add_argument("--json", action="store_true", help="print a JSON array")

    p = actions.add_parser("refresh", parents=[common], help="fetch new articles")
    p.add_argument("ids", nargs="*", type=int, metavar="ID", help="these feeds (default: all)")
    p.add_argument("--no-pictures", action="store_true", help="do not fetch pictures")
    p.add_argument("--json", action="store_true", help="print the results as JSON")

    p = actions.add_parser("remove", parents=[common], help="stop following a feed")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument(
        "--keep-articles",
        action="store_true",
        help="keep all its articles (those with bookmarks, highlights or notes are always kept)",
    )

    p = actions.add_parser("import-opml", parents=[common], help="follow the feeds of an OPML file")
    p.add_argument("file", type=Path, metavar="FILE")

    p = actions.add_parser("export-opml", parents=[common], help="write your feeds as OPML")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here (default: stdout)")

    p = sub.add_parser("add", parents=[common], help="save web pages to read later")
    p.add_argument("urls", nargs="+", metavar="URL")
    p.add_argument("--no-pictures", action="store_true", help="do not fetch pictures")
    p.add_argument("--json", action="store_true", help="print the saved articles' ids as JSON")


def _check(args: argparse.Namespace) -> PictureCheck | None:
    """The picture check, unless pictures were turned off (loads Qt's image reader)."""
    if getattr(args, "no_pictures", False):
        return None
    from reader.pictures import check_picture

    return check_picture


def _progress(done: int, total: int, result: RefreshResult) -> None:
    stream = raw_stderr()
    if stream.isatty():
        end = "\n" if done >= total else ""
        line = result.describe()[:70]
        print(f"\r\x1b[2K[{done}/{total}] {line}", end=end, file=stream)


def result_json(result: RefreshResult) -> dict[str, object]:
    return {
        "feed_id": result.feed_id,
        "title": result.title,
        "added": list(result.added),
        "updated": list(result.updated),
        "removed": list(result.removed),
        "not_modified": result.not_modified,
        "error": result.error,
        "skipped": result.skipped,
    }


def _feeds(library: Library, args: argparse.Namespace) -> int:
    return ACTIONS[args.feeds_command](library, args)


def _add_feed(library: Library, args: argparse.Namespace) -> int:
    info = library.add_feed(
        args.url, folder=args.folder, full_text=args.full_text, title=args.title, refresh=False
    )
    results = library.refresh_feeds([info.id], pictures=_check(args))
    info = library.feed(info.id) or info
    if args.json:
        print_json(info.to_json())
    else:
        print(f"{info.id:>4}  {info.title}  ({info.url})")
        for result in results:
            print(result.describe())
    return 0


def _list(library: Library, args: argparse.Namespace) -> int:
    feeds = library.feeds()
    if args.json:
        print_json([f.to_json() for f in feeds])
        return 0
    if not feeds:
        print("You follow no feeds yet: `reader feeds add URL` adds one.")
    for f in feeds:
        where = f"{f.folder}/" if f.folder else ""
        print(f"{f.id:>4}  {where}{f.title}  {f.unread:,} unread of {f.total:,}  {f.url}")
        print(f"      {f.status}")
    return 0


def _refresh(library: Library, args: argparse.Namespace) -> int:
    known = {f.id for f in library.feeds()}
    for feed_id in args.ids:
        if feed_id not in known:
            raise UsageError(f"there is no feed {feed_id}; `reader feeds list` shows their ids")
    results = library.refresh_feeds(args.ids or None, progress=_progress, pictures=_check(args))
    if args.json:
        print_json([result_json(r) for r in results])
    else:
        for result in results:
            print(result.describe())
        added = sum(len(r.added) for r in results)
        print(
            f"{added:,} new article{'s' * (added != 1)} from {len(results):,} "
            f"feed{'s' * (len(results) != 1)}"
        )
    failed = [r for r in results if r.error]
    return EXIT_ERROR if failed and len(failed) == len(results) else 0


def _remove(library: Library, args: argparse.Namespace) -> int:
    info = library.feed(args.id)
    if info is None:
        raise UsageError(f"there is no feed {args.id}; `reader feeds list` shows their ids")
    changes = library.remove_feed(args.id, keep_articles=args.keep_articles)
    kept = len(changes.articles)
    print(
        f"Unsubscribed from {info.title}: {len(changes.removed):,} articles removed, {kept:,} kept."
    )
    return 0


def _import_opml(library: Library, args: argparse.Namespace) -> int:
    try:
        with open(args.file, "rb") as handle:
            data = handle.read(READ_LIMIT + 1)
    except OSError as exc:
        raise FeedProblem(f"Cannot read {args.file}: {exc.strerror or exc}.") from exc
    if len(data) > READ_LIMIT:
        raise FeedProblem(f"{args.file} is larger than 20 MB: not a list of subscriptions.")
    added, problems = library.import_opml(data)
    for problem in problems:
        print(f"reader: {problem}", file=sys.stderr)
    print(
        f"Following {len(added):,} new feed{'s' * (len(added) != 1)}; "
        "`reader feeds refresh` fetches them."
    )
    return 0


def _export_opml(library: Library, args: argparse.Namespace) -> int:
    text = library.export_opml()
    if args.output is None:
        sys.stdout.write(text)
        return 0
    write_atomically(args.output, text)  # raises LibraryError, one sentence
    print(f"Wrote {len(library.feeds()):,} feeds to {args.output}")
    return 0


def _add_pages(library: Library, args: argparse.Namespace) -> int:
    check = _check(args)
    saved: list[int] = []
    failed = 0
    for url in args.urls:
        try:
            article_id = library.save_page(url, pictures=check)
        except FeedProblem as exc:
            print(f"reader: {exc}", file=sys.stderr)
            failed += 1
            continue
        saved.append(article_id)
        if not args.json:
            article = library.article(article_id)
            print(f"{article_id:>6}  {article.title if article else url}")
    if args.json:
        print_json({"saved": saved, "failed": failed})
    return EXIT_ERROR if failed and not saved else 0


ACTIONS: dict[str, Command] = {
    "add": _add_feed,
    "list": _list,
    "refresh": _refresh,
    "remove": _remove,
    "import-opml": _import_opml,
    "export-opml": _export_opml,
}
COMMANDS: dict[str, Command] = {"feeds": _feeds, "add": _add_pages}
