"""Security of the pages as a browser or an API caller meets them: a GET never writes the access
log (the customer view and the admin export take their reason by POST), responses with secrets or
personal data are not cached, and display names cannot break mails or pass for the team."""
import re

import pytest

from ideas import board, comments
from portal.accounts import api_tokens, tokens
from portal.accounts.models import Member
from portal.profiles import consents
from portal.profiles.models import AccessEntry, Profile
from tests.conftest import csrf_token, drain, login, mailbox, make_member, post_form
from tests.portal.profiles.test_routes import FULL_FORM

PASSWORD = "correct horse battery"


# -- the customer view and the admin export: the reason comes by POST -------------------------------

@pytest.fixture
async def ada(db):
    return await make_member(name="Ada Lovelace")


async def _staff(client, role="service", email="agent@example.org", name="Sam Service"):
    member = await make_member(email, name=name, role=role)
    await login(client, email)
    return member


async def test_a_crafted_get_link_writes_nothing_and_only_asks_why(client, ada):
    await _staff(client)
    for query in ("?why=feedback", "?why=support", "?grant=feedback.9999999999.forged", ""):
        page = await client.get(f"/staff/members/{ada.pk}{query}")
        assert page.status_code == 200
        assert "Why do you open this member" in page.text and 'method="post"' in page.text
        assert "Ada Lovelace" not in page.text
    assert await AccessEntry.all().count() == 0


async def test_the_reason_needs_the_csrf_token(client, ada):
    await _staff(client)
    await client.get("/staff/members")  # the browser has its CSRF cookie
    refused = await client.post(f"/staff/members/{ada.pk}", data={"why": "feedback"})
    assert refused.status_code == 403
    forged = await client.post(f"/staff/members/{ada.pk}", data={"why": "feedback", "csrf_token": "x" * 64})
    assert forged.status_code == 403
    assert await AccessEntry.all().count() == 0


async def test_a_posted_reason_logs_once_and_reloading_the_view_writes_nothing(client, ada):
    await _staff(client)
    opened = await post_form(client, f"/staff/members/{ada.pk}", {"why": "feedback"}, token_from="/staff/members")
    assert opened.status_code == 303
    view_url = opened.headers["location"]
    assert "why=" not in view_url
    entry = await AccessEntry.get(member_id=ada.pk)
    assert entry.action == "customer_view.opened" and entry.reason == "Following up on your feedback"
    for _ in range(3):
        view = await client.get(view_url)
        assert view.status_code == 200 and "Ada Lovelace" in view.text and "Consents" in view.text
    assert await AccessEntry.all().count() == 1


async def test_no_reason_is_asked_again_and_writes_nothing(client, ada):
    await _staff(client)
    response = await post_form(client, f"/staff/members/{ada.pk}", {"why": "curiosity"}, token_from="/staff/members")
    assert response.status_code == 422
    assert 'id="f-why-error"' in response.text and "Please tell us why" in response.text
    assert await AccessEntry.all().count() == 0


async def test_a_view_link_opens_nothing_for_another_staff_member_or_after_logout(client, other_client, ada):
    await _staff(client)
    opened = await post_form(client, f"/staff/members/{ada.pk}", {"why": "support"}, token_from="/staff/members")
    view_url = opened.headers["location"]
    await _staff(other_client, role="moderator", email="mod@example.org", name="Mo Mod")
    shared = await other_client.get(view_url)
    assert shared.status_code == 200 and "Ada Lovelace" not in shared.text
    assert "Why do you open this member" in shared.text
    # The same staff member in a new login needs a new reason too.
    await post_form(client, "/logout", token_from="/staff/members")
    await login(client, "agent@example.org")
    assert "Ada Lovelace" not in (await client.get(view_url)).text
    # The grant is for this member only.
    bob = await make_member("bob@example.org", name="Bob Builder")
    other = view_url.replace(f"/staff/members/{ada.pk}?", f"/staff/members/{bob.pk}?")
    assert "Bob Builder" not in (await client.get(other)).text
    assert await AccessEntry.all().count() == 1


async def test_members_get_403_on_every_part_of_the_customer_view(client, ada):
    await make_member("bob@example.org")
    await login(client, "bob@example.org")
    token = await csrf_token(client, "/me")
    assert (await client.get(f"/staff/members/{ada.pk}?why=feedback")).status_code == 403
    for path, data in ((f"/staff/members/{ada.pk}", {"why": "feedback"}),
                       (f"/staff/members/{ada.pk}/export.zip", {"why": "account"}),
                       (f"/staff/members/{ada.pk}/contact", {"message": "Hi"})):
        assert (await client.post(path, data={**data, "csrf_token": token})).status_code == 403
    assert await AccessEntry.all().count() == 0


