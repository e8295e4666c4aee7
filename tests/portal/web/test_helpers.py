"""The shared helpers: Markdown cleaning, language negotiation, pagination, safe redirects."""
import re

import pytest

from portal import i18n
from portal.markdown import render_markdown, stored_html, with_html
from portal.pagination import page_number
from portal.web.forms import safe_next


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    '<img src=x onerror="alert(1)">',
    "<a href='x' onclick='alert(1)'>x</a>",
])
def test_markdown_renders_user_html_inert(text):
    html = str(render_markdown(text))
    # Raw HTML is shown as text, never as markup; dangerous links are not links.
    assert "<script" not in html and "<img" not in html and not re.search(r"<[^>]*onclick", html)
    assert 'href="javascript' not in html and "<a href='x'" not in html


def test_markdown_keeps_formatting_and_demotes_headings():
    html = str(render_markdown("# Title\n\n**bold** and [a link](https://example.org)"))
    assert "<h3>Title</h3>" in html and "<strong>bold</strong>" in html
    assert 'rel="nofollow ugc noopener"' in html


def test_with_html_keeps_the_cleaned_html_beside_each_source_and_none_for_empty_text():
    values = with_html(body="**bold** <script>alert(1)</script>", note="")
    assert values["body"] == "**bold** <script>alert(1)</script>"
    assert values["body_html"] == str(render_markdown(values["body"]))
    assert "<strong>bold</strong>" in values["body_html"] and "<script" not in values["body_html"]
    assert (values["note"], values["note_html"]) == ("", "")
    # Templates print it as markup, unescaped; nothing stored prints nothing.
    assert str(stored_html(values["body_html"])) == values["body_html"] and stored_html(None) == ""


@pytest.mark.parametrize("header,expected", [
    ("de-DE,de;q=0.9,en;q=0.8", "de"),
    ("fr-FR, en;q=0.5, de;q=0.7", "de"),
    ("fr", None),
    ("", None),
    ("en-GB", "en"),
])
def test_language_negotiation(header, expected):
    assert i18n.negotiate(header) == expected


def test_german_catalogue_translates():
    with i18n.use_language("de"):
        assert i18n._("Page not found") != "Page not found"


@pytest.mark.parametrize("target,expected", [
    ("/me", "/me"), ("//evil.example", "/"), ("https://evil.example", "/"), ("/\\evil", "/"), (None, "/"),
])
def test_only_local_paths_are_followed(target, expected):
    assert safe_next(target) == expected


@pytest.mark.parametrize("value,expected", [("3", 3), ("-1", 1), ("x", 1), (None, 1), ("99999999", 100000)])
def test_page_numbers_are_sane(value, expected):
    assert page_number(value) == expected
