"""Small request helpers the routes share: the form as a dict, the acting member, safe redirects."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse

from portal.errors import N_, Invalid, Unauthenticated


async def form_data(request: Request) -> dict:
    """The submitted form: one string per field, a list where a field repeats (checkboxes)."""
    form = await request.form()
    data: dict = {}
    for key in form.keys():
        values = [v for v in form.getlist(key) if isinstance(v, str)]
        data[key] = values if len(values) > 1 else (values[0] if values else "")
    data.pop("csrf_token", None)
    return data


def values_of(form: dict, name: str) -> list[str]:
    """All values of a field that may repeat (checkboxes): a list, empty when none was sent."""
    value = form.get(name, [])
    return value if isinstance(value, list) else [value] if value else []


def member_of(request: Request):
    return getattr(request.state, "member", None)


def require_member(request: Request):
    """The logged-in member, or Unauthenticated (a redirect to /login, or 401 for the API)."""
    member = member_of(request)
    if member is None:
        raise Unauthenticated()
    return member


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def safe_next(target: str | None, default: str = "/") -> str:
    """Only local paths are followed after login, never another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def redirect(url: str) -> RedirectResponse:
    """After a successful POST: see the result with a GET (303)."""
    return RedirectResponse(url, status_code=303)


def int_or_none(value) -> int | None:
    """A form or query value as an integer; None when it is missing or not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def require_ticked(form: dict, name: str) -> None:
    """A confirmation checkbox (\"I understand …\") must be ticked, else Invalid for that field."""
    if form.get(name) != "on":
        raise Invalid(name, N_("Please tick the box to confirm."))
