"""The Jinja2 environment shared by pages and mail: each package's templates, gettext, autoescaping
and our filters. Nothing here knows about a request: pages are rendered through
portal/web/templating.py (which adds the page context), mail through portal/notify/mail.py."""
from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date, format_datetime, format_timedelta
from babel.numbers import format_decimal, format_percent
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from portal import i18n
from portal.accounts.permissions import can
from portal.clock import now
from portal import navigation
from portal.markdown import snippet, stored_html
from portal.profiles import avatars
from portal.profiles.names import public_name

# Packages whose templates/ folders are searched, in this order: the core, then the installed
# features (see install).
_packages: list[str] = ["portal"]
_globals: dict[str, object] = {}


def install(packages: Iterable[str], template_globals: Mapping[str, object]) -> None:
    """Search the installed features' templates/ folders and give every template the values
    they declare (the idea board: its status labels)."""
    _packages[:] = list(packages)
    _globals.clear()
    _globals.update(template_globals)
    environment.cache_clear()


def _template_dirs() -> list[Path]:
    dirs = []
    for name in _packages:
        spec = importlib.util.find_spec(name)
        if spec and spec.origin:
            folder = Path(spec.origin).parent / "templates"
            if folder.is_dir():
                dirs.append(folder)
    return dirs


# The same moments (when an idea or a comment was written) are shown on page after page: each is
# formatted once per language, and relative times ("3 hours ago") once per phrase. Babel parses
# the locale and the pattern on every call, which made dates a fifth of a board's rendering.
@lru_cache(maxsize=8192)
def _formatted(value: datetime, format: str, language: str, date_only: bool = False) -> str:
    if date_only:
        return format_date(value.astimezone(timezone.utc).date(), format=format, locale=language)
    return format_datetime(value, format=format, locale=language, tzinfo=timezone.utc)


@lru_cache(maxsize=4096)
def _relative(seconds: int, language: str) -> str:
    return format_timedelta(timedelta(seconds=seconds), add_direction=True, locale=language)


def _when(value: datetime | None, format: str = "medium") -> str:
    if value is None:
        return ""
    return _formatted(value, format, i18n.current_language())


def _day(value: datetime | None, format: str = "medium") -> str:
    """A date without its time, as the reader's language writes it ("05.12.2026", "Dec 5, 2026";
    "short": "05.12.26", "12/5/26")."""
    if value is None:
        return ""
    return _formatted(value, format, i18n.current_language(), date_only=True)


# Counts (likes, answers, votes) repeat on every line of a list, and Babel parses the locale and
# pattern on each call: a thread page's 50 like counts were a tenth of its rendering.
@lru_cache(maxsize=8192)
def _decimal(value: float | int, pattern: str | None, language: str) -> str:
    return format_decimal(value, format=pattern, locale=language)


def _number(value: float | int | None, digits: int | None = None) -> str:
    """A number as the reader's language writes it ("1.234,5" in German); `digits` fixes the
    decimals shown."""
    if value is None:
        return ""
    pattern = None if digits is None else "#,##0." + "0" * digits if digits else "#,##0"
    return _decimal(value, pattern, i18n.current_language())


def _percent(value: float | None) -> str:
    """A share (0.25) as the reader's language writes a percentage ("25 %" in German)."""
    if value is None:
        return "—"
    return format_percent(value, locale=i18n.current_language())


def _ago(value: datetime | None) -> str:
    if value is None:
        return ""
    seconds = (value - now()).total_seconds()
    if abs(seconds) < 45:  # not "in 0 seconds" for what was written a moment ago
        return i18n._("just now")
    # Past an hour the phrase counts hours or more: to the minute is exact enough, and repeats.
    step = 1 if abs(seconds) < 3600 else 60
    return _relative(round(seconds / step) * step, i18n.current_language())


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in _template_dirs()]),
        # Starlette does not turn autoescape on for an Environment we build ourselves.
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Added by the i18n extension at run time, so Jinja2's types do not know it.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=i18n.gettext_for_templates, ngettext=i18n.ngettext_for_templates, newstyle=True)
    env.filters["when"] = _when
    env.filters["ago"] = _ago
    env.filters["day"] = _day
    env.filters["number"] = _number
    env.filters["percent"] = _percent
    # User Markdown is rendered (and cleaned) once, when it is written: pages print the stored HTML.
    env.filters["stored_html"] = stored_html
    env.globals["snippet"] = snippet
    # A message id (or an already filled-in message) from Python code, translated but never used
    # as a format string, so a value typed by a user cannot break it.
    env.filters["translated"] = i18n.gettext_for_templates
    env.globals["LANGUAGES"] = i18n.LANGUAGES
    # Templates only ask, to show or hide a link; the services enforce the same permission.
    env.globals["can"] = can
    # A member's name as others see it, or None for a former member (portal/profiles/names.py).
    env.globals["public_name"] = public_name
    env.filters["public_name"] = public_name
    env.globals["nav_links"] = navigation.links
    env.globals["site_pitches"] = navigation.pitches
    # The generated avatar's look (templates/_people.html draws it).
    env.globals["avatar_initials"] = avatars.initials
    env.globals["avatar_colour"] = avatars.colour
    env.globals.update(_globals)
    return env


def render_string(name: str, context: dict) -> str:
    return environment().get_template(name).render(context)