async def test_writing_to_a_member_returns_to_the_view_without_a_new_log_row(client, ada):
    await consents.set_consents(ada, {"contact": True})
    await _staff(client)
    opened = await post_form(client, f"/staff/members/{ada.pk}", {"why": "feedback"}, token_from="/staff/members")
    view_url = opened.headers["location"]
    grant = re.search(r'name="grant" value="([^"]+)"', (await client.get(view_url)).text).group(1)
    sent = await post_form(client, f"/staff/members/{ada.pk}/contact", {"message": "About your idea", "grant": grant},
                           token_from=view_url)
    assert sent.status_code == 303 and "why=" not in sent.headers["location"]
    back = await client.get(sent.headers["location"])
    assert "Ada Lovelace" in back.text and "Your message is on its way" in back.text
    actions = sorted(await AccessEntry.filter(member_id=ada.pk).values_list("action", flat=True))
    assert actions == ["customer_view.opened", "member.contacted"]


async def test_the_admin_export_takes_its_reason_by_post(client, ada):
    await _staff(client, role="admin", email="root@example.org", name="Root Admin")
    path = f"/staff/members/{ada.pk}/export.zip"
    assert (await client.get(f"{path}?why=account")).status_code == 405
    assert (await client.post(path, data={"why": "account"})).status_code == 403
    assert await AccessEntry.all().count() == 0
    missing = await post_form(client, path, {}, token_from="/staff/members")
    assert missing.status_code == 422 and await AccessEntry.all().count() == 0
    response = await post_form(client, path, {"why": "account"}, token_from="/staff/members")
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    entry = await AccessEntry.get(member_id=ada.pk)
    assert entry.action == "export.downloaded" and entry.reason == "Looking after your account, at your request"


# -- Cache-Control ----------------------------------------------------------------------------------

async def test_secrets_and_personal_data_are_not_stored_by_any_cache(client, ada):
    admin = await _staff(client, role="admin", email="root@example.org", name="Root Admin")
    token_page = await post_form(client, "/me/tokens", {"name": "Sync", "scopes": "read"}, token_from="/me/tokens")
    assert token_page.status_code == 200
    assert token_page.headers["cache-control"] == "no-store"
    assert (await client.get("/me/tokens")).headers["cache-control"] == "no-store"
    assert (await client.get("/me/export")).headers["cache-control"] == "no-store"
    assert (await client.get("/me/export.json")).headers["cache-control"] == "no-store"
    assert (await client.get("/me/sessions")).headers["cache-control"] == "no-store"
    opened = await post_form(client, f"/staff/members/{ada.pk}", {"why": "account"}, token_from="/staff/members")
    assert opened.headers["cache-control"] == "no-store"
    assert (await client.get(opened.headers["location"])).headers["cache-control"] == "no-store"
    export = await post_form(client, f"/staff/members/{ada.pk}/export.zip", {"why": "account"},
                             token_from="/staff/members")
    assert export.headers["cache-control"] == "no-store"
    _, raw = await api_tokens.create(admin, "Script", ["read"])
    for path in ("/api/v1/me", "/api/v1/me/export"):
        response = await client.get(path, headers={"Authorization": f"Bearer {raw}"})
        assert response.status_code == 200 and response.headers["cache-control"] == "no-store"


async def test_one_time_link_pages_are_not_stored(client, other_client, ada):
    reset = await tokens.issue(ada, "reset")
    verify = await tokens.issue(ada, "verify")
    for path in (f"/password/reset/{reset}", f"/verify/{verify}"):
        response = await other_client.get(path)
        assert response.status_code in (200, 410) and response.headers["cache-control"] == "no-store"


async def test_pages_of_a_logged_in_member_are_private_and_visitors_pages_are_left_alone(client, other_client, ada):
    await login(client)
    for path in ("/", "/me", "/ideas", "/me/privacy", "/me/notifications"):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "private", path
    for path in ("/", "/ideas", "/login"):
        response = await other_client.get(path)
        assert response.status_code == 200 and "cache-control" not in response.headers, path
    static = await client.get("/static/vox.css")
    assert static.status_code == 200 and "cache-control" not in static.headers
    _, raw = await api_tokens.create(ada, "Reader", ["read"])
    api = await other_client.get("/api/v1/ideas", headers={"Authorization": f"Bearer {raw}"})
    assert api.status_code == 200 and api.headers["cache-control"] == "private"


