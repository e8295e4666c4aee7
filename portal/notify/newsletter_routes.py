"""Newsletter pages: admins write and send issues; anyone with a stop link turns theirs off."""
from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from portal import i18n
from portal.errors import Invalid
from portal.notify import newsletter
from portal.pagination import page_number
from portal.web.forms import form_data, redirect, require_member, require_ticked
from portal.web.templating import flash, render


async def _page(request: Request, admin, form: dict, errors: dict, status: int = 200):
    return await render(request, "notify/newsletter.html", {
        "form": form, "errors": errors, "audience": await newsletter.audience_size(admin),
        "issues": await newsletter.issues(admin, page_number(request.query_params.get("page")))}, status=status)


async def compose(request: Request):
    admin = require_member(request)
    if request.method == "GET":
        return await _page(request, admin, {}, {})
    form = await form_data(request)
    try:
        require_ticked(form, "confirm")
        issue = await newsletter.send(admin, form.get("subject", ""), form.get("body", ""))
    except Invalid as exc:
        return await _page(request, admin, form, exc.errors, 422)
    flash(request, i18n.ngettext("The newsletter is on its way to %(num)d member.",
                                 "The newsletter is on its way to %(num)d members.", issue.recipients))
    return redirect("/staff/newsletter")


async def stop(request: Request):
    token = request.path_params["token"]
    member = await newsletter.member_of_stop_token(token)
    if request.method == "GET":
        return await render(request, "notify/newsletter_stop.html", {"token": token, "name": member.display_name})
    await newsletter.stop(token)
    flash(request, i18n._("Done: no more newsletters. You can turn it on again in your privacy settings."))
    return redirect("/")


routes = [
    Route("/staff/newsletter", compose, methods=["GET", "POST"]),
    Route("/newsletter/stop/{token}", stop, methods=["GET", "POST"]),
]
