"""The admins' page of the forums: the categories, and a form to open one
(forums/categories.py holds the rules)."""
from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from forums import categories
from forums.models import ACCESS, ACCESS_LABELS
from portal import i18n
from portal.errors import Invalid
from portal.web.forms import form_data, redirect, require_member
from portal.web.templating import flash, render

DEFAULTS = {"colour": "#2f6fdb", "read": "everyone", "post": "members"}


async def category_admin(request: Request):
    member = require_member(request)
    listed = await categories.all_categories(member)  # Forbidden for those who may not manage them
    context = {"categories": listed, "access": ACCESS, "access_labels": ACCESS_LABELS, "form": DEFAULTS,
               "errors": {}}
    if request.method == "GET":
        return await render(request, "forums/staff_categories.html", context)
    form = await form_data(request)
    try:
        created = await categories.create_category(
            member, name=form.get("name", ""), slug=form.get("slug", ""), description=form.get("description", ""),
            colour=form.get("colour", ""), read=form.get("read", ""), post=form.get("post", ""))
    except Invalid as exc:
        return await render(request, "forums/staff_categories.html", {**context, "form": form, "errors": exc.errors},
                            status=422)
    flash(request, i18n._("The category “%(name)s” is open.", name=created.name))
    return redirect("/staff/forums/categories")


routes = [Route("/staff/forums/categories", category_admin, methods=["GET", "POST"])]
