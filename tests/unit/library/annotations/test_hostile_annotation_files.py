"""Hostile Web Annotation files: every one is refused in one line that names the
annotation (its place in the file and its id) and the field, and nothing of it is imported.
Nothing ends in a traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reader.library import Library
from reader.library.annotations.webannotation import MAX_OFFSET, AnnotationImportError
from reader.library.display.note import render_note

Item = dict[str, Any]
ID = "urn:uuid:0b6f8e5e-0d7a-4a53-8f39-3f8f9a3e2b11"


def annotation(uri: str, exact: str, **extra: Any) -> Item:
    return {
        "type": "Annotation", "id": ID,
        "target": {"source": uri, "selector": [
            {"type": "TextQuoteSelector", "exact": exact, "prefix": "", "suffix": ""},
            {"type": "TextPositionSelector", "start": 5, "end": 25},
        ]},
        **extra,
    }  # fmt: skip


def quote(item: Item) -> Item:
    return item["target"]["selector"][0]  # type: ignore[no-any-return]


def position(item: Item) -> Item:
    return item["target"]["selector"][1]  # type: ignore[no-any-return]


def setter(*path: str | int, value: Any) -> Callable[[Item], None]:
    def change(item: Item) -> None:
        node: Any = item
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


RAW = "__RAW__"  # replaced in the JSON text by a literal that json.dumps cannot write

# (name, change to the second annotation, raw literal or None, words the message must hold)
CASES: list[tuple[str, Callable[[Item], None], str | None, tuple[str, ...]]] = [
    ("integer of 5,000 digits", lambda i: position(i).update(start=RAW), "1" * 5000,
     ("target.selector[1].start", "5,000 digits")),
    ("negative integer of 5,000 digits", lambda i: position(i).update(end=RAW), "-" + "9" * 5000,
     ("target.selector[1].end", "5,000 digits")),
    ("created in year 1, +14:00", setter("created", value="0001-01-01T00:00:00+14:00"), None,
     ('"created"', "outside the years 1 to 9999")),
    ("modified in 9999, -14:00", setter("modified", value="9999-12-31T23:59:59-14:00"), None,
     ('"modified"', "outside the years 1 to 9999")),
    ("lone surrogate in the quote", lambda i: quote(i).update(exact=RAW), '"ab\\ud800cd"',
     ("target.selector[0].exact", "unpaired surrogate")),
    ("lone surrogate in the note", setter("bodyValue", value=RAW), '"\\udfff"',
     ("bodyValue", "unpaired surrogate")),
    ("lone surrogate in a key", setter("x", value=RAW), '{"\\ud800": 1}',
     ("has a key holding an unpaired surrogate",)),
    ("NaN", lambda i: position(i).update(start=RAW), "NaN",
     ("target.selector[1].start", "NaN, which is not a JSON number")),
    ("Infinity", lambda i: position(i).update(end=RAW), "Infinity", ("Infinity",)),
    ("-Infinity in a field Reader does not use", setter("extra", value=RAW), "-Infinity",
     ("extra", "-Infinity")),
    ("a number that overflows", lambda i: position(i).update(end=RAW), "1e999",
     ("1e999, too large",)),
    ("a key given twice", setter("target", "selector", 0, value=RAW),
     '{"type": "TextQuoteSelector", "exact": "a", "exact": "b"}',
     ("target.selector[0]", 'the key "exact" more than once')),
    ("nested 40 deep", setter("extra", value=RAW), "[" * 40 + "]" * 40,
     ("nested more than 12 levels deep",)),
    ("negative offset", lambda i: position(i).update(start=-1), None,
     ('"start" is -1', "an offset is 0 to")),
    ("enormous offset", lambda i: position(i).update(end=10**15), None,
     ('"end" is 1,000,000,000,000,000',)),
    ("position ends before it starts", lambda i: position(i).update(start=30, end=20), None,
     ("ends (20) before it starts (30)",)),
    ("offset that is a float", lambda i: position(i).update(start=5.0), None,
     ('"start" is a number, but start and end must be whole numbers',)),
    ("offset that is a boolean", lambda i: position(i).update(end=True), None,
     ('"end" is true or false',)),
    ("offset that is a string", lambda i: position(i).update(start="9"), None,
     ('"start" is "9"', "whole numbers")),
    ("prefix of two megabytes", lambda i: quote(i).update(prefix="p" * 2_000_000), None,
     ('"prefix" is too long (2,000,000 characters',)),
    ("suffix of two megabytes", lambda i: quote(i).update(suffix="s" * 2_000_000), None,
     ('"suffix" is too long',)),
    ("quote over five million characters", lambda i: quote(i).update(exact="q" * 5_000_001),
     None, ('"exact" is too long (5,000,001',)),
    ("id of 3,000 characters", setter("id", value="urn:x:" + "i" * 3000), None,
     ('"id" is too long',)),
    ("id with terminal escapes", setter("id", value="urn:x:\x1b]0;owned\x07"), None,
     ('"id" holds control characters', "\\u001b")),
    ("source of 3,000 characters", setter("target", "source", value="urn:" + "u" * 3000), None,
     ('"target.source" is too long',)),
    ("file: URL source", setter("target", "source", value="file:///etc/passwd"), None,
     ('"target.source" is a file: URL', "never opens a file")),
    ("javascript: source", setter("target", "source", value="javascript:alert(1)"), None,
     ('"target.source" is a javascript: uri',)),
    ("source that is no uri", setter("target", "source", value="../../etc/passwd"), None,
     ('"target.source" is not a uri',)),
    ("two targets", setter("target", value=["urn:a", "urn:b"]), None, ("2 targets",)),
    ("two quote selectors", setter("target", "selector", 1, value={
        "type": "TextQuoteSelector", "exact": "other"}), None,
     ("target.selector[1]", "a second TextQuoteSelector")),
    ("empty quote", lambda i: quote(i).update(exact="  \n"), None, ('quote ("exact") is empty',)),
    ("quote missing", lambda i: quote(i).pop("exact"), None, ('"exact" is missing',)),
]  # fmt: skip

WRONG_TYPES: list[tuple[str, Callable[[Item], None], str]] = [
    ("id", setter("id", value=5), '"id" is not a string (it is a number)'),
    ("type", setter("type", value=5), 'its "type" is not "Annotation"'),
    ("motivation", setter("motivation", value={}), '"motivation" is not a string'),
    ("target", setter("target", value=5), "it has no target (target is a number)"),
    ("target.source", setter("target", "source", value=[]), "target.source is an array"),
    ("styleClass", setter("target", "styleClass", value=1), '"styleClass" is not a string'),
    ("selector", setter("target", "selector", value="x"), "a selector is not a JSON object"),
    ("a selector", setter("target", "selector", 0, value=5), "target.selector[0]: a selector"),
    ("exact", lambda i: quote(i).update(exact=[]), '"exact" is not a string (it is an array)'),
    ("prefix", lambda i: quote(i).update(prefix={}), '"prefix" is not a string (it is an obj'),
    ("suffix", lambda i: quote(i).update(suffix=None), '"suffix" is not a string (it is null'),
    ("start", lambda i: position(i).update(start=None), '"start" is null'),
    ("end", lambda i: position(i).update(end=[1]), '"end" is an array'),
    ("bodyValue", setter("bodyValue", value=5), '"bodyValue" is not a string'),
    ("body", setter("body", value=5), "body: the body is not a JSON object (it is a number)"),
    ("body.value", setter("body", value={"type": "TextualBody", "value": 5}),
     'body: "value" is not a string'),
    ("body.purpose", setter("body", value={"value": "x", "purpose": 5}),
     'body: "purpose" is not a string'),
    ("created", setter("created", value=5), '"created" is not a date string (it is a number)'),
    ("modified", setter("modified", value=[]), '"modified" is not a date string'),
    ("a date that is not one", setter("created", value="yesterday"), '"created" is not a date'),
]  # fmt: skip


@pytest.fixture
def uri(library: Library) -> str:
    return library.article(1).uri  # type: ignore[union-attr]


@pytest.fixture
def passage(library: Library) -> str:
    return library.article(1).body[5:25]  # type: ignore[union-attr]


def refused(library: Library, path: Path) -> str:
    before = library.all_annotations()
    with pytest.raises(AnnotationImportError) as caught:
        library.import_annotations(path)
    message = str(caught.value)
    assert message.endswith("Nothing was imported.")
    assert "\n" not in message and message.isprintable(), message
    assert library.all_annotations() == before
    return message


def file_with(tmp_path: Path, items: list[Item], raw: str | None = None) -> Path:
    text = json.dumps(items)
    if raw is not None:
        text = text.replace(json.dumps(RAW), raw)
    path = tmp_path / "hostile.json"
    path.write_text(text, encoding="utf-8")
    return path


def two(uri: str, passage: str, change: Callable[[Item], None]) -> list[Item]:
    """A good annotation, then one changed: the good one must not be imported either."""
    good = annotation(uri, passage, id="urn:uuid:5d0a3c52-9c2e-4d0f-b1c5-6d6f0e7c7a01")
    bad = annotation(uri, passage)
    change(bad)
    return [good, bad]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_hostile_field_is_named(
    library: Library, tmp_path: Path, uri: str, passage: str,
    case: tuple[str, Callable[[Item], None], str | None, tuple[str, ...]],
) -> None:  # fmt: skip
    _name, change, raw, words = case
    message = refused(library, file_with(tmp_path, two(uri, passage, change), raw))
    assert "1 invalid annotation: annotation 2 (id " in message, message
    for word in words:
        assert word in message, message


@pytest.mark.parametrize("case", WRONG_TYPES, ids=[w[0] for w in WRONG_TYPES])
def test_a_wrong_type_in_every_field_is_named(
    library: Library, tmp_path: Path, uri: str, passage: str,
    case: tuple[str, Callable[[Item], None], str],
) -> None:  # fmt: skip
    _name, change, words = case
    message = refused(library, file_with(tmp_path, two(uri, passage, change)))
    assert "annotation 2 (" in message and words in message, message


def test_each_bad_annotation_is_counted_and_the_first_three_named(
    library: Library, tmp_path: Path, uri: str, passage: str
) -> None:
    items = [annotation(uri, passage, id=f"urn:x:{n}") for n in range(6)]
    for item in items[1:]:
        position(item)["start"] = -5
    message = refused(library, file_with(tmp_path, items))
    assert '5 invalid annotations: annotation 2 (id "urn:x:1"): target.selector[1]' in message
    assert 'annotation 4 (id "urn:x:3")' in message and "(and 2 more)" in message


def test_an_id_given_twice_to_different_annotations(
    library: Library, tmp_path: Path, uri: str, passage: str
) -> None:
    first, second = annotation(uri, passage), annotation(uri, passage, bodyValue="other")
    message = refused(library, file_with(tmp_path, [first, second]))
    assert f'annotation 2 (id "{ID}"): has the id of annotation 1 but says something else' in (
        message
    )


def test_an_annotation_repeated_whole_is_imported_once(
    library: Library, tmp_path: Path, uri: str, passage: str
) -> None:
    item = annotation(uri, passage, bodyValue="twice")
    del item["id"]  # no id, no dates: the repeat must still count as the same annotation
    result = library.import_annotations(file_with(tmp_path, [item, item]))
    assert (len(result.added), result.duplicates) == (1, 1)


def test_a_page_that_is_not_in_the_file(library: Library, tmp_path: Path, uri: str) -> None:
    page = {"type": "AnnotationPage", "items": [annotation(uri, "x")], "next": "https://e/2"}
    path = tmp_path / "paged.json"
    path.write_text(json.dumps(page), encoding="utf-8")
    assert "the page after page 1 is not included" in refused(library, path)


def test_positions_alone_that_name_no_text(library: Library, tmp_path: Path, uri: str) -> None:
    length = len(library.article(1).body)  # type: ignore[union-attr]
    outside = {"type": "Annotation", "id": "urn:x:far", "target": {"source": uri, "selector": {
        "type": "TextPositionSelector", "start": length, "end": length + 10}}}  # fmt: skip
    message = refused(library, file_with(tmp_path, [outside]))
    assert 'annotation 1 (id "urn:x:far"): its TextPositionSelector' in message
    assert f"lies outside the article's text ({length:,} characters)" in message


def test_values_at_the_edges_of_the_ranges_are_kept(
    library: Library, tmp_path: Path, uri: str, passage: str
) -> None:
    item = annotation(uri, passage, created="0001-01-01T14:00:00+14:00",
                      modified="9999-12-31T23:59:59.999999Z")  # fmt: skip
    position(item).update(start=MAX_OFFSET - 20, end=MAX_OFFSET)  # stale: the quote places it
    quote(item)["prefix"] = "p" * 4096
    result = library.import_annotations(file_with(tmp_path, [item]))
    (info,) = [library.annotation(i) for i in result.added]
    assert info is not None and (info.start, info.end, info.orphan) == (5, 25, False)
    assert info.created.year == 1 and info.updated.year == 9999
    exported = tmp_path / "again.jsonld"
    exported.write_text(library.export_annotations("webannotation"), encoding="utf-8")
    assert library.import_annotations(exported).duplicates == 1


def test_an_html_body_with_scripts_is_kept_as_text_and_shown_as_text(
    library: Library, tmp_path: Path, uri: str, passage: str
) -> None:
    html = '<script>alert(1)</script><img src="/dev/zero" onerror=alert(2)><b>bold</b>'
    item = annotation(uri, passage, body={"type": "TextualBody", "format": "text/html",
                                          "value": html})  # fmt: skip
    (added,) = library.import_annotations(file_with(tmp_path, [item])).added
    info = library.annotation(added)
    assert info is not None and info.note == html
    shown = render_note(info.note)
    assert "<script" not in shown and "<img" not in shown and "<b>" not in shown
    assert "&lt;script&gt;" in shown


def test_a_message_quotes_what_it_names_safely(library: Library, tmp_path: Path) -> None:
    item = {"type": "Annotation", "id": "urn:x:\u202ebidi <img src=x>", "target": "file:///x"}
    message = refused(library, file_with(tmp_path, [item]))
    assert "\u202e" not in message and '(id "urn:x:\\u202ebidi <img src=x>")' in message
    unknown = {"type": "Annotation", "target": "urn:x:" + "0" * 300}
    message = refused(library, file_with(tmp_path, [unknown]))
    assert "not in this library" in message and '0…")' in message and len(message) < 400
