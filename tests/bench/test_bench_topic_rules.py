"""Benchmark of the bundled topic rules on the labelled news sets (`pytest -m bench -s`).

Prints the agreement of the best topic with the editors' sections per set and per label, the
confusion pairs (label -> topic chosen) with counts for the dev set only (the held-out set is
reported in aggregate, never article by article), and the classify time per article.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from reader.library.topics.rules import load_rules

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "topics"
CODES = {
    "01": "arts", "02": "crime", "03": "disaster", "04": "business", "05": "education",
    "06": "environment", "07": "health", "08": "human-interest", "09": "labour",
    "10": "lifestyle", "11": "politics", "12": "religion", "13": "science-tech",
    "14": "society", "15": "sport", "16": "conflict", "17": "weather",
}  # fmt: skip


def test_topic_rules_agreement_and_speed() -> None:
    rules = load_rules(REPO / "resources" / "topics.toml")
    for name in ("dev", "heldout"):
        articles = []
        for path in sorted((DATA / name).glob("*.txt")):
            title, _, body = path.read_text(encoding="utf-8").partition("\n\n")
            articles.append((path.name.rsplit("-", 1)[0], title.strip(), body))
        agreed: Counter[str] = Counter()
        seen: Counter[str] = Counter()
        confusion: Counter[tuple[str, str]] = Counter()
        start = time.perf_counter()
        chosen = [rules.classify(title, body) for _, title, body in articles]
        elapsed = (time.perf_counter() - start) / max(len(articles), 1)
        for (label, _, _), scores in zip(articles, chosen, strict=True):
            got = CODES[scores[0].code[:2]] if scores else "none"
            seen[label] += 1
            agreed[label] += got == label
            if got != label:
                confusion[label, got] += 1
        share = sum(agreed.values()) / max(len(articles), 1)
        print(f"\n{name}: {sum(agreed.values())}/{len(articles)} agree ({share:.1%}), "
              f"{elapsed * 1e6:.0f} µs per article (first pass, cold word cache)")  # fmt: skip
        print("  " + ", ".join(f"{label} {agreed[label]}/{seen[label]}" for label in sorted(seen)))
        if name == "dev":
            for (label, got), count in confusion.most_common():
                print(f"  {label} -> {got}: {count}")
        assert share > 0.5
    article = " ".join((DATA / "dev" / "politics-001.txt").read_text().split()[:600])
    rules.classify("", article)
    runs = 500
    start = time.perf_counter()
    for _ in range(runs):
        rules.classify("Senate passes crime bill", article)
    print(f"classify, warm cache: {(time.perf_counter() - start) / runs * 1e6:.0f} µs per article")
