"""Tests for learning topics from the user's choices: the naive Bayes model, the classifier that
puts it on top of the rules, and the library's examples, training, reset and explanations."""

from __future__ import annotations

import pickle
import sqlite3
from pathlib import Path

from reader.library import ImportTuning, Library
from reader.library.store.models import TopicExample
from reader.library.topics.classifier import Classifier
from reader.library.topics.learning import MAX_SHIFT, train, words
from reader.library.topics.rules import Topic, TopicRules

CRIME, LIFESTYLE, POLITICS, SPORT = "02000000", "10000000", "11000000", "15000000"
RULES = TopicRules(
    [Topic(CRIME, "crime", "Crime"), Topic(POLITICS, "politics", "Politics"),
     Topic(SPORT, "sport", "Sport")],
    {CRIME: {"court": 2.0, "judge": 2.0}, POLITICS: {"election": 2.0}, SPORT: {"match": 2.0}},
)  # fmt: skip


def _tribunal(n: int) -> tuple[str, str]:
    return (
        f"Minister faces tribunal over expenses {n}",
        f"The minister appeared before the court. The judge heard the tribunal case {n}; the "
        "cabinet minister denied wrongdoing and the opposition called for a ministerial inquiry.",
    )


BACKGROUND = [
    ("Striker wins the match", "The match ended with a late goal from the striker.", [SPORT]),
    ("Burglar jailed", "The judge jailed a burglar at the crown court for theft.", [CRIME]),
    ("Election called", "The prime minister called an election for the spring.", [POLITICS]),
] * 5


def test_words_weigh_the_title_and_fold_plurals() -> None:
    counted = words("Ministers", "the minister and the policies")
    assert counted["minister"] > counted["policy"] > 0
    assert "the" not in counted and "and" not in counted


def test_an_empty_model_leaves_the_rules_alone() -> None:
    title, text = _tribunal(1)
    assert Classifier(RULES).classify(title, text) == RULES.classify(title, text)
    assert not train({}, [], BACKGROUND)


def test_too_few_examples_move_nothing() -> None:
    docs = {i: _tribunal(i) for i in range(2)}
    model = train(docs, [(i, POLITICS, True) for i in docs], BACKGROUND)
    assert not model and model.shifts(*_tribunal(9)) == {}


def test_a_handful_of_choices_moves_the_next_one_of_that_kind() -> None:
    title, text = _tribunal(99)
    assert RULES.classify(title, text)[0].code == CRIME
    docs = {i: _tribunal(i) for i in range(5)}
    choices = [(i, POLITICS, True) for i in docs] + [(i, CRIME, False) for i in docs]
    model = train(docs, choices, BACKGROUND)
    shifts = model.shifts(title, text)
    assert 0 < shifts[POLITICS].shift <= MAX_SHIFT and shifts[CRIME].shift < 0
    found = Classifier(RULES, model).classify(title, text)
    assert found[0].code == POLITICS
    # a story of another kind is not moved
    other = "Striker wins", "The match ended with a goal."
    assert Classifier(RULES, model).classify(*other) == RULES.classify(*other)
    # small to pickle: the word lists, not the examples
    assert len(pickle.dumps(Classifier(RULES, model))) < 20_000
    assert pickle.loads(pickle.dumps(model)).shifts(title, text) == shifts


def test_explanations_name_the_rule_terms_and_the_learned_words() -> None:
    docs = {i: _tribunal(i) for i in range(5)}
    model = train(docs, [(i, POLITICS, True) for i in docs], BACKGROUND)
    text = "\n".join(Classifier(RULES, model).explain(*_tribunal(99)).lines())
    assert "rules: 'court' +2.0" in text and "learned from your 5 choices: '" in text
    assert "'tribunal' +" in text
    assert "-> Politics (+" in text


def test_choices_are_examples_and_forgetting_keeps_the_choices(library: Library) -> None:
    assert library.article(1) is not None and library.article(2) is not None
    library.add_topic(1, POLITICS)
    library.remove_topic(1, SPORT)
    library.add_topic(2, POLITICS)
    assert library.learned_examples() == 3
    assert library.classifier().model.examples == 3
    library.remove_topic(2, POLITICS)  # a later choice replaces the earlier example
    assert {(e.article_id, e.topic_id, e.chosen) for e in TopicExample.select()} == {
        (1, POLITICS, True), (1, SPORT, False), (2, POLITICS, False),
    }  # fmt: skip
    assert library.forget_learned_topics()
    assert library.learned_examples() == 0 and not library.classifier().model
    assert POLITICS in {t.code for t in library.article(1).topics}  # type: ignore[union-attr]
    assert not library.forget_learned_topics()  # nothing left to forget: nothing reported


def test_reclassify_reports_progress_and_stops_when_cancelled(library: Library) -> None:
    seen: list[tuple[int, int]] = []
    library.reclassify(progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]
    stopped = library.reclassify(cancelled=lambda: True)
    assert not stopped.articles
    library.add_topic(1, POLITICS)
    only = library.reclassify(only_automatic=True)
    assert 1 not in only.articles and only.articles


def test_explain_topics_of_an_article(library: Library) -> None:
    explanation = library.explain_topics(1)
    assert explanation is not None and explanation.reasons
    assert library.explain_topics(10**9) is None


def test_the_migration_keeps_earlier_choices_as_examples(library_path: Path) -> None:
    with Library.open(library_path) as lib:
        lib.add_topic(1, POLITICS)
        lib.remove_topic(2, SPORT)
    con = sqlite3.connect(library_path)
    with con:
        con.execute("DROP TABLE topic_example")
        con.execute("DELETE FROM schema_migration WHERE name = '0014_topic_examples'")
    con.close()
    with Library.open(library_path) as lib:
        assert {(e.article_id, e.topic_id, e.chosen) for e in TopicExample.select()} == {
            (1, POLITICS, True), (2, SPORT, False),
        }  # fmt: skip


def test_imports_in_worker_processes_use_what_was_learned(
    empty_library: Library, tmp_path: Path
) -> None:
    lib = empty_library
    folder = tmp_path / "news"
    folder.mkdir()

    def write(name: str, n: int) -> None:
        title, text = _tribunal(n)
        (folder / name).write_text(f"{title}\n\n{text}\n\nThe judge heard the court case.\n")

    for n, (title, text, _) in enumerate(BACKGROUND):  # the library's other stories
        (folder / f"other-{n}.txt").write_text(f"{title} {n}\n\n{text} ({n})\n")
    lib.import_paths([folder])
    for n in range(4):
        write(f"taught-{n}.txt", n)
    taught = lib.import_paths([folder]).added_ids
    assert len(taught) == 4
    for article in taught:  # this reader files such stories under Lifestyle
        found = lib.article(article)
        assert found is not None and found.topics[0].code != LIFESTYLE
        lib.add_topic(article, LIFESTYLE)
        lib.remove_topic(article, found.topics[0].code)
    for n in range(10, 22):
        write(f"new-{n}.txt", n)
    pooled = ImportTuning(pool_min_files=3, chunk_files=2, workers=2)
    report = lib.import_paths([folder], tuning=pooled)
    assert len(report.added_ids) == 12
    for article in report.added_ids:
        found = lib.article(article)
        assert found is not None and found.topics[0].code == LIFESTYLE
