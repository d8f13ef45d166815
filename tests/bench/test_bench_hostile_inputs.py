"""Time and peak memory per MB of the worst inputs we could construct against each step of
reading a file (decoding, detection, the four formats, titles, the first-sentence search,
topics), as ratios to a plain read of the same file (read the bytes, decode them as UTF-8).

Time: the two sides run turn and turn about, `REPEAT` times each, in this process; the best
of each is compared (this machine's speed drifts 2-3x). Memory: each side runs once in a
fresh process, which reports the growth of its peak resident set (`VmHWM`, so the C
parsers' memory counts too) over its resident set before the work.

Run: `pytest -m bench tests/bench/test_bench_hostile_inputs.py -s`. READER_BENCH_REPEAT
sets the repeats (default 3), READER_BENCH_HOSTILE_MB the size of most inputs (default 2),
READER_BENCH_HOSTILE_ONLY runs only the inputs whose name contains it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.library.ingest.budget import Budget, seconds_for
from reader.library.ingest.preparing import prepare
from reader.library.topics.rules import load_topic_rules

REPEAT = int(os.environ.get("READER_BENCH_REPEAT", "3"))
SIZE = int(float(os.environ.get("READER_BENCH_HOSTILE_MB", "2")) * 1024 * 1024)
MB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[2]


def _repeat(unit: str, size: int = SIZE, head: str = "") -> str:
    return head + unit * ((size - len(head)) // len(unit))


def _paragraphs(unit: str, size: int = SIZE, paragraph: int = 50_000) -> str:
    return "\n\n".join([unit * (paragraph // len(unit))] * (size // paragraph))


def _ordinary_html(size: int) -> str:
    para = "<p>The council voted on the <em>harbour</em> budget after a long debate about "
    para += "schools, roads and <a href='https://example.com/x'>the new bridge</a>.</p>\n"
    return "<html><head><title>A page</title></head><body><article>" + _repeat(para, size)


CASES: dict[str, tuple[str, Callable[[], str]]] = {
    # name: (file name, which decides the format, and the text)
    "ordinary html page": ("page.html", lambda: _ordinary_html(SIZE)),
    "seed: one line of 'word, ' (clause heads)": ("t.txt", lambda: _repeat("word, ")),
    "seed: one line of 'Mr. A ' (first sentence)": ("t.txt", lambda: _repeat("Mr. A ")),
    "seed: ', ' (clause breaks, all trimmed)": ("t.txt", lambda: _repeat(", ")),
    "seed: 'A.' and spaces (abbreviations)": ("t.txt", lambda: _repeat("A. A.B.C. ")),
    "seed: capitals (dateline)": ("t.txt", lambda: _repeat("AB CD, ")),
    "seed: tiny articles (1 per 6 bytes)": ("t.txt", lambda: _repeat("N1.\n\nN2.\n\n")),
    "text: blank lines with spaces": ("t.txt", lambda: "Head\n\n" + _repeat("a\n \t\n")),
    "detect: 4 KB of comments, then text": ("t.txt", lambda: _repeat("<!-- -->", 4096) + "x"),
    "html: '<a\\n' after a paragraph": ("p.html", lambda: _repeat("<a\n", head="<p>x</p>")),
    "html: <p> without </p>": ("p.html", lambda: _repeat("<p>para ")),
    "html: <li> without </li>": ("p.html", lambda: _repeat("<li>item ", head="<ul>")),
    "html: <tr><td> without end tags": (
        "p.html",
        lambda: _repeat("<tr><td>a<td>b", head="<table>"),
    ),
    "html: <div> nested, never closed": ("p.html", lambda: _repeat("<div>", head="x")),
    "html: <b> nested (formatting elements)": ("p.html", lambda: _repeat("<b>x")),
    "html: <table> nested": ("p.html", lambda: _repeat("<table><tr><td>x")),
    "html: entities": ("p.html", lambda: _repeat("&amp;&#x41;&bogus;")),
    "markdown: '[' (link labels)": ("m.md", lambda: _repeat("[")),
    "markdown: '![' (images)": ("m.md", lambda: _repeat("![")),
    "markdown: '*a' (emphasis)": ("m.md", lambda: _repeat("*a")),
    "markdown: '**_' (mixed delimiters)": ("m.md", lambda: _repeat("**_")),
    "markdown: nested brackets": ("m.md", lambda: "[" * (SIZE // 2) + "x" + "]" * (SIZE // 2)),
    "markdown: '`a``' (code spans)": ("m.md", lambda: _repeat("`a``")),
    "markdown: '> ' (quotes on one line)": ("m.md", lambda: _repeat("> ") + "x"),
    "markdown: '[' in 50 KB paragraphs": ("m.md", lambda: _paragraphs("[")),
    "markdown: '*a' in 50 KB paragraphs": ("m.md", lambda: _paragraphs("*a")),
    "markdown: '`a``' in 50 KB paragraphs": ("m.md", lambda: _paragraphs("`a``")),
    "markdown: '**_' in 50 KB paragraphs": ("m.md", lambda: _paragraphs("**_")),
    "markdown: table rows": ("m.md", lambda: _repeat("|a|b|\n", head="|h|h|\n|-|-|\n")),
    "markdown: '- ' lists nested by indent": ("m.md", lambda: _repeat("- a\n  - b\n    - c\n")),
}
BIG = {  # a 20 MB paragraph in each format (the pane then gets blocks of 20,000 characters)
    "20 MB paragraph: seed": ("t.txt", "seed"),
    "20 MB paragraph: text": ("t.txt", "text"),
    "20 MB paragraph: markdown": ("m.md", "markdown"),
    "20 MB paragraph: html": ("p.html", "html"),
}

_CHILD = """
import json, sys, time
from pathlib import Path
def rss(key):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0
path, side, forced = sys.argv[1], sys.argv[2], sys.argv[3]
from reader.library.ingest.preparing import prepare
from reader.library.ingest.budget import Budget
from reader.library.topics.rules import load_topic_rules
rules = load_topic_rules()[0]
before = rss("VmRSS")
data = Path(path).read_bytes()
if side == "plain":
    text = data.decode("utf-8")
