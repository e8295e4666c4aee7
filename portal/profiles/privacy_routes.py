"""The member's privacy center: consents and their history, the access log, export and erasure."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from portal import i18n, settings
from portal.accounts import sso
from portal.errors import Invalid, NotFound
from portal.pagination import page_number
from portal.profiles import access_log, consents, erasure, export
from portal.web.forms import form_data, redirect, require_member, require_ticked
from portal.web.middleware import SESSION_COOKIE, cookie_name
from portal.web.templating import flash, render


async def privacy_center(request: Request):
    member = require_member(request)
    if request.method == "POST":
        form = await form_data(request)
        choices = {name: form.get(f"consent_{name}") == "on" for name in consents.PURPOSES}
        changed = await consents.set_consents(member, choices)
        flash(request, i18n._("Your choices are saved.") if changed else i18n._("Nothing changed."))
        return redirect("/me/privacy")
    return await render(request, "profiles/privacy.html", {
        "purposes": consents.PURPOSES,
        "given": await consents.current(member),
        "history": await consents.history(member),
        "log": await access_log.entries(member, page_number(request.query_params.get("page"))),
        "actions": access_log.ACTIONS,
        "who": access_log.who, "what": access_log.what,
        "links": await sso.links_of(member),
        "sso_name": sso.provider_name(),
    })


async def export_page(request: Request):
    require_member(request)
    return await render(request, "profiles/export.html", {"version": export.VERSION})


async def export_download(request: Request):
    member = require_member(request)
    kind = request.path_params["kind"]
    if kind not in ("json", "zip"):
        raise NotFound()
    return download(await export.build(member, member.pk), kind, export.filename(member, kind))


def download(document: dict, kind: str, filename: str) -> Response:
    """An export as a file download: "json" or "zip" (of CSV files)."""
    body, media = ((export.as_zip(document), "application/zip") if kind == "zip"
                   else (export.as_json(document), "application/json"))
    return Response(body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


async def delete_account(request: Request):
    member = require_member(request)
    session = request.state.session
    context = {"has_password": bool(member.password_hash), "errors": {},
               "fresh_sso": erasure.can_confirm_with_sso(session), "sso_name": sso.provider_name()}
    if request.method == "GET":
        return await render(request, "profiles/delete.html", context)
    form = await form_data(request)
    try:
        require_ticked(form, "understood")
        await erasure.erase_self(member, password=form.get("password", ""), session=session)
    except Invalid as exc:
        context["errors"] = exc.errors
        return await render(request, "profiles/delete.html", context, status=422)
    flash(request, i18n._("Your account is deleted and your personal data erased. Goodbye, and thank you."))
    response = redirect("/")
    response.delete_cookie(cookie_name(SESSION_COOKIE), path="/", secure=settings.current().https,
                           httponly=True, samesite="lax")
    return response


async def remove_login(request: Request):
    member = require_member(request)
    try:
        await sso.remove_link(member, int(request.path_params["link_id"]))
    except Invalid as exc:
        flash(request, i18n._(next(iter(exc.errors.values()))), "error")
        return redirect("/me/privacy")
    flash(request, i18n._("The login is no longer linked."))
    return redirect("/me/privacy")


routes = [
    Route("/me/privacy", privacy_center, methods=["GET", "POST"]),
    Route("/me/export", export_page),
    Route("/me/export.{kind:str}", export_download),
    Route("/me/delete", delete_account, methods=["GET", "POST"]),
    Route("/me/logins/{link_id:int}/remove", remove_login, methods=["POST"]),
]
