"""Accounts: sign-up, verification, login, reset, password and email changes, sessions, roles."""
from datetime import timedelta

import pytest

from portal import clock
from portal.accounts import api_tokens, passwords, service, sessions
from portal.accounts.models import Member, OneTimeToken, Session
from portal.errors import Forbidden, Invalid, NotFound, Throttled
from portal.events import Event
from tests.conftest import drain, link_in, mailbox, make_member

PASSWORD = "correct horse battery"


async def signup_and_get_token(settings, email="new@example.org", name="New Person") -> str:
    await service.signup(email, PASSWORD, name, ip="10.0.0.1")
    await drain()
    return link_in(mailbox(settings)[-1], "/verify/").removeprefix("/verify/")


async def test_signup_creates_an_unverified_member_and_mails_a_link(db, settings):
    raw = await signup_and_get_token(settings)
    member = await Member.get(email="new@example.org")
    assert not member.is_verified
    assert member.handle == "new_person"
    assert passwords.verify_password(member.password_hash, PASSWORD)
    assert await Event.filter(kind="member.joined", subject_id=member.pk).exists()
    verified = await service.verify_email(raw)
    assert verified.is_verified
    assert await Event.filter(kind="member.verified", subject_id=member.pk).exists()


async def test_the_verification_link_works_once(db, settings):
    raw = await signup_and_get_token(settings)
    await service.verify_email(raw)
    with pytest.raises(Invalid):
        await service.verify_email(raw)


async def test_an_expired_link_is_refused(db, settings):
    raw = await signup_and_get_token(settings)
    await OneTimeToken.all().update(expires_at=clock.now() - timedelta(seconds=1))
    with pytest.raises(Invalid):
        await service.verify_email(raw)


async def test_signup_with_a_taken_address_creates_nothing_and_tells_the_owner(db, settings):
    await make_member("ada@example.org")
    await drain()
    before = len(mailbox(settings))
    await service.signup("ADA@example.org", "another fine password", "Impostor", ip="10.0.0.2")
    await drain()
    assert await Member.filter(email="ada@example.org").count() == 1
    mails = mailbox(settings)[before:]
    assert len(mails) == 1 and "/verify/" not in mails[0].get_content()
    assert mails[0]["To"] == "ada@example.org"


@pytest.mark.parametrize("email,password,name,field", [
    ("not-an-email", PASSWORD, "X", "email"),
    ("a@example.org", "short", "X", "password"),
    ("a@example.org", "password123", "X", "password"),  # among the most common passwords
    ("a@example.org", PASSWORD, "", "display_name"),
    ("a@example.org", PASSWORD, "x" * 81, "display_name"),
])
async def test_signup_refuses_bad_input_with_the_field_named(db, email, password, name, field):
    with pytest.raises(Invalid) as caught:
        await service.signup(email, password, name)
    assert field in caught.value.errors
    assert await Member.all().count() == 0


async def test_long_passphrases_are_welcome(db):
    passwords.check_policy("a very long passphrase " * 20)


async def test_passwords_are_hashed_with_argon2id():
    assert passwords.hash_password(PASSWORD).startswith("$argon2id$")


async def test_login_opens_a_session_and_wrong_password_fails_with_one_message(db):
    await make_member()
    session, raw = await service.login("ADA@example.org ", PASSWORD, ip="10.0.0.1")
    assert (await sessions.resolve(raw)).pk == session.pk
    with pytest.raises(Invalid) as wrong_password:
        await service.login("ada@example.org", "wrong password!", ip="10.0.0.1")
    with pytest.raises(Invalid) as unknown:
        await service.login("nobody@example.org", "wrong password!", ip="10.0.0.3")
    assert wrong_password.value.errors == unknown.value.errors


async def test_unverified_members_may_log_in_but_not_post(db):
    from portal.accounts.permissions import can, require

    member = await make_member(verified=False)
    await service.login("ada@example.org", PASSWORD)
    assert not can(member, "content.post")
    with pytest.raises(Forbidden):
        require(member, "content.post")


async def test_failed_logins_are_throttled_per_account_for_browsers_new_to_it(db):
    await make_member()
    for i in range(5):
        with pytest.raises(Invalid):
            await service.login("ada@example.org", "wrong password!", ip=f"10.0.1.{i}")
    with pytest.raises(Throttled) as caught:
        await service.login("ada@example.org", PASSWORD, ip="10.0.2.1")
    assert caught.value.retry_after > 0


async def test_failed_logins_are_throttled_per_ip(db):
    for i in range(6):
        with pytest.raises(Invalid):
            await service.login(f"user{i}@example.org", "wrong password!", ip="10.9.9.9")
    with pytest.raises(Throttled):
        await service.login("user9@example.org", "wrong password!", ip="10.9.9.9")


async def test_the_owner_of_a_throttled_account_can_still_reset_and_log_in(db, settings):
    await make_member()
    for i in range(5):
        with pytest.raises(Invalid):
            await service.login("ada@example.org", "wrong password!", ip=f"10.0.1.{i}")
    await service.request_password_reset("ada@example.org", ip="10.0.3.1")
    await drain()
    raw = link_in(mailbox(settings)[-1], "/password/reset/").removeprefix("/password/reset/")
    await service.reset_password(raw, "a brand new passphrase")
    await service.login("ada@example.org", "a brand new passphrase", ip="10.0.3.1")


