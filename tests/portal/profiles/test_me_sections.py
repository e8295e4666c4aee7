"""/me in short sections, each with its own form and save: the profile, notification settings,
password and email, sessions, tokens (and the privacy center), joined by one section navigation.
Interests are chosen from the board's tags, named in the reader's language, with free entries."""
from __future__ import annotations

import re

import pytest

from ideas.models import Tag
from portal.accounts.models import Member
from portal.profiles import interests, service as profiles
from tests.conftest import login, make_member, post_form
from tests.portal.profiles.test_routes import FULL_FORM

SECTIONS = {
    "/me": "Profile",
    "/me/notifications/settings": "Notifications",
    "/me/account": "Password and email",
    "/me/password": "Password and email",
    "/me/email": "Password and email",
    "/me/sessions": "Sessions",
    "/me/tokens": "API tokens",
    "/me/privacy": "Privacy",
}
NOTIFY = "/me/notifications/settings"


@pytest.fixture
async def ada(client):
    member = await make_member(name="Ada Lovelace")
    await login(client)
    return member


@pytest.fixture
async def tags(db):
    for slug, en, de in (("battery", "Battery", "Akku"), ("app", "App", "App"), ("range", "Range", "Reichweite")):
        await Tag.create(slug=slug, name_en=en, name_de=de)


def current_section(page: str) -> list[str]:
    nav = re.search(r'<nav class="me-nav" aria-label="Your account">(.*?)</nav>', page, re.S)
    assert nav, "no section navigation"
    return re.findall(r'aria-current="page">([^<]+)</a>', nav.group(1))


@pytest.mark.parametrize("path", SECTIONS)
async def test_every_section_shows_the_navigation_with_itself_current(client, ada, path):
    response = await client.get(path)
    assert response.status_code == 200
    assert current_section(response.text) == [SECTIONS[path]]


async def test_old_links_to_the_notification_choices_lead_to_their_section(client, ada):
    page = (await client.get("/me")).text
    assert re.search(r'<a href="/me/notifications/settings" id="notifications"', page)
    assert 'href="/me/notifications/settings"' in (await client.get("/me/notifications")).text


async def test_the_profile_section_saves_only_its_own_fields(client, ada):
    await post_form(client, NOTIFY, {"notify_welcome_mail": "on", "digest": "weekly"}, token_from=NOTIFY)
    # A crafted profile form that also names notification fields changes none of them.
    response = await post_form(client, "/me", {**FULL_FORM, "digest": "daily", "notify_welcome_in_app": "on"},
                               token_from="/me")
    assert response.status_code == 303
    profile = await profiles.get_profile(await Member.get(id=ada.pk))
    assert profile.digest == "weekly"
    assert profile.notification_prefs["welcome"] == {"in_app": False, "mail": True}
    assert profile.bio == FULL_FORM["bio"]


async def test_the_notifications_section_saves_only_its_own_fields(client, ada):
    await post_form(client, "/me", FULL_FORM, token_from="/me")
    response = await post_form(client, NOTIFY, {**FULL_FORM, "display_name": "Changed", "bio": "Changed",
                                                "digest": "daily"}, token_from=NOTIFY)
    assert response.status_code == 303 and response.headers["location"] == NOTIFY
    member = await Member.get(id=ada.pk)
    profile = await profiles.get_profile(member)
    assert (member.display_name, profile.bio, profile.digest) == ("Ada Lovelace", FULL_FORM["bio"], "daily")
    assert "Your notification settings are saved." in (await client.get(NOTIFY)).text


async def test_the_profile_section_keeps_what_was_typed_on_error(client, ada, tags):
    response = await post_form(client, "/me", {**FULL_FORM, "handle": "no spaces", "bio": "Kept bio",
                                               "interests": ["battery", "range"], "interests_other": "touring, winter"},
                               token_from="/me")
    assert response.status_code == 422
    page = response.text
    assert "Kept bio" in page and 'value="no spaces"' in page
    assert re.search(r'value="battery"\s+checked', page) and re.search(r'value="range"\s+checked', page)
    assert not re.search(r'value="app"\s+checked', page)
    assert 'value="touring, winter"' in page
    assert (await profiles.get_profile(ada)).bio == ""


async def test_the_notifications_section_keeps_what_was_ticked_on_error(client, ada):
    response = await post_form(client, NOTIFY, {"notify_welcome_mail": "on", "digest": "hourly"}, token_from=NOTIFY)
    assert response.status_code == 422
    assert "Please choose one of the digest options." in response.text
    assert re.search(r'id="f-notify_welcome_mail" name="notify_welcome_mail" value="on"\s+checked', response.text)
    assert (await profiles.get_profile(ada)).digest == "off"


async def test_password_and_email_share_a_section_each_form_on_its_own(client, ada):
    response = await post_form(client, "/me/email", {"new_email": "new@example.org", "password": "wrong"},
                               token_from="/me/account")
    assert response.status_code == 422
    assert 'value="new@example.org"' in response.text and "That is not your current password." in response.text
    assert current_section(response.text) == ["Password and email"]
    response = await post_form(client, "/me/password", {"current_password": "wrong", "new_password": "x" * 12},
                               token_from="/me/account")
    assert response.status_code == 422 and current_section(response.text) == ["Password and email"]
    assert (await Member.get(id=ada.pk)).email == "ada@example.org"


# -- interests ------------------------------------------------------------------------------------


async def test_interests_are_chosen_from_the_boards_tags_in_the_readers_language(client, tags):
    await make_member(language="de")
    await login(client)
    page = (await client.get("/me")).text
    for value, label in (("battery", "Akku"), ("range", "Reichweite"), ("app", "App")):
        assert re.search(rf'value="{value}"\s*>\s*{label}\s*</label>', page)
    response = await post_form(client, "/me", {**FULL_FORM, "language": "de", "visibility_interests": "public",
                                               "interests": ["battery", "range"], "interests_other": "Winter Touren, Kälte"},
                               token_from="/me")
    assert response.status_code == 303
    member = await Member.get(email="ada@example.org")
    assert (await profiles.get_profile(member)).interests == ["battery", "range", "winter-touren", "kälte"]
    shown = (await client.get("/u/ada")).text
    tags_list = re.search(r'<ul class="tags">(.*?)</ul>', shown, re.S).group(1)
    assert re.findall(r"<li>([^<]+)</li>", tags_list) == ["Akku", "Reichweite", "winter-touren", "kälte"]


async def test_stored_interests_that_are_no_tag_stay_as_free_entries(client, ada, tags):
    await profiles.update_profile(ada, {"interests": ["battery", "touring"]})
    page = (await client.get("/me")).text
    assert re.search(r'value="battery"\s+checked', page)
    assert 'value="touring"' in page  # in the free field, not lost
    response = await post_form(client, "/me", {**FULL_FORM, "interests": "battery", "interests_other": "touring"},
                               token_from="/me")
    assert response.status_code == 303
    assert (await profiles.get_profile(ada)).interests == ["battery", "touring"]


async def test_the_choices_come_from_the_features_declarations(tags):
    assert await interests.choices("de") == [("battery", "Akku"), ("app", "App"), ("range", "Reichweite")]
    assert await interests.choices("en") == [("app", "App"), ("battery", "Battery"), ("range", "Range")]
    interests.install([])
    try:
        assert await interests.choices("en") == []
        assert await interests.labelled(["battery"], "en") == [("battery", "battery")]
    finally:
        from portal import core, features
        features.install(core.installed(None))
