"""Importing many quotes that cannot be placed is bounded: 2,000 of them into a 120 KB
article. Prints the time (run with -s to see it); asserts what was placed, not how fast
(these machines are shared and noisy)."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

from reader.library import Library

ARTICLE_CHARS = 120_000
QUOTES = 2_000
NEAR_MISSES = 40


def prose(rng: random.Random, words: list[str], chars: int) -> str:
    """Sentences of the corpus's words in a shuffled order."""
    out: list[str] = []
    size = 0
    while size < chars:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(6, 18)))
        sentence = sentence[0].upper() + sentence[1:] + "."
        out.append(sentence)
        size += len(sentence) + 1
    return " ".join(out)[:chars]


def test_two_thousand_unplaceable_quotes_into_a_long_article(
    empty_library: Library, tmp_path: Path
) -> None:
    rng = random.Random(11)
    seed = (Path(__file__).resolve().parents[4] / "corpus").glob("*.txt")
    words = sorted({w.strip(".,;:'\"()").lower() for p in seed for w in p.read_text().split()})
    words = [w for w in words if w.isalpha()]
    # the article and the quotes use every other word of the corpus: the same letters and
    # pieces of words, in passages the article does not hold
    ours, theirs = words[::2], words[1::2]
    source = tmp_path / "long.txt"
    source.write_text("A long article\n\n" + prose(rng, ours, ARTICLE_CHARS), encoding="utf-8")
    (article_id,) = empty_library.import_paths([source]).added_ids
    article = empty_library.article(article_id)
    assert article is not None and len(article.body) > ARTICLE_CHARS * 0.95
    body = article.body

    items: list[dict[str, object]] = []
    while len(items) < QUOTES:
        n = len(items)
        if n % 4 == 0:  # a short piece of a word that is not there
            exact = rng.choice(ours)[:3] + "#"
        else:  # sentences of other words
            exact = prose(rng, theirs, rng.choice((20, 40, 80, 200)))
        if exact in body:
            continue
        selector: list[dict[str, object]] = [{"type": "TextQuoteSelector", "exact": exact}]
        if n % 2:  # half as Reader exports them (with a stale position), half quote-only
            start = rng.randrange(len(body) - len(exact))
            selector.append({"type": "TextPositionSelector", "start": start,
                             "end": start + len(exact)})  # fmt: skip
        items.append({"type": "Annotation", "id": f"urn:x:miss:{n}",
                      "target": {"source": article.uri, "selector": selector}})  # fmt: skip
    near: list[tuple[int, int]] = []  # passages edited a little: these must still be placed
    for n in range(NEAR_MISSES):
        start = rng.randrange(len(body) - 200)
        start = body.index(" ", start) + 1
        passage = body[start : start + 60]
        edited = passage[:20] + passage[21:40] + "x" + passage[40:]  # 2 edits in 60
        near.append((start, start + 60))
        target = {"source": article.uri,
                  "selector": {"type": "TextQuoteSelector", "exact": edited}}  # fmt: skip
        items.append({"type": "Annotation", "id": f"urn:x:near:{n}", "target": target})
    path = tmp_path / "quotes.jsonld"
    path.write_text(json.dumps(items), encoding="utf-8")

    began = time.perf_counter()
    result = empty_library.import_annotations(path)
    seconds = time.perf_counter() - began
    print(f"\nimport of {len(items):,} quotes ({QUOTES:,} unplaceable) into a "
          f"{len(body):,}-character article: {seconds:.2f} s")  # fmt: skip

    assert len(result.added) == len(items)
    assert len(result.orphans) == QUOTES
    placed = [empty_library.annotation(i) for i in result.added]
    for info, (start, end) in zip(placed[QUOTES:], near, strict=True):
        assert info is not None and not info.orphan and info.start is not None
        assert abs(info.start - start) <= 2 and abs(info.end - end) <= 2  # type: ignore[operator]
