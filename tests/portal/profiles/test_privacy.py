"""The privacy center: consents with their history, the access log, the customer view, and the
rules each consent imposes on the services."""
import pytest

from portal import core, features
from portal.accounts import api_tokens
from portal.accounts.models import Member
from portal.errors import Forbidden, Invalid
from portal.events import Event
from portal.notify.models import OutboundMail
from portal.profiles import access_log, consents, customer_view
from portal.profiles.models import AccessEntry, ConsentChange
from tests.conftest import login, make_member, post_form


async def test_every_consent_is_off_until_the_member_turns_it_on(db):
    ada = await make_member()
    assert await consents.current(ada) == {name: None for name in consents.PURPOSES}


async def test_consent_changes_are_kept_with_their_time_and_are_events(db):
    ada = await make_member()
    assert await consents.set_consents(ada, {"newsletter": True, "contact": True}) == ["newsletter", "contact"]
    assert await consents.set_consents(ada, {"newsletter": False, "contact": True}) == ["newsletter"]
    given = await consents.current(ada)
    assert given["contact"] is not None and given["newsletter"] is None
    changes = [(c.purpose, c.granted) for c in await consents.history(ada)]
    assert changes == [("newsletter", False), ("contact", True), ("newsletter", True)]
    emitted = await Event.filter(kind="consent.changed").order_by("id").values_list("data", flat=True)
    assert emitted == [{"purpose": "newsletter", "granted": True}, {"purpose": "contact", "granted": True},
                       {"purpose": "newsletter", "granted": False}]


async def test_an_unknown_purpose_is_refused(db):
    ada = await make_member()
    with pytest.raises(Invalid):
        await consents.set_consents(ada, {"sell_my_data": True})
    assert await ConsentChange.all().count() == 0


async def test_the_privacy_center_saves_choices_and_shows_their_history(client):
    await make_member()
    await login(client)
    response = await post_form(client, "/me/privacy", {"consent_contact": "on"}, token_from="/me/privacy")
    assert response.status_code == 303
    page = (await client.get("/me/privacy")).text
    assert "History of your choices" in page and "turned on" in page
    assert 'name="consent_contact" value="on" checked' in page
    assert 'name="consent_newsletter" value="on" checked' not in page


async def test_the_privacy_center_refuses_a_post_without_csrf_token(client):
    ada = await make_member()
    await login(client)
    response = await client.post("/me/privacy", data={"consent_newsletter": "on"})
    assert response.status_code == 403
    assert await consents.current(ada) == {name: None for name in consents.PURPOSES}


async def test_the_privacy_center_needs_a_login(client):
    response = await client.get("/me/privacy")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


# -- each consent is obeyed --------------------------------------------------------------------

async def test_staff_cannot_write_to_a_member_who_did_not_agree_to_be_contacted(db):
    ada = await make_member()
    agent = await make_member("agent@example.org", name="Sam Service", role="service")
    with pytest.raises(Forbidden):
        await customer_view.write_to(agent, ada.pk, "About your idea …")
    assert await OutboundMail.filter(kind="staff_message").count() == 0
    await consents.set_consents(ada, {"contact": True})
    await customer_view.write_to(agent, ada.pk, "About your idea: it shipped.")
    sent = await OutboundMail.get(kind="staff_message")
    assert sent.to_address == "ada@example.org" and "it shipped" in sent.text_body
    assert await AccessEntry.filter(member_id=ada.pk, action="member.contacted", actor_id=agent.pk).exists()


async def test_withdrawing_the_contact_consent_stops_the_next_message(db):
    ada = await make_member()
    agent = await make_member("agent@example.org", role="service")
    await consents.set_consents(ada, {"contact": True})
    await consents.set_consents(ada, {"contact": False})
    with pytest.raises(Forbidden):
        await customer_view.write_to(agent, ada.pk, "Hello")


async def test_only_members_who_agreed_are_in_the_audience_of_a_purpose(db):
    ada = await make_member()
    bob = await make_member("bob@example.org")
    unverified = await make_member("new@example.org", verified=False)
    await consents.set_consents(ada, {"contact": True})
    await consents.set_consents(bob, {"newsletter": True})
    await consents.set_consents(unverified, {"contact": True, "newsletter": True})
    assert await consents.audience("contact") == [ada.pk]
    assert await consents.audience("newsletter") == [bob.pk]


