"""Single sign-on through an OpenID Connect provider (PORTAL_OIDC_ISSUER and friends), and the
member's linked logins."""
from __future__ import annotations

from urllib.parse import urlsplit

from tortoise.transactions import in_transaction

from portal.event_kinds import SsoLinked
from portal import events, settings
from portal.accounts import service as accounts
from portal.accounts.models import Member, SsoLink
from portal.clock import now
from portal.errors import N_, Forbidden, Invalid, NotFound, Unauthenticated

PENDING = "sso_pending"  # session key: a provider login waiting to be linked after a password login


def enabled() -> bool:
    current = settings.current()
    return bool(current.oidc_issuer and current.oidc_client_id)


def provider_name() -> str:
    """What the login button calls the provider: its host name ("login.example.com")."""
    return urlsplit(settings.current().oidc_issuer or "").hostname or "" if enabled() else ""


async def links_of(member: Member) -> list[SsoLink]:
    """The member's linked logins, oldest first (the privacy center lists them)."""
    return await SsoLink.filter(member_id=member.pk).order_by("id")


async def remove_link(member: Member, link_id: int) -> None:
    """Unlink one of the member's own provider logins. Refused when it is their only way in (no
    password): they would lock themselves out. Emits `sso.unlinked`."""
    if member is None:
        raise Unauthenticated()
    link = await SsoLink.get_or_none(id=link_id, member_id=member.pk)
    if link is None:
        raise NotFound()
    if not member.password_hash and await SsoLink.filter(member_id=member.pk).count() == 1:
        raise Invalid("link", N_("This is your only way to log in. Set a password first "
                                 "(“Forgot your password?” on the login page)."))
    async with in_transaction():
        await link.delete()
        await events.emit("sso.unlinked", actor=member, subject=member, data=SsoLinked(issuer=link.issuer))


async def sign_in(*, issuer: str, subject: str, email: str | None, email_verified, name: str | None,
                  language: str = "en") -> Member | str:
    """What a verified OpenID Connect login means here. Called by the SSO callback only, after
    the provider's answer (state, nonce, PKCE and the ID token signature) was checked.

    - a linked login: that member;
    - a new person with a verified email: a new member (no password), linked; emits `member.joined`;
    - an existing member with that email: "link" (returned as a string): they must prove the
      account is theirs by logging in with the password once, then `link_pending()` links it.
    An unverified email is refused (Forbidden), since anyone could claim any address."""
    link = await SsoLink.get_or_none(issuer=issuer, subject=subject).select_related("member")
    if link is not None:
        if link.member.status != "active":
            raise Forbidden(N_("This account is closed."))
        link.last_login_at = now()
        await link.save(update_fields=["last_login_at"])
        return link.member
    email = accounts.normalize_email(email)
    if not email or email_verified is not True:
        raise Forbidden(N_("Your sign-on provider has not confirmed your email address, so we cannot "
                           "use it to log you in. Please confirm it there first, or sign up here."))
    existing = await Member.get_or_none(email=email)
    if existing is not None:
        if existing.status != "active":
            raise Forbidden(N_("This account is closed."))
        return "link"
    async with in_transaction():
        member = await accounts.create_sso_member(email, (name or "").strip() or email.split("@")[0],
                                                  language=language)
        await SsoLink.create(member=member, issuer=issuer, subject=subject, email=email, last_login_at=now())
        await events.emit("sso.linked", actor=member, subject=member, data=SsoLinked(issuer=issuer))
    return member


async def link_pending(member: Member, pending: dict) -> bool:
    """Link the login the member brought from the provider, now that they proved with their
    password that the account with that email is theirs. Only when the emails match. Emits
    `sso.linked`. Returns whether a link was made."""
    if not pending or (member.email or "").lower() != pending.get("email"):
        return False
    if await SsoLink.filter(issuer=pending.get("issuer", ""), subject=pending.get("subject", "")).exists():
        return False
    async with in_transaction():
        await SsoLink.create(member=member, issuer=pending["issuer"], subject=pending["subject"],
                             email=pending["email"], last_login_at=now())
        await events.emit("sso.linked", actor=member, subject=member, data=SsoLinked(issuer=pending["issuer"]))
    return True
