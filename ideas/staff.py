"""The product team's pages: the triage inbox with bulk actions, the backlog as CSV, and the
weights of the priority score. Rules live in ideas/triage.py."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ideas import board, triage
from ideas.models import STATUSES
from portal import i18n
from portal.errors import Invalid
from portal.pagination import page_number
from portal.web.forms import form_data, int_or_none, redirect, require_member, values_of
from portal.web.templating import flash, render


async def _inbox_context(request: Request, member, errors: dict | None = None, form: dict | None = None) -> dict:
    params = request.query_params
    status = params.get("status", "new")
    if status not in STATUSES:
        status = ""
    tag, owner, sort = params.get("tag", "")[:24], int_or_none(params.get("owner")), params.get("sort", "priority")
    filters = {"status": status, "tag": tag, "owner": owner, "sort": sort}
    page = await triage.inbox(member, status=status, tag=tag, owner_id=owner, sort=sort,
                              page=page_number(params.get("page")))
    weights = await triage.weights()
    return {
        "page": page, "filters": filters, "weights": weights,
        "rows": [(idea, triage.score(idea, weights), triage.parts(idea, weights)) for idea in page.items],
        "statuses": STATUSES, "sorts": triage.TRIAGE_SORTS,
        "tags": await board.tags(), "staff": await triage.staff_members(),
        "errors": errors or {}, "form": form or {},
    }


async def inbox(request: Request):
    member = require_member(request)
    return await render(request, "ideas/staff_inbox.html", await _inbox_context(request, member))


async def bulk(request: Request):
    member = require_member(request)
    form = await form_data(request)
    ids = [i for i in (int_or_none(x) for x in values_of(form, "ids")) if i is not None]
    try:
        if form.get("action") == "owner":
            owner = int_or_none(form.get("owner"))
            count = await triage.bulk_owner(member, ids, owner)
        else:
            count = await triage.bulk_status(member, ids, form.get("status", ""), form.get("note", ""))
    except Invalid as exc:
        context = await _inbox_context(request, member, exc.errors, form)
        return await render(request, "ideas/staff_inbox.html", context, status=422)
    flash(request, i18n.ngettext("%(num)d idea changed.", "%(num)d ideas changed.", count))
    back = form.get("back", "")
    return redirect("/staff/ideas" + (back if back.startswith("?") else ""))


async def export_csv(request: Request):
    member = require_member(request)
    body = await triage.backlog_csv(member)
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="idea-backlog.csv"'})


async def edit_weights(request: Request):
    member = require_member(request)
    weights = await triage.weights_for_editing(member)
    if request.method == "GET":
        form = {name: getattr(weights, name) for name in triage.WEIGHT_FIELDS}
        return await render(request, "ideas/staff_weights.html", {"form": form, "errors": {}})
    form = await form_data(request)
    try:
        await triage.set_weights(member, form)
    except Invalid as exc:
        return await render(request, "ideas/staff_weights.html", {"form": form, "errors": exc.errors}, status=422)
    flash(request, i18n._("The weights are saved. Every idea's priority uses them now."))
    return redirect("/staff/ideas")


routes = [
    Route("/staff/ideas", inbox),
    Route("/staff/ideas/bulk", bulk, methods=["POST"]),
    Route("/staff/ideas.csv", export_csv),
    Route("/staff/ideas/weights", edit_weights, methods=["GET", "POST"]),
]