async def test_a_site_offers_only_the_consents_of_its_features(client):
    """No survey feature, no "Invite me to surveys"; a feature that declares a purpose adds it."""
    await make_member()
    await login(client)
    privacy = (await client.get("/me/privacy")).text
    assert "Contact me about my feedback" in privacy and "surveys" not in privacy.lower()
    with pytest.raises(Invalid):
        await consents.set_consents(await Member.get(email="ada@example.org"), {"surveys": True})
    signup = (await client.get("/signup")).text
    assert "vote for the ones you want" in signup and "survey" not in signup.lower()

    polls = features.Feature(name="polls", consents=(consents.Purpose("polls", "Invite me to polls", "Now and then."),),
                             pitch="Answer polls.")
    features.install([*core.installed(None), polls])
    try:
        assert "Invite me to polls" in (await client.get("/me/privacy")).text
        assert "Answer polls." in (await client.get("/signup")).text
    finally:
        features.install(core.installed(None))


async def test_product_staff_see_a_pseudonym_unless_the_member_shares_their_name(db):
    ada = await make_member(name="Ada Lovelace")
    bob = await make_member("bob@example.org", name="Bob Builder")
    await consents.set_consents(bob, {"name_to_product": True})
    names = await consents.names_for_product([ada.pk, bob.pk])
    assert names[bob.pk] == "Bob Builder"
    assert names[ada.pk].startswith("Member ") and "Ada" not in names[ada.pk]
    assert names[ada.pk] == (await consents.names_for_product([ada.pk]))[ada.pk]  # stable


# -- the customer view and the access log ----------------------------------------------------------

async def test_members_may_not_open_the_customer_view(client):
    ada = await make_member()
    await make_member("bob@example.org")
    await login(client, "bob@example.org")
    response = await client.get(f"/staff/members/{ada.pk}?why=support")
    assert response.status_code == 403
    assert (await client.get("/staff/members")).status_code == 403
    response = await post_form(client, f"/staff/members/{ada.pk}", {"why": "support"})
    assert response.status_code == 403
    assert await AccessEntry.all().count() == 0


async def test_staff_give_a_reason_and_the_member_sees_the_visit_in_their_log(client, other_client):
    ada = await make_member(name="Ada Lovelace")
    await make_member("agent@example.org", name="Sam Service", role="service")
    await login(client, "agent@example.org")
    asked = await client.get(f"/staff/members/{ada.pk}")
    assert asked.status_code == 200 and "Why do you open this member" in asked.text
    assert await AccessEntry.all().count() == 0
    opened = await post_form(client, f"/staff/members/{ada.pk}", {"why": "support"})
    assert opened.status_code == 303
    view = await client.get(opened.headers["location"])
    assert view.status_code == 200 and "Ada Lovelace" in view.text and "Consents" in view.text
    assert (await post_form(client, "/staff/members/999999", {"why": "support"})).status_code == 404
    assert (await client.get("/staff/members/999999")).status_code == 404

    await login(other_client)
    log = (await other_client.get("/me/privacy")).text
    assert "Sam Service (Team · Customer service)" in log and "opened your profile and what you wrote here" in log
    assert "Answering your support request" in log
    # The export says it in the same words, with no internal id of the staff member.
    entry = (await other_client.get("/me/export.json")).json()["sections"]["access_log"][0]
    assert entry == {"created_at": entry["created_at"], "who": "Sam Service (Team · Customer service)",
                     "what": "opened your profile and what you wrote here", "why": "Answering your support request"}
    await Member.filter(id=ada.pk).update(language="de")
    german = (await other_client.get("/me/export.json")).json()
    assert german["sections"]["access_log"][0]["who"] == "Sam Service (Team · Kundenservice)"


