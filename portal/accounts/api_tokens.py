"""API tokens: bearer tokens for /api/v1 with scopes. Only a hash is stored; the secret is shown once."""
from __future__ import annotations

from portal.accounts.models import ApiToken, Member
from portal.accounts.permissions import can
from portal.accounts.tokens import hash_secret, new_secret
from portal.clock import now
from portal.errors import N_, Forbidden, Invalid, NotFound

SCOPES = {
    "read": N_("Read your data and what you may see"),
    "write": N_("Act for you: change your profile, post, vote"),
    "staff": N_("Staff actions your role allows"),
}
PREFIX = "vox_"


async def create(member: Member, name: str, scopes: list[str]) -> tuple[ApiToken, str]:
    """Create a token for the member themselves (or for them via `portal tokens create`).

    Returns the stored token and the raw secret, which is never shown again. The `staff` scope
    needs a staff role. Emits nothing."""
    name = (name or "").strip() or "API token"
    if len(name) > 80:
        raise Invalid("name", N_("Please keep this under %(n)s characters."), n=80)
    scopes = sorted(set(scopes or []))
    if not scopes:
        raise Invalid("scopes", N_("Please choose at least one scope."))
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:
        raise Invalid("scopes", N_("Unknown scope: %(scope)s."), scope=unknown[0])
    if "staff" in scopes and not can(member, "tokens.staff_scope"):
        raise Forbidden(N_("Only staff may create tokens with the staff scope."))
    raw = PREFIX + new_secret()
    token = await ApiToken.create(member=member, name=name, prefix=raw[:10], token_hash=hash_secret(raw),
                                  scopes=scopes)
    return token, raw


async def authenticate(raw: str) -> ApiToken | None:
    """The live token (with its member) for a bearer secret, or None."""
    if not raw or not raw.startswith(PREFIX):
        return None
    token = await ApiToken.get_or_none(token_hash=hash_secret(raw), revoked_at=None).select_related("member")
    if token is None or token.member.status != "active":
        return None
    moment = now()
    if token.last_used_at is None or (moment - token.last_used_at).total_seconds() > 300:
        await ApiToken.filter(id=token.id).update(last_used_at=moment)
    return token


async def list_for(member: Member) -> list[ApiToken]:
    """The member's live tokens, newest first; only the member calls this."""
    return await ApiToken.filter(member=member, revoked_at=None).order_by("-id")


async def revoke(member: Member, token_id: int) -> None:
    """Revoke one of the member's own tokens; another member's token id is a 404."""
    changed = await ApiToken.filter(id=token_id, member=member, revoked_at=None).update(revoked_at=now())
    if not changed:
        raise NotFound()
