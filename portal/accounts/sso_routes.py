"""Single sign-on pages: /login/sso sends the browser to the provider, /login/sso/callback takes
it back. Authlib checks state, nonce, PKCE and the ID token; the rules live in portal.accounts.sso."""
from __future__ import annotations

import logging

import httpx2
from authlib.integrations.base_client import OAuthError
from authlib.integrations.starlette_client import OAuth
from joserfc.errors import JoseError
from starlette.requests import Request
from starlette.routing import Route

from portal import i18n, settings
from portal.accounts import sessions, sso
from portal.accounts.routes import set_login_cookies
from portal.web import resume
from portal.errors import N_, Forbidden, NotFound
from portal.web.forms import client_ip, redirect, safe_next
from portal.web.templating import flash, render

NEXT = "sso_next"
FAILED = N_("Single sign-on did not work. Please try again.")
_clients: dict[tuple, object] = {}
log = logging.getLogger("portal.sso")


def _client():
    """The Authlib client for the configured provider (discovery happens on first use)."""
    current = settings.current()
    key = (current.oidc_issuer, current.oidc_client_id, current.oidc_client_secret)
    if key not in _clients:
        oauth = OAuth()
        oauth.register(
            "oidc", client_id=current.oidc_client_id, client_secret=current.oidc_client_secret,
            server_metadata_url=(current.oidc_issuer or "").rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256"})
        _clients[key] = oauth.create_client("oidc")
    return _clients[key]


def _callback_url() -> str:
    return settings.current().base_url.rstrip("/") + "/login/sso/callback"


async def _failed(request: Request, message: str = FAILED, status: int = 400):
    return await render(request, "accounts/login.html", {
        "form": {}, "errors": {"sso": message}, "next": request.session.get(NEXT, "/"),
        "sso_name": sso.provider_name()}, status=status)


async def start(request: Request):
    if not sso.enabled():
        raise NotFound()
    request.session[NEXT] = safe_next(request.query_params.get("next"))
    try:
        return await _client().authorize_redirect(request, _callback_url())
    except (httpx2.HTTPError, OAuthError) as exc:
        log.warning("single sign-on provider unreachable: %s: %s", type(exc).__name__, exc)
        return await _failed(request, N_("The sign-on service cannot be reached. Please try again later."), 503)


async def callback(request: Request):
    if not sso.enabled():
        raise NotFound()
    client = _client()
    try:
        token = await client.authorize_access_token(request)
        claims = token.get("userinfo") or {}
        info = await client.userinfo(token=token)
    except (OAuthError, JoseError, httpx2.HTTPError, KeyError, ValueError) as exc:
        # The reader gets one friendly message; the operator sees why (wrong state, nonce, expired code …).
        log.warning("single sign-on failed: %s: %s", type(exc).__name__, exc)
        return await _failed(request)
    try:
        result = await sso.sign_in(issuer=claims.get("iss", ""), subject=claims.get("sub", ""),
                                   email=info.get("email"), email_verified=info.get("email_verified"),
                                   name=info.get("name"), language=i18n.current_language())
    except Forbidden as exc:
        return await _failed(request, exc.message, 403)
    next_url = request.session.pop(NEXT, "/")
    if isinstance(result, str):  # "link": the address belongs to an account with a password
        request.session[sso.PENDING] = {"issuer": claims["iss"], "subject": claims["sub"],
                                    "email": (info.get("email") or "").lower()}
        flash(request, i18n._("You already have an account with this email address. Log in with your "
                              "password once, and we link your sign-on to it."), "warning")
        return redirect(f"/login?next={next_url}")
    _, raw = await sessions.start(result, user_agent=request.headers.get("user-agent", ""),
                                  ip=client_ip(request), via="sso", replacing=request.state.session)
    response = redirect(await resume.finish(request, result) or next_url)
    set_login_cookies(request, response, result, raw)
    return response


routes = [
    Route("/login/sso", start),
    Route("/login/sso/callback", callback),
]
