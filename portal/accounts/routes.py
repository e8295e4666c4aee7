"""Pages of accounts: sign up, verify, log in and out, reset and change password and email,
sessions and API tokens. Rules live in the services; these read the request and render."""
from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.routing import Route

from portal import i18n, settings
from portal.accounts import api_tokens, devices, service, sessions, sso, tokens
from portal.errors import Invalid, Throttled
from portal.web import resume
from portal.web.forms import client_ip, form_data, redirect, require_member, safe_next, values_of
from portal.web.middleware import CSRF, SESSION_COOKIE, cookie_name
from portal.web.templating import flash, render


def set_login_cookies(request: Request, response, member, raw: str) -> None:
    """After a login: the new session's cookie, a device cookie (this browser has now logged in to
    the account, see portal/accounts/devices.py), and a fresh CSRF secret, so a token read before
    the login is dead."""
    s = settings.current()
    response.set_cookie(cookie_name(SESSION_COOKIE), raw, max_age=s.session_days * 86400, path="/",
                        httponly=True, samesite="lax", secure=s.https)
    response.set_cookie(cookie_name(devices.DEVICE_COOKIE), devices.issue(member),
                        max_age=devices.LIFETIME_DAYS * 86400, path="/", httponly=True, samesite="lax",
                        secure=s.https)
    CSRF.rotate(request)