else:
    result = prepare(path, data, forced, rules, Budget(len(data), seconds=float("inf")))
print(json.dumps({"kb": rss("VmHWM") - before}))
"""


def _peak_kb(path: Path, side: str, forced: str) -> int:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), side, forced],
        capture_output=True, text=True, env=env, check=True, timeout=600,
    )  # fmt: skip
    return int(json.loads(done.stdout.strip().splitlines()[-1])["kb"])


def _measure(path: Path, forced: str) -> dict[str, float | str | None]:
    rules = load_topic_rules()[0]
    plain, ours = [], []
    prepared = None
    for _ in range(REPEAT):  # turn and turn about
        start = time.perf_counter()
        Path(path).read_bytes().decode("utf-8")
        plain.append(time.perf_counter() - start)
        start = time.perf_counter()
        data = Path(path).read_bytes()
        prepared = prepare(str(path), data, forced, rules, Budget(len(data), seconds=float("inf")))
        ours.append(time.perf_counter() - start)
    size = path.stat().st_size / MB
    assert prepared is not None
    return {
        "mb": size, "plain": min(plain), "ours": min(ours),
        "plain_kb": _peak_kb(path, "plain", forced), "ours_kb": _peak_kb(path, "ours", forced),
        "format": prepared.format, "problem": prepared.problem,
        "warnings": "; ".join(w[:60] for w in prepared.warnings) or None,
        "budget": seconds_for(path.stat().st_size),
    }  # fmt: skip


def _line(name: str, m: dict[str, float | str | None]) -> str:
    mb, ours, plain = float(m["mb"] or 1), float(m["ours"] or 0), float(m["plain"] or 1e-9)
    ours_kb, plain_kb = float(m["ours_kb"] or 0), max(float(m["plain_kb"] or 1), 1.0)
    note = m["problem"] or m["warnings"] or ""
    return (
        f"{name[:44]:44} {mb:5.1f} MB {m['format']:>8} {ours / mb:7.3f} s/MB "
        f"{ours / plain:8.0f}x  {ours_kb / 1024 / mb:6.1f} MB/MB {ours_kb / plain_kb:5.1f}x "
        f"budget {ours / float(m['budget'] or 1):4.0%}  {note}"
    )


HEADER = (
    f"{'input':44} {'size':>8} {'format':>8} {'time':>12} {'vs read':>9}  "
    f"{'peak memory':>11} {'vs read':>6} {'of budget':>12}"
)


def test_hostile_inputs_time_and_memory_per_mb(tmp_path: Path) -> None:
    print(f"\n{HEADER}")
    worst = 0.0
    only = os.environ.get("READER_BENCH_HOSTILE_ONLY", "")
    for name, (file_name, make) in CASES.items():
        if only not in name:
            continue
        path = tmp_path / file_name
        path.write_text(make())
        measured = _measure(path, "auto")
        print(_line(name, measured), flush=True)
        assert not str(measured["problem"]).startswith("took too long"), name
        worst = max(worst, float(measured["ours"] or 0) / float(measured["budget"] or 1))
    print(f"worst share of the per-file budget: {worst:.0%}")
    assert worst < 1


@pytest.mark.parametrize("name", list(BIG))
def test_a_20_mb_paragraph_in_every_format(tmp_path: Path, name: str) -> None:
    file_name, fmt = BIG[name]
    words = "word " * (20 * MB // 5)
    text = {"text": "Head\n\n" + words, "html": f"<p>{words}</p>"}.get(fmt, words)
    path = tmp_path / file_name
    path.write_text(text)
    measured = _measure(path, fmt)
    print(f"\n{HEADER}\n{_line(name, measured)}")
    assert measured["problem"] is None
