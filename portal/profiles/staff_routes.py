"""Staff pages about members: finding one, the customer view, writing to them, and (admins)
exporting or erasing their data on their request."""
from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.routing import Route

from portal import i18n
from portal.accounts import permissions
from portal.errors import Invalid
from portal.pagination import page_number
from portal.profiles import consents, customer_view, erasure, export
from portal.profiles.fields import BY_NAME
from portal.profiles.routes import country_choices
from portal.profiles.privacy_routes import download
from portal.web.forms import form_data, redirect, require_member, require_ticked
from portal.web.templating import flash, render


def _member_id(request: Request) -> int:
    return int(request.path_params["member_id"])


async def find(request: Request):
    staff = require_member(request)
    query = request.query_params.get("q", "")
    found = await customer_view.find_members(staff, query, page_number(request.query_params.get("page")))
    return await render(request, "profiles/staff_members.html", {"q": query, "found": found})


def _bound_to(request: Request) -> str:
    """What a view grant is tied to: this login (the session), so it dies with it."""
    session = getattr(request.state, "session", None)
    return f"session:{session.pk}" if session is not None else "token"


def _view_url(member_id: int, grant: str) -> str:
    return f"/staff/members/{member_id}?{urlencode({'grant': grant})}"


async def show(request: Request, *, errors: dict | None = None, form: dict | None = None, status: int = 200):
    """GET: the customer view under a grant, else the question why (a GET never writes the log)."""
    staff = require_member(request)
    reasons = customer_view.reasons(staff)
    member_id = _member_id(request)
    grant = (form or {}).get("grant") or request.query_params.get("grant", "")
    view = await customer_view.view(staff, member_id, grant, bound_to=_bound_to(request))
    if view is None:
        # Ask first: the reason is written to the member's access log. (A form sent after the
        # grant ran out lands here too; its error, if about the reason, shows on this form.)
        return await _ask_why(request, member_id, reasons, errors, status)
    return await render(request, "profiles/customer_view.html", {
        **view, "purposes": consents.PURPOSES, "fields": BY_NAME,
        "reason_choices": [(key, i18n._(label)) for key, label in reasons.items()],
        "country_name": dict(country_choices()).get(view["visible"].get("country") or "", ""),
        "errors": errors or {}, "form": form or {},
        "may_contact": permissions.can(staff, "members.contact"),
        "may_erase": permissions.can(staff, "members.erase"),
    }, status=status)


async def _ask_why(request: Request, member_id: int, reasons: dict, errors: dict | None = None, status: int = 200):
    return await render(request, "profiles/customer_view_why.html",
                        {"member_id": member_id, "reasons": reasons, "errors": errors or {}}, status=status)


async def open_view(request: Request):
    """POST: the staff member says why; that is logged once, then the view is shown by a GET."""
    staff = require_member(request)
    member_id = _member_id(request)
    form = await form_data(request)
    try:
        grant = await customer_view.open_view(staff, member_id, form.get("why", ""), bound_to=_bound_to(request))
    except Invalid as exc:
        return await _ask_why(request, member_id, customer_view.reasons(staff), exc.errors, 422)
    return redirect(_view_url(member_id, grant))


async def contact(request: Request):
    staff = require_member(request)
    form = await form_data(request)
    try:
        await customer_view.write_to(staff, _member_id(request), form.get("message", ""))
    except Invalid as exc:
        return await show(request, errors=exc.errors, form=form, status=422)
    flash(request, i18n._("Your message is on its way."))
    return redirect(_view_url(_member_id(request), form.get("grant", "")))


async def erase(request: Request):
    admin = require_member(request)
    form = await form_data(request)
    try:
        require_ticked(form, "understood")
        await erasure.erase_by_admin(admin, _member_id(request), form.get("reason", ""))
    except Invalid as exc:
        return await show(request, errors=exc.errors, form=form, status=422)
    flash(request, i18n._("The account is erased."))
    return redirect("/staff/members")


async def export_for(request: Request):
    """POST only: the export is written to the member's access log with the reason given."""
    admin = require_member(request)
    form = await form_data(request)
    try:
        document = await export.build(admin, _member_id(request), why=form.get("why", ""))
    except Invalid as exc:
        return await show(request, errors=exc.errors, form=form, status=422)
    return download(document, "zip", f"vox-export-{document['member_id']}.zip")


routes = [
    Route("/staff/members", find),
    Route("/staff/members/{member_id:int}", show, methods=["GET"]),
    Route("/staff/members/{member_id:int}", open_view, methods=["POST"]),
    Route("/staff/members/{member_id:int}/contact", contact, methods=["POST"]),
    Route("/staff/members/{member_id:int}/erase", erase, methods=["POST"]),
    Route("/staff/members/{member_id:int}/export.zip", export_for, methods=["POST"]),
]
