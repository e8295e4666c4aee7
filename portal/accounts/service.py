"""Sign-up, email verification, login, password reset and changes of password and email.

None of these reveal whether an email address is registered: sign-up and reset answer the same
way either way (the owner of a known address gets a mail instead), and login fails with one
message. Failed logins are throttled per IP and per account, and a browser the owner logged in with
before has a budget of its own; reset is never blocked by failed logins, so the owner can always get
back in."""
from __future__ import annotations

import re

from tortoise.transactions import in_transaction

from portal import clock, events, ratelimit
from portal.event_kinds import RolesChanged
from portal.accounts import devices, passwords, sessions, tokens
from portal.accounts.models import ROLES, Member, Session
from portal.errors import N_, Forbidden, Invalid
from portal.i18n import DEFAULT_LANGUAGE, LANGUAGES
from portal.notify import mail
from portal.profiles import service as profiles

EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
LOGIN_FAILED = N_("That email and password do not match. Please try again.")


def normalize_email(email: str | None) -> str:
    return (email or "").strip().lower()


def check_email(email: str, field: str = "email") -> None:
    if not EMAIL_RE.match(email) or len(email) > 320:
        raise Invalid(field, N_("Please enter a valid email address."))


async def _create_member(email: str, password_hash: str | None, display_name: str, *, language: str,
                         roles: list[str], verified: bool) -> Member:
    member = await Member.create(
        email=email, display_name=display_name, password_hash=password_hash,
        handle=await profiles.free_handle(display_name), roles=roles,
        language=language if language in LANGUAGES else DEFAULT_LANGUAGE,
        email_verified_at=clock.now() if verified else None,
    )
    await profiles.create_for(member)
    await events.emit("member.joined", actor=member, subject=member)
    if verified:
        await events.emit("member.verified", actor=member, subject=member)
    return member


async def signup(email: str, password: str, display_name: str, *, language: str = DEFAULT_LANGUAGE,
                 ip: str = "") -> None:
    """Register a new member and mail them a verification link. Anyone may call it.

    For an address that is already registered, nothing is created and its owner is told by mail
    instead, so the answer does not reveal who has an account. Emits `member.joined`."""
    await ratelimit.take("signup.ip", ip)
    email = normalize_email(email)
    errors: dict[str, str] = {}
    for check in (lambda: check_email(email), lambda: passwords.check_policy(password or "", email=email),
                  lambda: profiles.clean_display_name(display_name)):
        try:
            check()
        except Invalid as exc:
            errors.update(exc.errors)
    if errors:
        raise Invalid(errors=errors)
    display_name = profiles.clean_display_name(display_name)
    # Hash before looking the address up, so both answers take the same time.
    password_hash = passwords.hash_password(password)
    async with in_transaction():
        existing = await Member.get_or_none(email=email)
        if existing is not None:
            if existing.status == "active":
                await mail.queue(email, "mail/account_exists.txt", {"member": existing},
                                 language=existing.language, member=existing, kind="account_exists")
            return
        member = await _create_member(email, password_hash, display_name, language=language, roles=["member"],
                                      verified=False)
        await mail.queue(email, "mail/verify.txt", {"member": member}, language=member.language,
                         member=member, kind="verify", token=await tokens.issue(member, "verify"))


async def create_sso_member(email: str, display_name: str, *, language: str = DEFAULT_LANGUAGE) -> Member:
    """Create the account of someone whose provider vouched for their email (single sign-on): verified,
    without a password. Called by portal.accounts.sso inside its transaction. Emits `member.joined`
    and `member.verified`."""
    email = normalize_email(email)
    check_email(email)
    return await _create_member(email, None, _provider_name(display_name, email), language=language,
                                roles=["member"], verified=True)


def _provider_name(name: str, email: str) -> str:
    """The provider's name for a new member under our one display-name rule; a name it refuses
    (control or invisible characters, one that passes for the team) gives way to the address's
    local part, so single sign-on never fails over a name the member can change later."""
    for candidate in (name[:80], email.split("@")[0][:80]):
        try:
            return profiles.clean_display_name(candidate)
        except Invalid:
            continue
    return "member"


