"""Pages of the profile: /me in short sections, each with its own form and save (the profile
itself here, the picture in avatar_routes.py, password and email in accounts/routes.py, sessions
and tokens there too), /u/{handle} to see a profile as the viewer may, and the language switch."""
from __future__ import annotations

from functools import lru_cache

from babel import Locale
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from portal import i18n, settings
from portal.errors import Invalid
from portal.notify.kinds import KINDS
from portal.notify.service import preference
from portal.profiles import activity, interests, service
from portal.profiles.fields import (BY_NAME, CHOOSABLE, DIGEST_CHOICES, EDITABLE, VISIBILITY_LABELS,
                                    VISIBILITY_LEVELS, visibility_of)
from portal.profiles.names import staff_roles
from portal.web.forms import form_data, member_of, redirect, require_member, safe_next, values_of
from portal.web.middleware import LANG_COOKIE
from portal.web.templating import flash, render

NOTIFICATION_SETTINGS = "/me/notifications/settings"


def country_choices() -> list[tuple[str, str]]:
    return _countries_in(i18n.current_language())


@lru_cache(maxsize=len(i18n.LANGUAGES))
def _countries_in(lang: str) -> list[tuple[str, str]]:
    """(code, name) of every country, named and sorted in `lang` (built once per language)."""
    names = Locale(lang).territories
    return sorted(((code, names.get(code, name)) for code, name in service.countries().items()),
                  key=lambda pair: pair[1])


# -- the profile section ------------------------------------------------------------------------


def profile_form(member, profile, offered: list[tuple[str, str]]) -> dict:
    """The profile section's form as stored: interests split into offered ones (ticked) and the
    rest (typed)."""
    values = {value for value, _ in offered}
    stored = list(profile.interests or [])
    return {
        "display_name": member.display_name, "handle": member.handle or "", "bio": profile.bio,
        "company": profile.company, "country": profile.country, "language": member.language,
        "interests": [tag for tag in stored if tag in values],
        "interests_other": ", ".join(tag for tag in stored if tag not in values),
        "visibility": {name: visibility_of(profile, name) for name in CHOOSABLE},
    }


def _interests_from(form: dict) -> list[str]:
    """The ticked interests, then the typed ones (comma-separated), as one list for the service."""
    typed = [*values_of(form, "interests"), form.get("interests_other", "")]
    return [part for text in typed if isinstance(text, str) for part in text.split(",") if part.strip()]


def profile_context(form: dict, errors: dict, offered: list[tuple[str, str]], avatar_error=None) -> dict:
    """What the profile section's page shows (the avatar forms' error included: avatar_routes.py)."""
    return {"form": form, "errors": errors, "fields": BY_NAME, "choosable": CHOOSABLE,
            "levels": VISIBILITY_LEVELS, "level_labels": VISIBILITY_LABELS, "countries": country_choices(),
            "interest_choices": offered, "avatar_error": avatar_error}


async def edit_profile(request: Request):
    """The profile section: name, handle, about, company, country, interests, language, and who
    sees each. Saves only these; notification choices have their own section."""
    member = require_member(request)
    profile = await service.get_profile(member)
    offered = await interests.choices(i18n.current_language())
    if request.method == "GET":
        return await render(request, "profiles/edit.html", profile_context(profile_form(member, profile, offered), {},
                                                                           offered))
    form = await form_data(request)
    changes: dict = {name: form.get(name, "") for name in EDITABLE}
    changes["interests"] = _interests_from(form)
    changes["visibility"] = {name: form.get(f"visibility_{name}", "") for name in CHOOSABLE}
    try:
        await service.update_profile(member, changes)
    except Invalid as exc:
        # Keep what was typed: rebuild the form from the submission, not from the database.
        kept = {**changes, "interests": values_of(form, "interests"),
                "interests_other": form.get("interests_other", "")}
        return await render(request, "profiles/edit.html", profile_context(kept, exc.errors, offered), status=422)
    i18n.set_language(member.language)
    flash(request, i18n._("Your profile is saved."))
    return redirect("/me")


# -- the notifications section ------------------------------------------------------------------


def _notifications_context(form: dict, errors: dict) -> dict:
    return {"form": form, "errors": errors, "kinds": KINDS, "digest_choices": DIGEST_CHOICES}


async def notification_settings(request: Request):
    """How the member is told about each kind of news, and the mail digest. Saves only these."""
    member = require_member(request)
    profile = await service.get_profile(member)
    if request.method == "GET":
        stored = {"digest": profile.digest,
                  "notifications": {name: preference(profile, kind) for name, kind in KINDS.items()}}
        return await render(request, "profiles/notification_settings.html", _notifications_context(stored, {}))
    form = await form_data(request)
    changes = {
        "digest": form.get("digest", ""),
        "notifications": {name: {"in_app": form.get(f"notify_{name}_in_app") == "on",
                                 "mail": form.get(f"notify_{name}_mail") == "on"} for name in KINDS},
    }
    try:
        await service.update_profile(member, changes)
    except Invalid as exc:
        return await render(request, "profiles/notification_settings.html",
                            _notifications_context(changes, exc.errors), status=422)
    flash(request, i18n._("Your notification settings are saved."))
    return redirect(NOTIFICATION_SETTINGS)


# -- the public profile and the language switch -------------------------------------------------


async def show_profile(request: Request):
    viewer = member_of(request)
    member = await service.get_by_handle(request.path_params["handle"])
    visible = await service.view(viewer, member, html=True)
    countries = dict(country_choices())
    return await render(request, "profiles/show.html", {
        "person": member, "visible": visible, "is_self": viewer is not None and viewer.pk == member.pk,
        "country_name": countries.get(visible.get("country") or "", ""),
        "interest_labels": await interests.labelled(visible.get("interests") or [], i18n.current_language()),
        "staff_roles": staff_roles(member),
        # What the member did, as this viewer may see it: each installed feature's sections.
        "sections": await activity.sections(viewer, member),
    }, shared=True)


async def switch_language(request: Request):
    form = await form_data(request)
    lang = form.get("lang", "")
    if lang not in i18n.LANGUAGES:
        lang = i18n.DEFAULT_LANGUAGE
    member = member_of(request)
    if member is not None:
        await service.set_language(member, lang)
    response: Response = redirect(safe_next(form.get("next")))
    response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, path="/", httponly=True, samesite="lax",
                        secure=settings.current().https)
    return response


routes = [
    Route("/me", edit_profile, methods=["GET", "POST"]),
    Route(NOTIFICATION_SETTINGS, notification_settings, methods=["GET", "POST"]),
    Route("/u/{handle}", show_profile),
    Route("/language", switch_language, methods=["POST"]),
]
