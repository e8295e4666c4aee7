"""The Markdown helper every feature uses for user text: markdown-it-py, then nh3 cleaning."""
from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"])

ALLOWED_TAGS = {"p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li",
                "a", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td"}


def _demote_headings(html: str) -> str:
    # User headings must not compete with the page's own h1/h2.
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return html


def render_markdown(text: str | None) -> Markup:
    """User Markdown as safe HTML: raw HTML is not rendered, and the result is cleaned by nh3."""
    html = _demote_headings(_md.render(text or ""))
    cleaned = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}},
                        url_schemes={"http", "https", "mailto"}, link_rel="nofollow ugc noopener")
    return Markup(cleaned)  # cleaned by nh3 just above
