"""Staff pages about members: finding one, the customer view, writing to them, and (admins)
exporting or erasing their data on their request."""
from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from portal import i18n
from portal.accounts import permissions
from portal.errors import Invalid
from portal.profiles import consents, customer_view, erasure, export
from portal.profiles.fields import BY_NAME
from portal.profiles.routes import country_choices
from portal.profiles.privacy_routes import download
from portal.web.forms import form_data, redirect, require_member, require_ticked
from portal.web.pagination import page_number
from portal.web.templating import flash, render


def _member_id(request: Request) -> int:
    return int(request.path_params["member_id"])


async def find(request: Request):
    staff = require_member(request)
    query = request.query_params.get("q", "")
    found = await customer_view.find_members(staff, query, page_number(request.query_params.get("page")))
    return await render(request, "profiles/staff_members.html", {"q": query, "found": found})


async def show(request: Request, *, errors: dict | None = None, form: dict | None = None, status: int = 200):
    staff = require_member(request)
    reasons = customer_view.reasons(staff)
    why = request.query_params.get("why", "") or (form or {}).get("why", "")
    member_id = _member_id(request)
    if why not in reasons:
        # Ask first: the reason is written to the member's access log.
        return await render(request, "profiles/customer_view_why.html", {"member_id": member_id, "reasons": reasons})
    view = await customer_view.open_view(staff, member_id, why)
    return await render(request, "profiles/customer_view.html", {
        **view, "purposes": consents.PURPOSES, "fields": BY_NAME,
        "country_name": dict(country_choices()).get(view["visible"].get("country") or "", ""),
        "errors": errors or {}, "form": form or {},
        "may_contact": permissions.can(staff, "members.contact"),
        "may_erase": permissions.can(staff, "members.erase"),
    }, status=status)


async def contact(request: Request):
    staff = require_member(request)
    form = await form_data(request)
    try:
        await customer_view.write_to(staff, _member_id(request), form.get("message", ""))
    except Invalid as exc:
        return await show(request, errors=exc.errors, form=form, status=422)
    flash(request, i18n._("Your message is on its way."))
    return redirect(f"/staff/members/{_member_id(request)}?why={form.get('why', 'feedback')}")


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
    admin = require_member(request)
    document = await export.build(admin, _member_id(request))
    return download(document, "zip", f"vox-export-{document['member_id']}.zip")


routes = [
    Route("/staff/members", find),
    Route("/staff/members/{member_id:int}", show),
    Route("/staff/members/{member_id:int}/contact", contact, methods=["POST"]),
    Route("/staff/members/{member_id:int}/erase", erase, methods=["POST"]),
    Route("/staff/members/{member_id:int}/export.zip", export_for),
]
