"""The Markdown note preview keeps no attribute that Qt turns into a resource or a tooltip
(Qt shows a `title` as a tooltip, guesses rich text in it and loads an `<img>` named there
itself). Checked on the HTML, then on what Qt's own text document makes of it."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

import pytest

from reader.library.display.note import render_note
from reader.library.display.sanitize import sanitize_html

CANARY = "/dev/zero"
KEPT = {"href", "class", "lang", "dir", "rel"}  # rel: nh3's noopener, on links only

HTML_VECTORS = [
    f'<a href="https://x" title=\'<img src="{CANARY}">\'>link</a>',
    f'<abbr title="<img src={CANARY}>">abbr</abbr>',
    f'<span title="<img src={CANARY}>" style="background:url({CANARY})">span</span>',
    f'<p background="{CANARY}" style="background-image:url(file://{CANARY})">p</p>',
    f'<div style="content:url({CANARY})" id="x" data-src="{CANARY}">div</div>',
    f'<img src="{CANARY}" title="t"><img srcset="{CANARY} 1x">',
    f'<a href="{CANARY}">relative</a><a href="file://{CANARY}">file</a>',
    f'<table background="{CANARY}"><tr><td background="{CANARY}">cell</td></tr></table>',
    f'<q cite="{CANARY}">q</q><blockquote cite="file://{CANARY}">b</blockquote>',
    f'<body background="{CANARY}"><font style="x">f</font></body>',
]
MARKDOWN_VECTORS = [
    f'[link](https://x "<img src={CANARY}>")',
    f"[link](https://x '<img src=\"{CANARY}\">')",
    f'[ref][r]\n\n[r]: https://x "<img src={CANARY}>"',
    f'![alt]({CANARY} "<img src={CANARY}>")',
    f"[rel]({CANARY})",
    f"[file](file://{CANARY})",
    f"<https://x><{CANARY}>",
    f'<a href="https://x" title=\'<img src="{CANARY}">\'>raw html is text</a>',
    f'```html title="<img src={CANARY}>"\ncode\n```',
]


class _Attributes(HTMLParser):
    """Every (tag, attribute, value) of a small, sanitised fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [(tag, name, value or "") for name, value in attrs]


def attributes(html: str) -> Iterator[tuple[str, str, str]]:
    parser = _Attributes()
    parser.feed(html)
    parser.close()
    yield from parser.found


@pytest.mark.parametrize("vector", HTML_VECTORS)
def test_the_note_sanitiser_keeps_no_tooltip_or_resource(vector: str) -> None:
    html = sanitize_html(vector, note=True)
    for tag, name, value in attributes(html):
        assert name in KEPT, (tag, name, html)
        if name == "href":
            assert tag == "a" and value.split(":")[0] in {"http", "https", "mailto"}, html
    assert "<img" not in html


@pytest.mark.parametrize("vector", MARKDOWN_VECTORS)
def test_a_rendered_note_keeps_no_tooltip_or_resource(vector: str) -> None:
    html = render_note(vector)
    for tag, name, value in attributes(html):
        assert name in KEPT, (tag, name, html)
        if name == "href":
            assert value.split(":")[0] in {"http", "https", "mailto"}, html
    assert "<img" not in html  # text that reads "title=" or "<img" is escaped, shown as text


def test_raw_html_in_a_note_is_shown_as_text() -> None:
    html = render_note(MARKDOWN_VECTORS[7])
    assert html.startswith("<p>&lt;a href=") and list(attributes(html)) == []


def test_a_link_title_goes_and_the_link_stays() -> None:
    html = render_note(f'see [the site](https://example.org "<img src={CANARY}>")')
    assert html == (
        '<p>see <a href="https://example.org" rel="noopener noreferrer nofollow">the site</a></p>\n'
    )


def test_a_long_note_preview_follows_the_note_rules_too() -> None:
    html = render_note(f"<a href='https://x' title='<img src={CANARY}>'>x</a> " * 20_000)
    assert html.startswith("<pre>") and list(attributes(html)) == []


def test_qt_finds_no_tooltip_and_loads_nothing(qapp: object) -> None:
    """What Qt's own rich-text engine makes of every vector: no fragment has a tooltip,
    and laying the document out asks for no resource."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    class Recording(QTextDocument):
        def __init__(self) -> None:
            super().__init__()
            self.asked: list[str] = []

        def loadResource(self, kind: int, name: QUrl) -> object:
            self.asked.append(name.toString())
            return None

    for vector in MARKDOWN_VECTORS + HTML_VECTORS:
        document = Recording()
        document.setHtml(render_note(vector))
        document.setTextWidth(400)
        document.size()  # lays it out: images would be asked for now
        block = document.begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                assert fragment.charFormat().toolTip() == "", vector
                assert not fragment.charFormat().isImageFormat(), vector
                iterator += 1
            block = block.next()
        assert document.asked == [], vector
