"""Notes are Markdown: stored as typed, shown as HTML rendered by markdown-it-py and then
passed through the one sanitiser with its note rules, so a note can never carry a script, a
resource, a tooltip (a link's Markdown title would be one, and Qt renders tooltips as rich
text) or a `javascript:` link to the screen."""

from __future__ import annotations

from html import escape

from markdown_it import MarkdownIt

from reader.library.display.sanitize import sanitize_html

# CommonMark with strikethrough; raw HTML in a note is shown as text, not markup. Images
# are turned into their alt text by the sanitiser (no tag that loads a resource survives).
_MD = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("strikethrough")
MAX_RENDERED_CHARS = 100_000  # longer notes are previewed in part, as plain text (kept whole)


def render_note(text: str) -> str:
    """Sanitised HTML for a Markdown note."""
    if len(text) > MAX_RENDERED_CHARS:
        more = len(text) - MAX_RENDERED_CHARS
        shown = escape(text[:MAX_RENDERED_CHARS])
        return sanitize_html(
            f"<pre>{shown}</pre><p><em>… {more:,} more characters (the note is kept whole; "
            "long notes are shown as plain text)</em></p>",
            note=True,
        )
    return sanitize_html(_MD.render(text), note=True)