async def test_reset_for_an_unknown_address_sends_nothing(db, settings):
    await service.request_password_reset("nobody@example.org", ip="10.0.0.1")
    await drain()
    assert mailbox(settings) == []


async def test_reset_ends_every_session_and_the_link_works_once(db, settings):
    member = await make_member()
    _, raw_session = await service.login("ada@example.org", PASSWORD)
    await service.request_password_reset("ada@example.org")
    await drain()
    raw = link_in(mailbox(settings)[-1], "/password/reset/").removeprefix("/password/reset/")
    await service.reset_password(raw, "a brand new passphrase")
    assert await sessions.resolve(raw_session) is None
    with pytest.raises(Invalid):
        await service.reset_password(raw, "yet another passphrase")
    assert await Event.filter(kind="password.changed", subject_id=member.pk).exists()


async def test_reset_refuses_a_weak_password_and_keeps_the_link_usable(db, settings):
    await make_member()
    await service.request_password_reset("ada@example.org")
    await drain()
    raw = link_in(mailbox(settings)[-1], "/password/reset/").removeprefix("/password/reset/")
    with pytest.raises(Invalid) as caught:
        await service.reset_password(raw, "short")
    assert "password" in caught.value.errors
    await service.reset_password(raw, "a brand new passphrase")


async def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(db):
    member = await make_member()
    here, _ = await service.login("ada@example.org", PASSWORD)
    _, elsewhere = await service.login("ada@example.org", PASSWORD)
    with pytest.raises(Invalid) as caught:
        await service.change_password(member, here, "not my password", "a brand new passphrase")
    assert "current_password" in caught.value.errors
    await service.change_password(member, here, PASSWORD, "a brand new passphrase")
    assert await sessions.resolve(elsewhere) is None
    assert await Session.filter(id=here.pk).exists()


async def test_changing_the_email_needs_the_password_and_a_click_on_the_new_address(db, settings):
    member = await make_member()
    with pytest.raises(Invalid):
        await service.request_email_change(member, "wrong password!", "ada@new.example")
    await service.request_email_change(member, PASSWORD, "ada@new.example")
    await drain()
    message = mailbox(settings)[-1]
    assert message["To"] == "ada@new.example"
    raw = link_in(message, "/me/email/confirm/").removeprefix("/me/email/confirm/")
    assert (await Member.get(id=member.pk)).email == "ada@example.org"
    await service.confirm_email_change(raw)
    await drain()
    assert (await Member.get(id=member.pk)).email == "ada@new.example"
    after = mailbox(settings)[1:]
    assert "ada@example.org" in [m["To"] for m in after]  # the old address is told


async def test_sessions_are_stored_hashed_and_logout_kills_the_cookie(db):
    await make_member()
    session, raw = await service.login("ada@example.org", PASSWORD)
    assert raw not in session.token_hash and len(raw) >= 32
    await sessions.end(session)
    assert await sessions.resolve(raw) is None


async def test_an_expired_session_is_dead(db):
    await make_member()
    session, raw = await service.login("ada@example.org", PASSWORD)
    await Session.filter(id=session.pk).update(expires_at=clock.now() - timedelta(seconds=1))
    assert await sessions.resolve(raw) is None


async def test_a_member_cannot_revoke_someone_elses_session(db):
    ada = await make_member()
    bob = await make_member("bob@example.org")
    bobs, _ = await service.login("bob@example.org", PASSWORD)
    with pytest.raises(NotFound):
        await sessions.revoke(ada, bobs.pk)
    await sessions.revoke(bob, bobs.pk)


async def test_create_member_refuses_unknown_roles_and_taken_addresses(db):
    await make_member()
    with pytest.raises(Invalid):
        await service.create_member("x@example.org", PASSWORD, role="king")
    with pytest.raises(Invalid):
        await service.create_member("ada@example.org", PASSWORD)


async def test_only_admins_change_roles(db):
    admin = await make_member("admin@example.org", role="admin")
    member = await make_member()
    with pytest.raises(Forbidden):
        await service.set_roles(member, member, ["admin"])
    await service.set_roles(admin, member, ["product"])
    assert (await Member.get(id=member.pk)).roles == ["member", "product"]


async def test_api_tokens_are_hashed_scoped_and_revocable(db):
    member = await make_member()
    token, raw = await api_tokens.create(member, "script", ["read"])
    assert raw.startswith("vox_") and raw not in token.token_hash
    assert (await api_tokens.authenticate(raw)).member.pk == member.pk
    with pytest.raises(Forbidden):
        await api_tokens.create(member, "too much", ["staff"])
    with pytest.raises(Invalid):
        await api_tokens.create(member, "nothing", [])
    other = await make_member("bob@example.org")
    with pytest.raises(NotFound):
        await api_tokens.revoke(other, token.pk)
    await api_tokens.revoke(member, token.pk)
    assert await api_tokens.authenticate(raw) is None


async def test_single_sign_on_names_follow_the_display_name_rule(db):
    from tortoise.transactions import in_transaction

    async with in_transaction():  # portal.accounts.sso calls it inside its transaction
        broken = await service.create_sso_member("eve@example.org", "Eve\nBcc: all@example.org")
        imitation = await service.create_sso_member("mallory@example.org", "Vox\u200bTeam")
        fine = await service.create_sso_member("grace@example.org", "  Grace   Hopper ")
    assert broken.display_name == "eve"
    assert imitation.display_name == "mallory"
    assert fine.display_name == "Grace Hopper"
