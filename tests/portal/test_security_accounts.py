"""Issue 9, accounts side: throttles that do not block one another, lockout that cannot be used as
a weapon, sessions and CSRF secrets renewed at login, and one-time links that never sit in a table."""
import pytest

from portal.accounts import service
from portal.errors import Invalid, Throttled
from tests.conftest import drain, link_in, mailbox, make_member

PASSWORD = "correct horse battery"
IP = "10.7.7.7"


# -- 1. each limit counts on its own --------------------------------------------------------------

async def test_sign_ups_from_an_address_do_not_block_logins_or_resets_from_it(db, settings):
    await make_member()
    for i in range(6):
        await service.signup(f"new{i}@example.org", PASSWORD, f"New {i}", ip=IP)
    with pytest.raises(Throttled):
        await service.signup("new9@example.org", PASSWORD, "New 9", ip=IP)
    await service.login("ada@example.org", PASSWORD, ip=IP)
    await service.request_password_reset("ada@example.org", ip=IP)
    await drain()
    assert link_in(mailbox(settings)[-1], "/password/reset/")


async def test_failed_logins_from_an_address_do_not_block_resets_or_sign_ups_from_it(db, settings):
    await make_member()
    for i in range(6):
        with pytest.raises(Invalid):
            await service.login(f"user{i}@example.org", "wrong password!", ip=IP)
    with pytest.raises(Throttled):
        await service.login("ada@example.org", PASSWORD, ip=IP)
    await service.request_password_reset("ada@example.org", ip=IP)
    await service.signup("new@example.org", PASSWORD, "New Person", ip=IP)
    await drain()
    assert [m["To"] for m in mailbox(settings)] == ["ada@example.org", "new@example.org"]
    assert "/password/reset/" in mailbox(settings)[0].get_content()


async def test_reset_requests_from_an_address_do_not_block_logins_or_sign_ups_from_it(db, settings):
    await make_member()
    for i in range(6):
        await service.request_password_reset(f"someone{i}@example.org", ip=IP)
    with pytest.raises(Throttled):
        await service.request_password_reset("ada@example.org", ip=IP)
    await service.login("ada@example.org", PASSWORD, ip=IP)
    await service.signup("new@example.org", PASSWORD, "New Person", ip=IP)
