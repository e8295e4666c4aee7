"""Device cookies, so failed logins cannot lock the owner out (ASVS 5.0 6.3.1, OWASP's "device
cookies"): a browser that logged in to an account gets a signed cookie naming that account and a
random device id. A login attempt that carries it is judged against that device's own failure
budget, not the account's, so someone guessing passwords elsewhere cannot keep the owner out of
their own browser. The cookie is signed with the site's secret key: it cannot be forged, and it
opens nothing by itself (the password is still needed)."""
from __future__ import annotations

import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal import settings
from portal.accounts.models import Member

DEVICE_COOKIE = "vox_device"
LIFETIME_DAYS = 365


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.current().secret_key, salt="vox.device")


def issue(member: Member) -> str:
    """A new device cookie value for the member (given at every successful login)."""
    return _serializer().dumps({"member": member.pk, "device": secrets.token_urlsafe(12)})


def device_of(value: str | None, member: Member | None) -> str | None:
    """The device id if `value` is a valid, unexpired device cookie for this very member, else None."""
    if not value or member is None:
        return None
    try:
        data = _serializer().loads(value, max_age=LIFETIME_DAYS * 86400)
    except BadSignature:  # also when expired
        return None
    if not isinstance(data, dict) or data.get("member") != member.pk or not data.get("device"):
        return None
    return f"{member.pk}:{data['device']}"
