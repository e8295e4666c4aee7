"""What a consumer gave up on: the mail row says failed, admins see it at /staff/events and retry
or discard it; and every consumer can run twice over the same events without changing anything."""
import pytest

from portal import events
from portal import settings as settings_module
from portal.accounts import service as accounts
from portal.events import DeadLetter
from portal.notify.models import Notification, OutboundMail
from tests.conftest import csrf_token, drain, login, make_member, post_form


@pytest.fixture
def smtp_down(settings):
    working = settings_module.current()
    settings_module.configure(working.with_(smtp_url="smtp://127.0.0.1:9"))  # nothing listens there
    yield
    settings_module.configure(working)


async def _dead_mail(settings) -> DeadLetter:
    working = settings_module.current()
    settings_module.configure(working.with_(smtp_url="smtp://127.0.0.1:9"))
    await accounts.signup("new@example.org", "correct horse battery", "New Person")
    for _ in range(events.MAX_ATTEMPTS):
        await drain()
    settings_module.configure(working)
    return await DeadLetter.get(consumer="mail")


async def test_a_mail_given_up_on_shows_failed_with_its_error_and_a_retry_sends_it(client, settings):
    letter = await _dead_mail(settings)
    mail = await OutboundMail.get(to_address="new@example.org")
    assert mail.status == "failed" and mail.attempts == events.MAX_ATTEMPTS and "9" in mail.last_error
    await make_member("admin@example.org", role="admin")
    await login(client, "admin@example.org")
    page = await client.get("/staff/events")
    assert page.status_code == 200 and "mail.queued" in page.text and "mail" in page.text
    response = await post_form(client, f"/staff/events/{letter.pk}/retry", token_from="/staff/events")
    assert response.status_code == 303
    assert not await DeadLetter.exists(id=letter.pk)
    assert (await OutboundMail.get(id=mail.pk)).status == "sent"


async def test_discard_asks_first_and_needs_csrf(client, settings):
    letter = await _dead_mail(settings)
    await make_member("admin@example.org", role="admin")
    await login(client, "admin@example.org")
    confirm = await client.get(f"/staff/events/{letter.pk}/discard")
    assert confirm.status_code == 200 and "Discard for good" in confirm.text
    assert (await client.post(f"/staff/events/{letter.pk}/discard")).status_code == 403  # no CSRF token
    assert await DeadLetter.exists(id=letter.pk)
    response = await post_form(client, f"/staff/events/{letter.pk}/discard", token_from="/staff/events")
    assert response.status_code == 303 and not await DeadLetter.exists(id=letter.pk)
    assert "Nothing waiting" in (await client.get("/staff/events")).text


async def test_only_admins_see_dead_letters(client, settings):
    letter = await _dead_mail(settings)
    await make_member("mod@example.org", role="moderator")
    await login(client, "mod@example.org")
    assert (await client.get("/staff/events")).status_code == 403
    token = await csrf_token(client, "/")
    response = await client.post(f"/staff/events/{letter.pk}/retry", data={"csrf_token": token})
    assert response.status_code == 403 and await DeadLetter.exists(id=letter.pk)


async def test_the_german_page(client, settings):
    await make_member("admin@example.org", role="admin", language="de")
    await login(client, "admin@example.org")
    page = await client.get("/staff/events", headers={"Accept-Language": "de"})
    assert "Nicht zugestellte Ereignisse" in page.text


async def test_every_consumer_may_run_twice_over_the_same_events(db, settings):
    member = await make_member("ada@example.org")
    await accounts.change_password(member, None, "correct horse battery", "another good password")
    await drain()
    before = (await Notification.all().count(), await OutboundMail.all().count(),
              sorted(await OutboundMail.all().values_list("status", flat=True)))
    for name in sorted(events.consumers()):
        await events.replay(name)
    await drain()
    after = (await Notification.all().count(), await OutboundMail.all().count(),
             sorted(await OutboundMail.all().values_list("status", flat=True)))
    assert before == after and before[0] >= 2
