"""Notifications by preference, read state, digests, and mail through a real SMTP server."""
import email
import socket

import pytest
from aiosmtpd.controller import Controller

from portal import settings as settings_module
from portal.accounts import service as accounts
from portal.notify import groups, service
from portal.notify.models import Notification, OutboundMail
from portal.profiles import service as profiles
from tests.conftest import drain, mailbox, make_member


async def test_a_new_member_is_welcomed_in_the_app(db):
    member = await make_member()
    await drain()
    assert await service.unread_count(member) == 1
    page = await groups.page_for(member)
    assert "Welcome" in page.items[0].text


async def test_replaying_the_notify_consumer_creates_no_duplicates(db):
    from portal import events

    member = await make_member()
    await drain()
    await events.replay("notify")
    assert await Notification.filter(member_id=member.pk).count() == 1


async def test_turning_a_kind_off_means_no_notification(db):
    member = await make_member(verified=False)
    await profiles.update_profile(member, {"notifications": {"welcome": {"in_app": False, "mail": False}}})
    from portal.accounts.models import Member
    from portal.clock import now
    from portal import events
    from tortoise.transactions import in_transaction

    await Member.filter(id=member.pk).update(email_verified_at=now())
    async with in_transaction():
        await events.emit("member.verified", actor=member, subject=member)
    await drain()
    assert await Notification.filter(member_id=member.pk, kind="welcome").count() == 0


async def test_mark_read_only_for_the_owner(db):
    from portal.errors import NotFound

    ada = await make_member()
    bob = await make_member("bob@example.org")
    await drain()
    note = await Notification.filter(member_id=ada.pk).first()
    with pytest.raises(NotFound):
        await service.read_group(bob, note.pk)
    await service.read_group(ada, note.pk)
    assert await service.unread_count(ada) == 0


async def test_security_notices_are_mailed_whatever_the_preference(db, settings):
    member = await make_member()
    await profiles.update_profile(member, {"notifications": {"security": {"in_app": False, "mail": False}}})
    here, _ = await accounts.login("ada@example.org", "correct horse battery")
    await accounts.change_password(member, here, "correct horse battery", "a brand new passphrase")
    await drain()
    assert any("password" in m.get_content().lower() for m in mailbox(settings))


async def _welcome_waiting_for_the_daily_digest():
    """A member on the daily digest whose welcome notification waits for it."""
    from portal import events
    from tortoise.transactions import in_transaction

    member = await make_member()
    await profiles.update_profile(member, {"digest": "daily",
                                           "notifications": {"welcome": {"in_app": True, "mail": True}}})
    async with in_transaction():
        await events.emit("member.verified", actor=member, subject=member)
    await drain()
    return member


async def test_a_digest_collects_mail_instead_of_sending_at_once(db, settings):
    await _welcome_waiting_for_the_daily_digest()
    assert not any("Welcome" in (m["Subject"] or "") for m in mailbox(settings))
    assert await service.send_due_digests() == 1
    await drain()
    digest = mailbox(settings)[-1]
    assert digest["To"] == "ada@example.org" and "Welcome" in digest.get_content()
    assert await service.send_due_digests() == 0  # not due again until tomorrow


async def test_two_workers_at_once_send_one_digest(db, settings):
    """Two workers whose digest rounds overlap: each member's digest is claimed by one of them."""
    import asyncio

    await _welcome_waiting_for_the_daily_digest()
    before = len(mailbox(settings))
    assert sorted(await asyncio.gather(service.send_due_digests(), service.send_due_digests())) == [0, 1]
    await drain()
    digests = [m for m in mailbox(settings)[before:] if "Welcome" in m.get_content()]
    assert len(digests) == 1


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings_module.configure(settings.with_(smtp_url=f"smtp://127.0.0.1:{controller.port}"))
    yield inbox
    controller.stop()


async def test_mail_goes_through_smtp_when_configured(db, smtp_server):
    await accounts.signup("new@example.org", "correct horse battery", "New Person")
    await drain()
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "new@example.org"
    assert "/verify/" in message.get_payload(decode=True).decode()
    stored = await OutboundMail.get(to_address="new@example.org")
    assert stored.status == "sent" and stored.text_body == ""  # the one-time link is not kept


async def test_mail_waits_while_the_smtp_server_is_down_and_goes_out_later(db, settings, smtp_server):
    working = settings_module.current()
    settings_module.configure(working.with_(smtp_url="smtp://127.0.0.1:9"))  # nothing listens there
    await accounts.signup("new@example.org", "correct horse battery", "New Person")
    await drain()
    assert (await OutboundMail.get(to_address="new@example.org")).status == "queued"
    assert smtp_server.messages == []
    settings_module.configure(working)
    await drain()
    assert (await OutboundMail.get(to_address="new@example.org")).status == "sent"
    assert [m["To"] for m in smtp_server.messages] == ["new@example.org"]
