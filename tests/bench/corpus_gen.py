"""Generates large seed-format corpora for the benchmarks: realistic article lengths
(log-normal, median ~550 words), paragraphs, datelines on some, and themed vocabulary so
that the classifier spreads the articles over topics, with ~30% of them about sport."""

from __future__ import annotations

import math
import random
from pathlib import Path


def _words(text: str) -> list[str]:
    return text.split()


FILLER = _words(
    "the of and to a in that is was for on with as by at from it his her their said have has "
    "had been were will would could after before over under about into more most other some "
    "such only new first last year years week people time officials government city country "
    "state report told statement according during while when where which who also than then "
    "there this these those many several both each between against among since until local "
    "national public group members plan plans decision support number part end day days "
    "including recent later early major second third including across however likely expected"
)
THEMES: dict[str, tuple[float, list[str]]] = {
    "sport": (
        0.30,
        _words(
            "match goal coach league championship tournament player season striker "
            "team stadium final olympic medal athlete race cup football tennis score fans "
            "victory defeat midfielder goalkeeper transfer"
        ),
    ),
    "politics": (
        0.15,
        _words(
            "election parliament minister vote party senator campaign coalition "
            "opposition president legislation referendum ballot diplomat summit "
            "policy cabinet lawmakers"
        ),
    ),
    "economy": (
        0.15,
        _words(
            "inflation market shares investors bank interest rates growth economy "
            "earnings profit revenue trade tariffs stocks bonds recession company "
            "merger"
        ),
    ),
    "conflict": (
        0.12,
        _words(
            "troops military ceasefire missile soldiers war army attack offensive "
            "front line shelling drones defence peace talks insurgents"
        ),
    ),
    "science": (
        0.10,
        _words(
            "researchers scientists study laboratory satellite spacecraft software "
            "artificial intelligence chip physics experiment discovery data"
        ),
    ),
    "health": (
        0.08,
        _words(
            "hospital patients vaccine doctors disease virus treatment clinical "
            "trial cancer nurses outbreak medicine"
        ),
    ),
    "weather": (
        0.05,
        _words(
            "storm rainfall forecast temperatures heatwave flooding hurricane "
            "meteorologists snow winds drought"
        ),
    ),
    "culture": (
        0.05,
        _words(
            "film festival museum exhibition album concert novel artist director "
            "theatre actor gallery"
        ),
    ),
}
DATELINES = ["LONDON", "PARIS", "BERLIN", "TAIPEI", "NAIROBI", "WASHINGTON", "TOKYO", "LIMA"]


def _paragraph(rng: random.Random, theme_words: list[str], words: int) -> str:
    out = []
    while words > 0:
        n = min(words, rng.randint(12, 28))
        sentence = [rng.choice(theme_words) if rng.random() < 0.12 else rng.choice(FILLER)
                    for _ in range(n)]  # fmt: skip
        out.append(" ".join(sentence).capitalize() + ".")
        words -= n
    return " ".join(out)


def article(rng: random.Random) -> tuple[str, str]:
    """(theme, text) of one article in the seed format: paragraphs on single lines."""
    names = list(THEMES)
    theme = rng.choices(names, weights=[THEMES[n][0] for n in names])[0]
    total = max(120, min(3000, int(rng.lognormvariate(math.log(550), 0.45))))
    paragraphs = max(1, total // rng.randint(70, 140))
    words = [total // paragraphs] * paragraphs
    texts = [_paragraph(rng, THEMES[theme][1], n) for n in words]
    if rng.random() < 0.4:
        texts[0] = f"{rng.choice(DATELINES)} – {texts[0]}"
    return theme, "\n".join(texts)


def write_corpus(
    folder: Path, articles: int, per_file: int = 1000, seed: int = 1
) -> dict[str, int]:
    """Write `articles` articles into seed-format files in `folder`; returns counts per theme."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    themes: dict[str, int] = {}
    for start in range(0, articles, per_file):
        chunk = []
        for _ in range(min(per_file, articles - start)):
            theme, text = article(rng)
            themes[theme] = themes.get(theme, 0) + 1
            chunk.append(text)
        (folder / f"news-{start // per_file:04d}.txt").write_text(
            "\n\n".join(chunk), encoding="utf-8"
        )
    return themes