async def create_member(email: str, password: str | None, *, display_name: str | None = None,
                        role: str = "member", language: str = DEFAULT_LANGUAGE) -> Member:
    """Create a verified account with a role (operators, via `portal users create`, and the seed).

    Without a password the member gets in by resetting it. Emits `member.joined` and
    `member.verified`."""
    email = normalize_email(email)
    check_email(email)
    if password is not None:
        passwords.check_policy(password, email=email)
    if role not in ROLES:
        raise Invalid("role", N_("Unknown role: %(scope)s."), scope=role)
    if await Member.filter(email=email).exists():
        raise Invalid("email", N_("There is already an account with this email address."))
    password_hash = passwords.hash_password(password) if password else None
    async with in_transaction():
        return await _create_member(email, password_hash, display_name or email.split("@")[0], language=language,
                                    roles=[role] if role == "member" else ["member", role], verified=True)


async def verify_email(raw_token: str) -> Member:
    """Confirm an address with the link from the mail (single use, expires). Emits `member.verified`,
    or `email.changed` when the link confirmed a new address."""
    async with in_transaction():
        token = await tokens.redeem(raw_token, "verify")
        member = token.member
        if member.email_verified_at is None:
            member.email_verified_at = clock.now()
            await member.save(update_fields=["email_verified_at"])
            await events.emit("member.verified", actor=member, subject=member)
        return member


async def resend_verification(member: Member) -> None:
    """Mail a fresh verification link to a logged-in member who has not confirmed yet."""
    if member.is_verified:
        return
    await ratelimit.take("verify.resend", str(member.pk))
    assert member.email is not None  # only erasure empties the address, and the erased cannot log in
    async with in_transaction():
        await mail.queue(member.email, "mail/verify.txt", {"member": member}, language=member.language,
                         member=member, kind="verify", token=await tokens.issue(member, "verify"))


async def login(email: str, password: str, *, ip: str = "", user_agent: str = "", device: str | None = None,
                replacing: Session | None = None) -> tuple[Session, str]:
    """Check the credentials and open a new session; returns the session and the cookie token.
    Anyone may call it. `device` is the browser's device cookie, `replacing` the session it still had
    (it ends).

    Failed attempts are throttled per IP (6 a minute) and per account with a growing delay (5 in
    five minutes, 10 an hour, 20 a day). An attempt from a browser that logged in to this account
    before (a valid device cookie for it) is judged against that device's own budget instead, so
    someone guessing elsewhere cannot lock the owner out (ASVS 5.0 6.3.1); a password reset is
    never blocked by any of this. Raises Throttled, and Invalid (one message for every kind of
    failure) otherwise."""
    email = normalize_email(email)
    await ratelimit.check("login.ip", ip)
    member = await Member.get_or_none(email=email, status="active") if email else None
    known_device = devices.device_of(device, member)
    limit, key = ("login.device", known_device) if known_device else ("login.account", email)
    await ratelimit.check(limit, key)
    # Checked even without an account (it takes as long); true only for a member with a hash.
    if (not passwords.verify_password(member.password_hash if member else None, password or "")
            or member is None or member.password_hash is None):
        await ratelimit.hit("login.ip", ip)
        await ratelimit.hit(limit, key)
        raise Invalid("email", LOGIN_FAILED)
    if passwords.needs_rehash(member.password_hash):
        member.password_hash = passwords.hash_password(password)
        await member.save(update_fields=["password_hash"])
    return await sessions.start(member, user_agent=user_agent, ip=ip, replacing=replacing)


async def request_password_reset(email: str, *, ip: str = "") -> None:
    """Mail a reset link if the address belongs to an active member; the caller learns nothing.

    Limited per IP and (silently) per account, never blocked by failed logins."""
    await ratelimit.take("reset.ip", ip)
    email = normalize_email(email)
    member = await Member.get_or_none(email=email, status="active") if email else None
    if member is None:
        return
    if await ratelimit.retry_after("reset.account", email):
        return
    await ratelimit.hit("reset.account", email)
    async with in_transaction():
        await mail.queue(email, "mail/reset.txt", {"member": member}, language=member.language,
                         member=member, kind="reset", token=await tokens.issue(member, "reset"))


