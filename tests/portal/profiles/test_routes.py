"""Profiles from outside: /me edits, /u/{handle} shows each viewer what they may see."""

import pytest
from markupsafe import Markup

from portal import markdown
from portal.accounts.models import Member
from portal.profiles import service as profiles
from portal.profiles.models import Profile
from tests.conftest import login, make_member, post_form

FULL_FORM = {
    "display_name": "Ada Lovelace", "handle": "ada", "bio": "Rides *every* day.", "company": "Analytical Ltd",
    "country": "GB", "interests": "app, battery", "language": "en", "digest": "off",
    "visibility_bio": "public", "visibility_company": "members", "visibility_country": "staff",
    "visibility_interests": "private",
}


async def test_editing_the_profile_and_seeing_it_public(client):
    await make_member()
    await login(client)
    response = await post_form(client, "/me", FULL_FORM, token_from="/me")
    assert response.status_code == 303
    public = await client.get("/u/ada")
    assert public.status_code == 200
    assert "Ada Lovelace" in public.text and "<em>every</em>" in public.text


async def test_profile_errors_keep_what_was_typed(client):
    await make_member()
    await login(client)
    response = await post_form(client, "/me", {**FULL_FORM, "handle": "no spaces allowed", "bio": "Kept bio"},
                               token_from="/me")
    assert response.status_code == 422
    assert "Kept bio" in response.text and 'value="no spaces allowed"' in response.text
    assert (await Member.get(email="ada@example.org")).handle != "no spaces allowed"


async def _owner_with_levels():
    owner = await make_member("owner@example.org", name="Olga Owner")
    await profiles.update_profile(owner, {
        "bio": "PUBLICBIO", "company": "MEMBERSCOMPANY", "country": "AT", "interests": "secretinterest",
        "visibility": {"bio": "public", "company": "members", "country": "staff", "interests": "private"}})
    return owner


@pytest.mark.parametrize("viewer,shown,hidden", [
    (None, ["PUBLICBIO"], ["MEMBERSCOMPANY", "Austria", "secretinterest", "owner@example.org"]),
    ("member", ["PUBLICBIO", "MEMBERSCOMPANY"], ["Austria", "secretinterest", "owner@example.org"]),
    ("service", ["PUBLICBIO", "MEMBERSCOMPANY", "Austria"], ["secretinterest", "owner@example.org"]),
    ("self", ["PUBLICBIO", "MEMBERSCOMPANY", "Austria", "secretinterest"], []),
])
async def test_each_viewer_sees_only_what_the_owner_allows(client, viewer, shown, hidden):
    await _owner_with_levels()
    if viewer == "self":
        await login(client, "owner@example.org")
    elif viewer:
        await make_member("viewer@example.org", role=viewer)
        await login(client, "viewer@example.org")
    page = await client.get("/u/olga_owner")
    assert page.status_code == 200
    for text in shown:
        assert text in page.text
    for text in hidden:
        assert text not in page.text


async def test_unknown_handles_are_404(client):
    assert (await client.get("/u/nobody")).status_code == 404


async def test_me_needs_a_login(client):
    response = await client.get("/me")
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/me"


async def test_user_text_is_rendered_inert(client):
    await make_member()
    await login(client)
    await post_form(client, "/me", {**FULL_FORM, "bio": "<script>alert(1)</script> [x](javascript:alert(2))",
                                    "display_name": "<img src=x onerror=alert(3)>"}, token_from="/me")
    page = await client.get("/u/ada")
    assert "<script>alert(1)" not in page.text and 'href="javascript' not in page.text
    assert "<img src=x" not in page.text


async def test_the_bio_is_rendered_when_saved_and_goes_with_it(client, monkeypatch):
    member = await make_member()
    await login(client)
    await post_form(client, "/me", FULL_FORM, token_from="/me")
    # Markdown renders differently from now on: the page still serves what was rendered at saving.
    monkeypatch.setattr(markdown, "render_markdown", lambda text: Markup("<p>rendered later</p>"))
    assert "<em>every</em>" in (await client.get("/u/ada")).text
    await post_form(client, "/me", {**FULL_FORM, "bio": "Rides on weekends."}, token_from="/me")
    assert "rendered later" in (await client.get("/u/ada")).text
    await post_form(client, "/me", {**FULL_FORM, "bio": ""}, token_from="/me")
    profile = await Profile.get(member_id=member.pk)
    assert (profile.bio, profile.bio_html) == ("", "")
    assert 'class="bio"' not in (await client.get("/u/ada")).text


async def test_a_form_post_cannot_set_roles_or_status(client):
    await make_member()
    await login(client)
    await post_form(client, "/me", {**FULL_FORM, "roles": "admin", "status": "erased"}, token_from="/me")
    member = await Member.get(email="ada@example.org")
    assert member.roles == ["member"] and member.status == "active"


async def test_notification_preferences_are_saved(client):
    await make_member()
    await login(client)
    await post_form(client, "/me/notifications/settings", {"notify_welcome_mail": "on", "digest": "weekly"},
                    token_from="/me/notifications/settings")
    profile = await profiles.get_profile(await Member.get(email="ada@example.org"))
    assert profile.notification_prefs["welcome"] == {"in_app": False, "mail": True}
    assert profile.digest == "weekly"


async def test_changing_language_on_me_switches_the_page_language(client):
    await make_member()
    await login(client)
    await post_form(client, "/me", {**FULL_FORM, "language": "de"}, token_from="/me")
    assert '<html lang="de"' in (await client.get("/me")).text
