"""The HTML the reading pane is given for an article (and `reader show --format html`).

Built from escaped text, then passed through the one sanitiser, so nothing a file contains
can reach the pane as markup. Styling lives in `resources/reader.css`.
"""

from __future__ import annotations

from html import escape
from pathlib import PurePath
from urllib.parse import urlsplit

from reader.library.articles.views import TopicRef
from reader.library.display.sanitize import sanitize_html
from reader.library.ingest.prose import reading_minutes


def article_html(
    title: str, dateline: str | None, body: str, words: int, topics: tuple[TopicRef, ...], *,
    body_html: str | None = None, byline: str | None = None, link: str | None = None,
    source: str | None = None, tags: tuple[str, ...] = (),
) -> str:  # fmt: skip
    """A complete, sanitised HTML fragment: title, meta line, then one block per line of
    `body`: its paragraphs, or for HTML and Markdown articles their stored `body_html`
    (built so that its blocks are exactly the lines of `body`, see
    `reader.library.ingest.blocks`). The meta line ends with where the article came from:
    its `link` (an http(s) address, shown by its host, a link that opens it) or else the
    name of its `source` file."""
    meta = [escape(byline)] if byline else []
    meta += [escape(t.label) for t in topics]
    meta += [f"#{escape(tag)}" for tag in tags]  # the reader's own, after the topics
    meta.append(f"{reading_minutes(words)} min read")
    meta.append(f"{words:,} words")
    if link:
        host = urlsplit(link).hostname or link
        meta.append(f'<a href="{escape(link)}">{escape(host.removeprefix("www."))}</a>')
    elif source:
        meta.append(escape(PurePath(source).name or source))
    parts = [
        f'<h1 class="title">{escape(title)}</h1>',
        f'<p class="meta">{" · ".join(meta)}</p>',
    ]
    if body_html is not None:
        return sanitize_html("\n".join(parts) + body_html, pictures="library")
    for index, paragraph in enumerate(body.split("\n")):
        lead = ""
        if index == 0 and dateline:
            lead = f'<span class="dateline">{escape(dateline)}</span> – '
        parts.append(f"<p>{lead}{escape(paragraph)}</p>")
    return sanitize_html("\n".join(parts))