async def reset_password(raw_token: str, new_password: str) -> Member:
    """Set a new password with a reset link (single use, one hour). Ends every session, confirms
    the address (the link proved it), lifts the login throttle. Emits `password.changed`."""
    token = await tokens.peek(raw_token, "reset")
    if token is not None:
        await token.fetch_related("member")
        passwords.check_policy(new_password or "", email=token.member.email or "")
    async with in_transaction():
        token = await tokens.redeem(raw_token, "reset")
        member = token.member
        member.password_hash = passwords.hash_password(new_password)
        if member.email_verified_at is None:
            member.email_verified_at = clock.now()
            await events.emit("member.verified", actor=member, subject=member)
        await member.save(update_fields=["password_hash", "email_verified_at"])
        await sessions.end_others(member, keep=None)
        await events.emit("password.changed", actor=member, subject=member)
    await ratelimit.clear("login.account", member.email or "")
    return member


async def change_password(member: Member, current: Session | None, current_password: str,
                          new_password: str) -> None:
    """The member changes their own password, giving the current one. Ends their other sessions.
    Emits `password.changed`."""
    if not passwords.verify_password(member.password_hash, current_password or ""):
        raise Invalid("current_password", N_("That is not your current password."))
    passwords.check_policy(new_password or "", field="new_password", email=member.email or "")
    async with in_transaction():
        member.password_hash = passwords.hash_password(new_password)
        await member.save(update_fields=["password_hash"])
        await sessions.end_others(member, keep=current)
        await events.emit("password.changed", actor=member, subject=member)


async def request_email_change(member: Member, password: str, new_email: str) -> None:
    """The member asks to move to a new address, giving their password; a link goes to the new
    address and the change happens when it is used. A taken address gets no mail (same answer)."""
    if not passwords.verify_password(member.password_hash, password or ""):
        raise Invalid("password", N_("That is not your current password."))
    new_email = normalize_email(new_email)
    check_email(new_email, "new_email")
    if new_email == member.email:
        raise Invalid("new_email", N_("That is already your email address."))
    if await Member.filter(email=new_email).exists():
        return
    async with in_transaction():
        await mail.queue(new_email, "mail/email_change.txt", {"member": member}, language=member.language,
                         member=member, kind="email_change",
                         token=await tokens.issue(member, "email", {"email": new_email}))


async def confirm_email_change(raw_token: str) -> Member:
    """Switch to the new address from the link. Tells the old address. Emits `email.changed`."""
    async with in_transaction():
        token = await tokens.redeem(raw_token, "email")
        member = token.member
        new_email = token.data.get("email", "")
        if await Member.filter(email=new_email).exclude(id=member.pk).exists():
            raise Invalid("token", N_("This link is invalid or has expired. Please ask for a new one."))
        old_email = member.email
        member.email = new_email
        member.email_verified_at = clock.now()
        await member.save(update_fields=["email", "email_verified_at"])
        await events.emit("email.changed", actor=member, subject=member)
        if old_email:
            await mail.queue(old_email, "mail/email_changed_old.txt", {"member": member},
                             language=member.language, member=member, kind="email_changed")
        return member


async def set_roles(actor: Member, member: Member, roles: list[str]) -> Member:
    """An admin changes someone's roles. Emits `member.roles_changed`."""
    if not actor.has_role("admin"):
        raise Forbidden()
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise Invalid("roles", N_("Unknown role: %(scope)s."), scope=unknown[0])
    async with in_transaction():
        member.roles = sorted(set(roles) | {"member"})
        await member.save(update_fields=["roles"])
        await events.emit("member.roles_changed", actor=actor, subject=member, data=RolesChanged(roles=member.roles))
    return member
