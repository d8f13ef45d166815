"""The topic subcommands of `reader`:

    reader topics [--json] [--reset-learning]      the topics that have articles; forget
                                                   what the topics learned from your choices
    reader topic ID [--add TOPIC] [--remove TOPIC] [--explain] [--json]
                                                   an article's topics, chosen by hand or
                                                   explained (rule terms, what was learned)
    reader reclassify [--all] [ID...]              classify articles again, with progress

`reader reclassify` without ids re-classifies the articles whose topics the classifier alone
gave (those you never chose a topic for by hand); `--all` every article, and ids those
articles. Either way a topic you put on or took off by hand stays as you left it.

Thin: each is a call or two on `Library`.
"""

from __future__ import annotations

import argparse
import sys
import time

from reader.cli.common import Command, UsageError, print_json
from reader.cli.terminal import raw_stderr
from reader.library import Explanation, Library

PROGRESS_EVERY = 0.5  # seconds between progress updates on a terminal
LARGE = 2000  # articles from which progress is logged when stderr is not a terminal


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("topics", parents=[common], help="list topics that have articles")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.add_argument(
        "--reset-learning", action="store_true",
        help="forget what the topics learned from your choices (the choices stay)",
    )  # fmt: skip

    p = sub.add_parser("topic", parents=[common], help="put an article under topics or take it out")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--add", action="append", default=[], metavar="CODE|NAME", help="add a topic")
    p.add_argument(
        "--remove", action="append", default=[], metavar="CODE|NAME", help="remove a topic"
    )
    p.add_argument(
        "--explain", action="store_true",
        help="say why: the rule terms that scored and what was learned from your choices",
    )  # fmt: skip
    p.add_argument("--json", action="store_true", help="print the article's topics as JSON")

    p = sub.add_parser("reclassify", parents=[common], help="classify articles again")
    p.add_argument("ids", nargs="*", type=int, metavar="ID", help="only these articles")
    p.add_argument(
        "--all", action="store_true",
        help="every article, also those you chose topics for (your choices stay); without it "
        "and without ids, only articles whose topics the classifier alone gave",
    )  # fmt: skip


def _topics(library: Library, args: argparse.Namespace) -> int:
    if args.reset_learning:
        forgot = library.learned_examples()
        library.forget_learned_topics()
        print(
            f"Forgot what the topics learned from {forgot} choice{'s' * (forgot != 1)}; "
            "the choices stay on their articles.",
            file=sys.stderr,
        )
    counts = library.counts().topics
    topics = [t for t in library.topics() if counts.get(t.code)]
    if args.json:
        print_json([
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
    explanation = library.explain_topics(args.id) if args.explain else None
    if args.json:
        topics = [{"code": t.code, "name": t.name, "score": t.score} for t in article.topics]
        if explanation is None:
            print_json(topics)
        else:
            print_json({"topics": topics, "explain": _explain_json(explanation)})
        return 0
    print(", ".join(t.label for t in article.topics) or "(no topics)")
    if explanation is not None:
        print()
        print("Why (what the classifier finds now; topics you chose by hand stay):")
        for line in explanation.lines():
            print(f"  {line}")
    return 0


def _explain_json(explanation: Explanation) -> dict[str, object]:
    return {
        "examples": explanation.examples,
        "topics": [
            {
                "code": r.code, "label": r.label, "score": r.score,
                "terms": [{"term": t, "value": v} for t, v in r.terms],
                "learned": r.learned,
                "words": [{"word": w, "value": v} for w, v in r.words],
            }
            for r in explanation.reasons
        ],
    }  # fmt: skip


def _reclassify(library: Library, args: argparse.Namespace) -> int:
    if args.all and args.ids:
        raise UsageError("give ids or --all, not both")
    missing = [i for i in args.ids if i not in library.rows(args.ids)]
    if missing:
        raise UsageError(f"there is no article {missing[0]}; `reader list` shows their ids")
    stream = raw_stderr()
    shown = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if stream.isatty():
            if now - shown[0] >= PROGRESS_EVERY or done >= total:
                shown[0] = now
                end = "\n" if done >= total else ""
                print(f"\rRe-classifying: {done:,} of {total:,}", end=end, file=stream)
                stream.flush()
        elif total >= LARGE and now - shown[0] >= 10 * PROGRESS_EVERY:
            shown[0] = now
            print(f"reader: re-classifying: {done:,} of {total:,}", file=sys.stderr)

    changes = library.reclassify(
        args.ids or None, only_automatic=not args.all and not args.ids, progress=progress
    )
    count = len(changes.articles)
    print(f"Re-classified {count} article{'s' * (count != 1)}.", file=sys.stderr)
    return 0


COMMANDS: dict[str, Command] = {
    "topics": _topics,
    "topic": _topic,
    "reclassify": _reclassify,
}