async def test_staff_opening_a_profile_page_is_logged_but_members_are_not(client, other_client):
    ada = await make_member()
    await make_member("bob@example.org")
    await make_member("mod@example.org", name="Mo Mod", role="moderator")
    await login(client, "bob@example.org")
    await client.get(f"/u/{ada.handle}")
    assert await AccessEntry.filter(member_id=ada.pk).count() == 0
    await login(other_client, "mod@example.org")
    await other_client.get(f"/u/{ada.handle}")
    entry = await AccessEntry.get(member_id=ada.pk)
    assert entry.action == "profile.viewed"


async def test_nobody_changes_or_deletes_the_access_log(db):
    ada = await make_member()
    mod = await make_member("mod@example.org", role="moderator")
    entry = await access_log.record(ada.pk, "profile.viewed", actor=mod)
    entry.reason = "nothing to see"
    with pytest.raises(PermissionError):
        await entry.save()
    with pytest.raises(PermissionError):
        await entry.delete()
    assert (await AccessEntry.get(id=entry.pk)).reason == ""


async def test_an_api_token_reading_personal_data_is_logged(client):
    ada = await make_member()
    _, raw = await api_tokens.create(ada, "CRM sync", ["read"])
    response = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200 and response.json()["consents"]["newsletter"] is False
    entry = await AccessEntry.get(member_id=ada.pk)
    assert entry.action == "api.read" and entry.actor_label == "API token “CRM sync”"


async def test_consents_change_through_the_api(client):
    ada = await make_member()
    _, raw = await api_tokens.create(ada, "app", ["read", "write"])
    headers = {"Authorization": f"Bearer {raw}"}
    response = await client.patch("/api/v1/me", json={"consents": {"contact": True}}, headers=headers)
    assert response.status_code == 200 and response.json()["consents"]["contact"] is True
    assert (await ConsentChange.get(member_id=ada.pk)).via == "api"
    bad = await client.patch("/api/v1/me", json={"consents": {"sell": True}, "bio": "x"}, headers=headers)
    assert bad.status_code == 422
    assert (await client.get("/api/v1/me", headers=headers)).json()["bio"] == ""


# -- the newsletter obeys its consent ----------------------------------------------------------

async def test_the_newsletter_reaches_only_members_who_asked_and_stops_with_one_click(client, settings):
    from portal.notify import newsletter
    from tests.conftest import drain, link_in, mailbox

    admin = await make_member("root@example.org", role="admin", name="Root")
    ada = await make_member()
    await make_member("bob@example.org")
    await consents.set_consents(ada, {"newsletter": True})
    await login(client, "root@example.org")
    page = await client.get("/staff/newsletter")
    assert "It goes to the 1 member who asked for it" in page.text
    unconfirmed = await post_form(client, "/staff/newsletter", {"subject": "News", "body": "Hello all"},
                                  token_from="/staff/newsletter")
    assert unconfirmed.status_code == 422 and 'value="News"' in unconfirmed.text
    sent = await post_form(client, "/staff/newsletter", {"subject": "Winter news", "body": "Hello all",
                                                         "confirm": "on"}, token_from="/staff/newsletter")
    assert sent.status_code == 303
    await drain()
    letters = [m for m in mailbox(settings) if m["Subject"] == "Winter news"]
    assert [m["To"] for m in letters] == ["ada@example.org"]
    stop_path = link_in(letters[0], "/newsletter/stop/")
    await post_form(client, "/logout")
    assert (await client.get(stop_path)).status_code == 200
    assert await consents.has(ada.pk, "newsletter")  # looking is not stopping
    assert (await post_form(client, stop_path, token_from=stop_path)).status_code == 303
    assert not await consents.has(ada.pk, "newsletter")
    assert (await ConsentChange.filter(member_id=ada.pk).order_by("-id").first()).via == "mail"
    assert (await client.get(stop_path[:-3] + "xyz")).status_code == 404
    assert (await newsletter.send(admin, "Next", "Nobody left")).recipients == 0


async def test_members_cannot_send_the_newsletter(client):
    await make_member()
    await login(client)
    assert (await client.get("/staff/newsletter")).status_code == 403
    response = await post_form(client, "/staff/newsletter", {"subject": "Spam", "body": "x", "confirm": "on"})
    assert response.status_code == 403
