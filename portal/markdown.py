"""The Markdown helper every feature uses for user text: markdown-it-py, then nh3 cleaning.

User text is rendered once, when it is written: beside each Markdown source column (`body`) a
`<source>_html` column (`body_html`) keeps its cleaned HTML, and every service that writes the
source writes both through `with_html`, so blanking or replacing the text replaces the HTML in the
same statement. Pages print the stored HTML through the `stored_html` filter (portal/rendering.py)
and never render Markdown while they are viewed. The stored HTML is derived data: exports carry
the source text only (portal/personal_data.py skips `is_stored_html` columns)."""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Container, Sequence
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"])

ALLOWED_TAGS = {"p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li",
                "a", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td", "img"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height", "loading"}}
# The only pictures user text may show: those uploaded to the forums (portal/images.py names them).
# A picture from anywhere else would tell its server who reads the page, and when.
OWN_IMAGE_RE = re.compile(r"^/forum-images/[A-Za-z0-9_-]{22}\.webp$")


def _image(renderer, tokens, idx, options, env) -> str:
    # Markdown's ![alt](src): one of our own pictures becomes an <img>; any other source only
    # its description, as text.
    token = tokens[idx]
    alt = renderer.renderInlineAsText(token.children or [], options, env)
    src = str(token.attrGet("src") or "")
    if not OWN_IMAGE_RE.match(src):
        return html.escape(alt)
    return f'<img src="{html.escape(src)}" alt="{html.escape(alt)}" loading="lazy">'


_md.add_render_rule("image", _image)


def _own_images_only(tag: str, attribute: str, value: str) -> str | None:
    # nh3's last word: whatever the renderer made, an <img> keeps only a source of ours.
    if tag == "img" and attribute == "src" and not OWN_IMAGE_RE.match(value):
        return None
    if tag == "img" and attribute == "loading" and value != "lazy":
        return None
    return value
# The stored HTML of a source column `body` is in `body_html`.
HTML_SUFFIX = "_html"


def _demote_headings(html: str) -> str:
    # User headings must not compete with the page's own h1/h2.
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return html


def render_markdown(text: str | None) -> Markup:
    """User Markdown as safe HTML: raw HTML is not rendered, and the result is cleaned by nh3.
    Pictures show only from our own /forum-images/ (any other source leaves its description)."""
    html = _demote_headings(_md.render(text or ""))
    cleaned = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, attribute_filter=_own_images_only,
                        url_schemes={"http", "https", "mailto"}, link_rel="nofollow ugc noopener")
    return Markup(cleaned)  # cleaned by nh3 just above


# Values typed Any: mypy checks a `**` dict against every keyword of Model.create(), using_db too.
def with_html(**sources: str) -> dict[str, Any]:
    """Each Markdown source with its rendered HTML beside it, ready for `Model.create(**…)`,
    `.update(**…)` or setattr: `with_html(body="**hi**")` is
    `{"body": "**hi**", "body_html": "<p><strong>hi</strong></p>\\n"}`. Empty text stores no HTML,
    so a blanked source leaves nothing behind."""
    values: dict[str, Any] = {}
    for name, text in sources.items():
        values[name] = text
        values[name + HTML_SUFFIX] = str(render_markdown(text)) if text else ""
    return values


def stored_html(html: str | None) -> Markup:
    """The `stored_html` template filter: a `*_html` column as markup. Only for what `with_html`
    wrote (rendered and cleaned by nh3 at write time), never for text a user typed."""
    return Markup(html or "")  # cleaned by nh3 when it was written (with_html)


def is_stored_html(name: str, column_names: Container[str]) -> bool:
    """Whether column `name` holds the stored HTML of a source column among `column_names`."""
    return name.endswith(HTML_SUFFIX) and name.removesuffix(HTML_SUFFIX) in column_names


async def fill_stored_html(connection, table: str, source: str, key: str = "id", *, batch: int = 500) -> int:
    """Render the stored HTML of every row of `table` whose `source` is not empty (a migration's
    data step, for rows written before the HTML column existed); returns how many rows."""
    return await fill_derived(connection, table, source, source + HTML_SUFFIX,
                              lambda text: str(render_markdown(text)), key, batch=batch)


async def fill_derived(connection, table: str, source: str, column: str, derive: Callable[[str], str],
                       key: str = "id", *, batch: int = 500) -> int:
    """Write `derive(source)` into `column` for every row of `table` whose `source` is not empty
    (a migration's data step for a column derived when the text is written); returns how many rows.
    Plain SQL on the migration's connection, in batches by key, on SQLite and PostgreSQL alike."""
    sqlite = connection.capabilities.dialect == "sqlite"
    marks = ("?", "?") if sqlite else ("$1", "$2")
    done, last = 0, None
    while True:
        after = f' AND "{key}" > {marks[0]}' if last is not None else ""
        rows = await connection.execute_query_dict(
            f'SELECT "{key}" AS k, "{source}" AS s FROM "{table}" WHERE "{source}" <> \'\'{after} '
            f'ORDER BY "{key}" LIMIT {int(batch)}', [last] if last is not None else None)
        if not rows:
            return done
        await connection.execute_many(
            f'UPDATE "{table}" SET "{column}" = {marks[0]} WHERE "{key}" = {marks[1]}',
            [[derive(row["s"]), row["k"]] for row in rows])
        done += len(rows)
        last = rows[-1]["k"]


SNIPPET_CHARS = 180
# A card's excerpt: two lines on a desktop card, kept beside the text when it is written.
EXCERPT_CHARS = 200


def plain_text(text: str | None) -> str:
    """What a reader sees of Markdown, without its marks: "**Akku** _schonen_" is "Akku schonen"."""
    rendered = nh3.clean(_md.render(text or ""), tags=set())  # every tag dropped, text kept
    return " ".join(html.unescape(rendered).split())


def _cut(plain: str, limit: int) -> tuple[str, bool]:
    """Plain text shortened to at most `limit` characters at a word boundary, and whether it was."""
    if len(plain) <= limit:
        return plain, False
    return plain[:limit].rsplit(" ", 1)[0].rstrip(",;:.-–"), True


def excerpt(text: str | None) -> str:
    """The start of Markdown as plain text, cut at a word with an ellipsis (an idea card's two
    lines). Services store it beside the text when it is written, as they store its HTML."""
    plain, cut = _cut(plain_text(text), EXCERPT_CHARS)
    return plain + ("…" if cut else "")


def snippet(text: str | None, words: Sequence[str] = (), *, cut: bool = False) -> Markup:
    """A short plain-text excerpt of Markdown for a list (search results): cut at a word boundary
    with an ellipsis (also when `cut` says the text was already shortened), the reader's `words`
    marked where a word of the text starts with one of them ("akku" marks "Akkus")."""
    plain, shortened = _cut(plain_text(text), SNIPPET_CHARS)
    if shortened:
        cut = True
    elif cut and " " in plain:  # the stored text ended mid-word: drop the broken last word
        plain = plain.rsplit(" ", 1)[0]
    pattern = "|".join(re.escape(word) for word in words if len(word) >= 2)
    parts = re.split(rf"\b((?:{pattern})\w*)", plain, flags=re.IGNORECASE) if pattern else [plain]
    # Every part is escaped; only the <mark> around the matches is ours.
    marked = "".join(f"<mark>{html.escape(part)}</mark>" if n % 2 else html.escape(part)
                     for n, part in enumerate(parts))
    return Markup(marked + ("…" if cut else ""))  # escaped just above