# -- display names ----------------------------------------------------------------------------------

BAD_NAMES = {"a line break": "Eve\nBcc: all@example.org", "a bidi override": "Eve \u202eeciffo",
             "a zero-width space": "Ev\u200be"}
NAME_ERROR = "no line breaks, control characters or invisible formatting"


@pytest.mark.parametrize("what", BAD_NAMES)
async def test_signup_refuses_invisible_and_control_characters_in_names(client, what):
    response = await post_form(client, "/signup", {"email": "eve@example.org", "password": PASSWORD,
                                                   "display_name": BAD_NAMES[what]}, token_from="/signup")
    assert response.status_code == 422
    error = re.search(r'<small id="f-display_name-error" class="field-error">([^<]*)</small>', response.text)
    assert error and NAME_ERROR in error.group(1)
    assert 'value="eve@example.org"' in response.text
    assert not await Member.filter(email="eve@example.org").exists()


@pytest.mark.parametrize("what", BAD_NAMES)
async def test_the_profile_form_refuses_invisible_and_control_characters_in_names(client, what):
    await make_member(name="Ada Lovelace")
    await login(client)
    response = await post_form(client, "/me", {**FULL_FORM, "display_name": BAD_NAMES[what], "bio": "Kept bio"},
                               token_from="/me")
    assert response.status_code == 422
    error = re.search(r'<small id="f-display_name-error" class="field-error">([^<]*)</small>', response.text)
    assert error and NAME_ERROR in error.group(1)
    assert "Kept bio" in response.text and 'value="Analytical Ltd"' in response.text
    assert (await Member.get(email="ada@example.org")).display_name == "Ada Lovelace"


async def test_the_name_rule_speaks_german_too(client):
    await make_member(name="Ada Lovelace", language="de")
    await login(client)
    response = await post_form(client, "/me", {**FULL_FORM, "language": "de", "display_name": "Ada\u200b"},
                               token_from="/me")
    assert response.status_code == 422 and "keine Zeilenumbrüche" in response.text


@pytest.mark.parametrize("name", ["Vox Team", "vox-team", "VOX  TEAM", "V0x Τeam", "Admin", "Moderator", "Staff",
                                  "Support", "Vox", "Vox Support Desk"])
async def test_names_that_pass_for_the_team_need_an_admin(client, name):
    await make_member(name="Ada Lovelace")
    await login(client)
    response = await post_form(client, "/me", {**FULL_FORM, "display_name": name}, token_from="/me")
    assert response.status_code == 422 and "This name is kept for the team" in response.text
    signup = await post_form(client, "/signup", {"email": "eve@example.org", "password": PASSWORD,
                                                 "display_name": name}, token_from="/signup")
    assert signup.status_code == 422 and "This name is kept for the team" in signup.text


async def test_an_admin_may_call_themselves_vox_team(client):
    await make_member("root@example.org", name="Root Admin", role="admin")
    await login(client, "root@example.org")
    response = await post_form(client, "/me", {**FULL_FORM, "display_name": "Vox Team"}, token_from="/me")
    assert response.status_code == 303
    assert (await Member.get(email="root@example.org")).display_name == "Vox Team"


async def test_ordinary_names_pass_and_spacing_is_tidied(client):
    await make_member(name="Ada Lovelace")
    await login(client)
    response = await post_form(client, "/me", {**FULL_FORM, "display_name": "  Zoë   O’Brien "}, token_from="/me")
    assert response.status_code == 303
    assert (await Member.get(email="ada@example.org")).display_name == "Zoë O’Brien"


async def test_a_notification_mail_naming_a_member_is_delivered_as_one_subject_line(client, settings):
    ada = await make_member(name="Ada Lovelace")
    await Profile.filter(member_id=ada.pk).update(notification_prefs={"idea_comment": {"in_app": True, "mail": True}})
    idea = await board.submit(ada, "Cargo bike mode", "A mode for heavy loads.")
    eve = await make_member("eve@example.org", name="Eve Example")
    await login(client, "eve@example.org")
    refused = await post_form(client, "/me", {**FULL_FORM, "handle": "eve", "display_name": BAD_NAMES["a line break"]},
                              token_from="/me")
    assert refused.status_code == 422
    await comments.add_comment(await Member.get(id=eve.pk), idea.pk, "Yes, please.")
    await drain()
    mails = [m for m in mailbox(settings) if m["To"] == "ada@example.org"]
    assert len(mails) == 1
    assert mails[0]["Subject"] == "Vox: Eve Example commented on “Cargo bike mode”."
    assert mails[0]["Bcc"] is None
