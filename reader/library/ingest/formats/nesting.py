"""Capping how deeply an HTML page nests its elements, before it is parsed.

An HTML5 parser checks, for most start and end tags, whether some element is "in scope":
a walk down the stack of open elements. So its time grows with the nesting depth times the
number of tags, and 2 MB of `<div>` (420,000 levels) would take minutes in Lexbor, inside
one call that nothing can stop. Browsers cap the depth (Chrome at 512); so does this. One
linear pass counts the elements that stay open (not void elements, nor those whose end tag
is optional and implied, such as `<p>` and `<li>`, which do not deepen the tree), skipping
comments and the text of raw-text elements (`<script>`, `<style>`, ...). Start tags past
`MAX_NESTING` open elements are removed, with as many end tags after them: their text
stays where it was, only their structure is gone (which the reader drops past
`html.MAX_DEPTH` anyway).
"""

from __future__ import annotations

import re

from reader.library.ingest.budget import UNLIMITED, Budget

MAX_NESTING = 512
_TAG = re.compile(r"<(?:(!--)|(/?)([A-Za-z][^\s/>]*))")
_TAG_END = re.compile(r"""(?:[^>"']++|"[^"]*+"|'[^']*+')*+>""")
_OPEN = re.compile(r"<[A-Za-z/!]")
NOT_NESTING = frozenset({
    # void elements
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image",
    # end tags optional and implied by a sibling (they do not deepen the tree)
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp",
    "rtc", "thead", "tbody", "tfoot", "colgroup", "caption", "html", "head", "body",
})  # fmt: skip
RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed",
            "noframes", "noscript", "plaintext")  # fmt: skip
_RAW_END = {name: re.compile(rf"</{name}", re.I) for name in RAW_TEXT}


class _Counter:
    """The open elements so far, and the tags to cut."""

    def __init__(self) -> None:
        self.depth = 0
        self.removed = 0  # start tags cut whose end tags are still to come
        self.cuts: list[tuple[int, int]] = []

    def tag(self, closing: bool, start: int, end: int) -> None:
        if closing:
            if self.removed:
                self.cuts.append((start, end))
                self.removed -= 1
            elif self.depth:
                self.depth -= 1
        elif self.depth < MAX_NESTING:
            self.depth += 1
        else:
            self.cuts.append((start, end))
            self.removed += 1


def cap_nesting(html: str, budget: Budget = UNLIMITED) -> tuple[str, int]:
    """`html` with start tags past `MAX_NESTING` open elements removed (and as many end
    tags after them), and how many tags were removed. Linear in `html`."""
    if html.count("<") <= MAX_NESTING:  # cannot nest that deep: nothing to look at
        return html, 0
    counter = _Counter()
    at = 0
    while match := _TAG.search(html, at):
        budget.tick()
        if match.group(1):  # a comment: on past its end
            end = html.find("-->", match.end())
            if end < 0:
                break
            at = end + 3
            continue
        closing, name = bool(match.group(2)), match.group(3).lower()
        tag_end = _TAG_END.match(html, match.end())
        at = tag_end.end() if tag_end else len(html)
        if name in NOT_NESTING:
            continue
        if not closing and name in _RAW_END:  # its text is not markup
            raw_end = _RAW_END[name].search(html, at)
            at = raw_end.start() if raw_end else len(html)
            counter.depth += 1  # its end tag comes next, and is counted as usual
            continue
        counter.tag(closing, match.start(), at)
    cuts = counter.cuts
    if not cuts:
        return html, 0
    parts, last = [], 0
    for start, end in cuts:
        parts.append(html[last:start])
        last = end
    parts.append(html[last:])
    return "".join(parts), len(cuts)
