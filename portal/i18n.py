"""Translations: English and German catalogues, loaded from the .po files at start.

The .po files are the source; they are compiled in memory when first needed, so there is no
build step and no binary file in the repository.
"""
from __future__ import annotations

import io
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LANGUAGES = {"en": "English", "de": "Deutsch"}
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).parent / "locale"


@lru_cache(maxsize=None)
def translations(lang: str) -> NullTranslations:
    """The catalogue for a language; English is the source language and needs none."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang == DEFAULT_LANGUAGE or not po.exists():
        return NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(fp=buf)


def negotiate(accept_language: str | None) -> str | None:
    """Pick a supported language from an Accept-Language header, by quality."""
    if not accept_language:
        return None
    choices = []
    for index, part in enumerate(accept_language.split(",")):
        piece = part.strip().split(";")
        tag = piece[0].strip().lower()
        quality = 1.0
        for param in piece[1:]:
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        choices.append((-quality, index, tag))
    for _, _, tag in sorted(choices):
        primary = tag.split("-")[0]
        if primary in LANGUAGES:
            return primary
    return None


# The language of the current request (or of the mail being written): read by _() everywhere.
_language: ContextVar[str] = ContextVar("language", default=DEFAULT_LANGUAGE)


def current_language() -> str:
    return _language.get()


@contextmanager
def use_language(lang: str):
    """Render in `lang` for the duration of the block (a request, a mail to one member)."""
    token = _language.set(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _language.reset(token)


def set_language(lang: str) -> None:
    _language.set(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)


def _(message: str, **params) -> str:
    """Translate into the current language; %(name)s placeholders are filled from params."""
    text = translations(_language.get()).gettext(message)
    return text % params if params else text


def ngettext(singular: str, plural: str, n: int, **params) -> str:
    text = translations(_language.get()).ngettext(singular, plural, n)
    params.setdefault("num", n)
    return text % params


# Jinja's newstyle gettext fills the placeholders itself (escaping the values), so templates get
# these, which only translate.
def gettext_for_templates(message: str) -> str:
    return translations(_language.get()).gettext(message)


def ngettext_for_templates(singular: str, plural: str, n: int) -> str:
    return translations(_language.get()).ngettext(singular, plural, n)
