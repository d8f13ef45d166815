"""Reading JSON that Reader did not write, strictly: what Python's `json` would turn into a
traceback later, or silently read one way when another parser reads it another, is kept in
the tree as a flaw and reported with where it is (`loads`, then `first_flaw`).

Flaws: numbers too long to be anything but an attack (Python refuses integers over 4,300
digits with a `ValueError`), `NaN` and `Infinity` (not JSON, though `json` accepts them) and
numbers that overflow to infinity, a key given twice in one object (which value is meant?),
strings holding an unpaired surrogate such as `"\\ud800"` (valid JSON escapes, but not text:
SQLite and every encoder refuse them), and nesting deeper than a limit. Nesting too deep for
the parser itself raises `JsonError`, as does invalid JSON.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

MAX_NUMBER_CHARS = 40  # longer numbers are flaws, never converted (linear time, no limit hit)
_SURROGATE = re.compile("[\ud800-\udfff]")
_PLAIN_KEY = re.compile(r"@?[A-Za-z_][A-Za-z0-9_:-]{0,39}")


class JsonError(ValueError):
    """The text is not JSON this module can read; the message says why, in one line."""


@dataclass(frozen=True, slots=True)
class Flaw:
    """Stands in the tree where a value could not be taken as it is."""

    why: str


class KeyedTwice(dict[str, object]):
    """A JSON object in which at least one key appears more than once (the last value kept,
    as `json` does); `repeated` names them."""

    repeated: tuple[str, ...] = ()


def loads(text: str) -> object:
    """Parse `text`; flaws are left in the tree for `first_flaw` to find."""
    try:
        return json.loads(
            text, parse_int=_integer, parse_float=_real, parse_constant=_constant,
            object_pairs_hook=_object,
        )  # fmt: skip
    except json.JSONDecodeError as exc:
        raise JsonError(f"not valid JSON (line {exc.lineno}, column {exc.colno})") from exc
    except RecursionError as exc:
        raise JsonError("the JSON is nested too deeply") from exc


def _integer(digits: str) -> int | Flaw:
    if len(digits) > MAX_NUMBER_CHARS:
        return Flaw(f"is a number of {len(digits.lstrip('-')):,} digits")
    return int(digits)


def _real(literal: str) -> float | Flaw:
    if len(literal) > MAX_NUMBER_CHARS:
        return Flaw(f"is a number written with {len(literal):,} characters")
    value = float(literal)
    if not math.isfinite(value):
        return Flaw(f"is {literal}, too large for any number")
    return value


def _constant(name: str) -> Flaw:
    return Flaw(f"is {name}, which is not a JSON number")


def _object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    found = dict(pairs)
    if len(found) == len(pairs):
        return found
    twice = KeyedTwice(found)
    seen: set[str] = set()
    repeated: list[str] = []
    for key, _ in pairs:
        if key in seen:
            repeated.append(key)
        seen.add(key)
    twice.repeated = tuple(dict.fromkeys(repeated))
    return twice


_KINDS: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (bool, "true or false"), (type(None), "null"), ((int, float), "a number"),
    (str, "a string"), (list, "an array"), (dict, "an object"),
)  # fmt: skip


def kind(value: object) -> str:
    """The JSON name of a value's type, for messages."""
    return next((name for types, name in _KINDS if isinstance(value, types)), "not JSON")


def has_surrogate(text: str) -> bool:
    """Whether `text` holds an unpaired surrogate (JSON's `\\ud800`): not encodable text."""
    return not text.isascii() and _SURROGATE.search(text) is not None


def first_flaw(node: object, max_depth: int) -> tuple[str, str] | None:
    """(where, why) of the first flaw in `node`, depth first, or None. `where` is a path
    such as `target.selector[1].start` (empty for `node` itself)."""
    stack: list[tuple[object, str, int]] = [(node, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if isinstance(value, Flaw):
            return where, value.why
        if isinstance(value, str):
            if has_surrogate(value):
                return where, "holds an unpaired surrogate (such as \\ud800), which is not text"
            continue
        if not isinstance(value, (dict, list)):
            continue
        if depth >= max_depth:
            return where, f"is nested more than {max_depth} levels deep"
        if isinstance(value, KeyedTwice):
            return where, f"gives the key {shown(value.repeated[0])} more than once"
        children: list[tuple[object, str, int]] = []
        if isinstance(value, list):
            children = [(v, f"{where}[{n}]", depth + 1) for n, v in enumerate(value)]
        else:
            for key, child in value.items():
                if has_surrogate(key):
                    return where, "has a key holding an unpaired surrogate, which is not text"
                part = key if _PLAIN_KEY.fullmatch(key) else f"[{shown(key, 30)}]"
                children.append((child, f"{where}.{part}" if where else part, depth + 1))
        stack.extend(reversed(children))
    return None


def shown(text: str, limit: int = 60) -> str:
    """`text` quoted for a one-line message: control characters (newlines, escapes that
    retitle a terminal) and surrogates written as escapes, cut to `limit` characters."""
    cut = text[:limit]
    quoted = json.dumps(cut, ensure_ascii=False)
    quoted = "".join(
        c if c.isprintable() and not has_surrogate(c) else f"\\u{ord(c):04x}" for c in quoted
    )
    return quoted[:-1] + '…"' if len(text) > limit else quoted
