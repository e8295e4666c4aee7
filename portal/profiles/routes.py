"""Pages of the profile: /me to edit it (with visibility and notification choices), /u/{handle}
to see it as the viewer may, and the language switch."""
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
from portal.profiles import activity, service
from portal.profiles.fields import (BY_NAME, CHOOSABLE, DIGEST_CHOICES, EDITABLE, VISIBILITY_LABELS,
                                    VISIBILITY_LEVELS, visibility_of)
from portal.profiles.names import staff_roles
from portal.web.forms import form_data, member_of, redirect, require_member, safe_next
from portal.web.middleware import LANG_COOKIE
from portal.web.templating import flash, render


def country_choices() -> list[tuple[str, str]]:
    return _countries_in(i18n.current_language())


@lru_cache(maxsize=len(i18n.LANGUAGES))
def _countries_in(lang: str) -> list[tuple[str, str]]:
    """(code, name) of every country, named and sorted in `lang` (built once per language)."""
    names = Locale(lang).territories
    return sorted(((code, names.get(code, name)) for code, name in service.countries().items()),
                  key=lambda pair: pair[1])


def _form_from(member, profile) -> dict:
    return {
        "display_name": member.display_name, "handle": member.handle or "", "bio": profile.bio,
        "company": profile.company, "country": profile.country, "interests": ", ".join(profile.interests or []),
        "language": member.language, "digest": profile.digest,
        "visibility": {name: visibility_of(profile, name) for name in CHOOSABLE},
        "notifications": {name: preference(profile, kind) for name, kind in KINDS.items()},
    }


def _changes_from(form: dict) -> dict:
    """Turn the flat form into the service's shape (visibility and notification choices nested)."""
    changes = {name: form.get(name, "") for name in (*EDITABLE, "digest")}
    changes["visibility"] = {name: form.get(f"visibility_{name}", "") for name in CHOOSABLE}
    changes["notifications"] = {
        name: {"in_app": form.get(f"notify_{name}_in_app") == "on", "mail": form.get(f"notify_{name}_mail") == "on"}
        for name in KINDS}
    return changes


def _edit_context(form: dict, errors: dict) -> dict:
    return {"form": form, "errors": errors, "fields": BY_NAME, "choosable": CHOOSABLE,
            "levels": VISIBILITY_LEVELS, "level_labels": VISIBILITY_LABELS, "countries": country_choices(),
            "kinds": KINDS, "digest_choices": DIGEST_CHOICES}


async def edit_profile(request: Request):
    member = require_member(request)
    profile = await service.get_profile(member)
    if request.method == "GET":
        return await render(request, "profiles/edit.html", _edit_context(_form_from(member, profile), {}))
    form = await form_data(request)
    changes = _changes_from(form)
    try:
        await service.update_profile(member, changes)
    except Invalid as exc:
        # Keep what was typed: rebuild the form from the submission, not from the database.
        kept = {**changes, "interests": form.get("interests", "")}
        return await render(request, "profiles/edit.html", _edit_context(kept, exc.errors), status=422)
    i18n.set_language(member.language)
    flash(request, i18n._("Your profile is saved."))
    return redirect("/me")


async def show_profile(request: Request):
    viewer = member_of(request)
    member = await service.get_by_handle(request.path_params["handle"])
    visible = await service.view(viewer, member, html=True)
    countries = dict(country_choices())
    return await render(request, "profiles/show.html", {
        "person": member, "visible": visible, "is_self": viewer is not None and viewer.pk == member.pk,
        "country_name": countries.get(visible.get("country") or "", ""),
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
    Route("/u/{handle}", show_profile),
    Route("/language", switch_language, methods=["POST"]),
]