def _wait_text(seconds: int) -> str:
    """'in 5 minutes' or 'in 2 hours', for the throttled login page."""
    minutes = -(-seconds // 60)
    if minutes <= 90:
        return i18n.ngettext("You can try again in %(num)d minute.", "You can try again in %(num)d minutes.",
                             minutes)
    return i18n.ngettext("You can try again in %(num)d hour.", "You can try again in %(num)d hours.",
                         -(-minutes // 60))


async def signup(request: Request):
    if request.method == "GET":
        return await render(request, "accounts/signup.html", {"form": {}, "errors": {},
                                                              "sso_name": sso.provider_name()})
    form = await form_data(request)
    try:
        await service.signup(form.get("email", ""), form.get("password", ""), form.get("display_name", ""),
                             language=i18n.current_language(), ip=client_ip(request))
    except Invalid as exc:
        form.pop("password", None)
        return await render(request, "accounts/signup.html", {"form": form, "errors": exc.errors,
                                                              "sso_name": sso.provider_name()}, status=422)
    return await render(request, "accounts/check_inbox.html", {"email": form.get("email", "")})


async def login(request: Request):
    next_url = safe_next(request.query_params.get("next"))
    context: dict[str, Any] = {"form": {}, "errors": {}, "next": next_url, "sso_name": sso.provider_name()}
    if request.method == "GET":
        return await render(request, "accounts/login.html", context)
    form = await form_data(request)
    context.update(form={"email": form.get("email", "")}, next=safe_next(form.get("next"), next_url))
    try:
        session, raw = await service.login(form.get("email", ""), form.get("password", ""), ip=client_ip(request),
                                           user_agent=request.headers.get("user-agent", ""),
                                           device=request.cookies.get(cookie_name(devices.DEVICE_COOKIE)),
                                           replacing=request.state.session)
    except Invalid as exc:
        return await render(request, "accounts/login.html", {**context, "errors": exc.errors}, status=422)
    except Throttled as exc:
        # Say when, and offer the way out that is never blocked: a reset link.
        return await render(request, "accounts/login.html", {**context, "wait": _wait_text(exc.retry_after)},
                            status=429, headers={"Retry-After": str(exc.retry_after)})
    # A provider login waiting to be linked to this account (see portal/accounts/sso_routes.py).
    pending = request.session.pop(sso.PENDING, None)
    if pending and await sso.link_pending(session.member, pending):
        flash(request, i18n._("Your sign-on is now linked: next time, one click is enough."))
    # A vote (or another action) clicked before logging in is done now, and we go back to it.
    back = await resume.finish(request, session.member)
    response = redirect(back or context["next"])
    set_login_cookies(request, response, session.member, raw)
    return response


async def logout(request: Request):
    session = getattr(request.state, "session", None)
    if session is not None:
        await sessions.end(session)
    response = redirect("/")
    CSRF.rotate(request)
    response.delete_cookie(cookie_name(SESSION_COOKIE), path="/", secure=settings.current().https,
                           httponly=True, samesite="lax")
    return response


async def verify(request: Request):
    """GET shows a button, POST confirms: a link opened by a mail scanner changes nothing."""
    raw = request.path_params["token"]
    if request.method == "GET":
        valid = await tokens.peek(raw, "verify") is not None
        return await render(request, "accounts/verify.html", {"token": raw, "valid": valid},
                            status=200 if valid else 410)
    try:
        verified = await service.verify_email(raw)
    except Invalid:
        return await render(request, "accounts/verify.html", {"token": raw, "valid": False}, status=410)
    flash(request, i18n._("Thank you! Your email address is confirmed."))
    member = getattr(request.state, "member", None)
    if member is None or member.pk != verified.pk:  # the login finishes what was started before
        return redirect("/login" if member is None else "/me")
    return redirect(await resume.finish(request, verified) or "/me")


async def resend_verification(request: Request):
    member = require_member(request)
    await service.resend_verification(member)
    flash(request, i18n._("We sent you a new confirmation link."))
    return redirect(safe_next((await form_data(request)).get("next"), "/me"))


async def forgot_password(request: Request):
    if request.method == "GET":
        return await render(request, "accounts/forgot.html", {"form": {}, "errors": {}})
    form = await form_data(request)
    try:
        service.check_email(service.normalize_email(form.get("email")))
    except Invalid as exc:
        return await render(request, "accounts/forgot.html", {"form": form, "errors": exc.errors}, status=422)
    await service.request_password_reset(form.get("email", ""), ip=client_ip(request))
    return await render(request, "accounts/check_inbox.html", {"email": form.get("email", ""), "reset": True})


async def reset_password(request: Request):
    raw = request.path_params["token"]
    if request.method == "GET":
        valid = await tokens.peek(raw, "reset") is not None
        return await render(request, "accounts/reset.html", {"token": raw, "valid": valid, "errors": {}},
                            status=200 if valid else 410)
    form = await form_data(request)
    try:
        await service.reset_password(raw, form.get("password", ""))
    except Invalid as exc:
        valid = "token" not in exc.errors
        return await render(request, "accounts/reset.html", {"token": raw, "valid": valid, "errors": exc.errors},
                            status=422 if valid else 410)
    flash(request, i18n._("Your password is changed. Please log in with the new one."))
    return redirect("/login")


async def my_sessions(request: Request):
    member = require_member(request)
    return await render(request, "accounts/sessions.html", {
        "sessions": await sessions.list_for(member), "current": request.state.session})


async def revoke_session(request: Request):
    member = require_member(request)
    await sessions.revoke(member, request.path_params["session_id"])
    flash(request, i18n._("That session has been logged out."))
    return redirect("/me/sessions")


async def account_settings(request: Request):
    """The "Password and email" section of /me: both forms, each posting to its own route."""
    require_member(request)
    return await render(request, "accounts/account.html", {"form": {}, "errors": {}})


async def change_password(request: Request):
    member = require_member(request)
    if request.method == "GET":
        return await account_settings(request)
    form = await form_data(request)
    try:
        await service.change_password(member, request.state.session, form.get("current_password", ""),
                                      form.get("new_password", ""))
    except Invalid as exc:
        return await render(request, "accounts/account.html", {"form": {}, "errors": exc.errors}, status=422)
    flash(request, i18n._("Your password is changed. Your other sessions were logged out."))
    return redirect("/me/sessions")


async def change_email(request: Request):
    member = require_member(request)
    if request.method == "GET":
        return await account_settings(request)
    form = await form_data(request)
    try:
        await service.request_email_change(member, form.get("password", ""), form.get("new_email", ""))
    except Invalid as exc:
        return await render(request, "accounts/account.html",
                            {"form": {"new_email": form.get("new_email", "")}, "errors": exc.errors}, status=422)
    return await render(request, "accounts/check_inbox.html", {"email": form.get("new_email", ""), "change": True})


async def confirm_email(request: Request):
    raw = request.path_params["token"]
    if request.method == "GET":
        valid = await tokens.peek(raw, "email") is not None
        return await render(request, "accounts/confirm_email.html", {"token": raw, "valid": valid},
                            status=200 if valid else 410)
    try:
        await service.confirm_email_change(raw)
    except Invalid:
        return await render(request, "accounts/confirm_email.html", {"token": raw, "valid": False}, status=410)
    flash(request, i18n._("Your new email address is confirmed."))
    return redirect("/me")


async def my_tokens(request: Request):
    member = require_member(request)
    context: dict[str, Any] = {"tokens": await api_tokens.list_for(member), "scopes": api_tokens.SCOPES, "errors": {},
               "form": {}, "created": None}
    if request.method == "POST":
        form = await form_data(request)
        scopes = values_of(form, "scopes")
        try:
            _, raw = await api_tokens.create(member, form.get("name", ""), scopes)
        except Invalid as exc:
            context.update(errors=exc.errors, form=form)
            return await render(request, "accounts/tokens.html", context, status=422)
        context.update(tokens=await api_tokens.list_for(member), created=raw)
    return await render(request, "accounts/tokens.html", context)


async def revoke_token(request: Request):
    member = require_member(request)
    await api_tokens.revoke(member, request.path_params["token_id"])
    flash(request, i18n._("The token was revoked."))
    return redirect("/me/tokens")


routes = [
    Route("/signup", signup, methods=["GET", "POST"]),
    Route("/login", login, methods=["GET", "POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/verify/resend", resend_verification, methods=["POST"]),
    Route("/verify/{token}", verify, methods=["GET", "POST"]),
    Route("/password/forgot", forgot_password, methods=["GET", "POST"]),
    Route("/password/reset/{token}", reset_password, methods=["GET", "POST"]),
    Route("/me/sessions", my_sessions),
    Route("/me/sessions/{session_id:int}/revoke", revoke_session, methods=["POST"]),
    Route("/me/account", account_settings),
    Route("/me/password", change_password, methods=["GET", "POST"]),
    Route("/me/email", change_email, methods=["GET", "POST"]),
    Route("/me/email/confirm/{token}", confirm_email, methods=["GET", "POST"]),
    Route("/me/tokens", my_tokens, methods=["GET", "POST"]),
    Route("/me/tokens/{token_id:int}/revoke", revoke_token, methods=["POST"]),
]
