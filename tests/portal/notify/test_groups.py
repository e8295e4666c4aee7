"""Notifications in groups: several of one kind about one thing are one entry, on the page and in
the digest; opening a group reads all of it; filters; pages of groups."""
import itertools
import re

from portal.accounts.models import Member
from portal.notify import groups, service
from portal.notify.models import Notification
from portal.profiles import service as profiles
from tests.conftest import csrf_token, drain, login, mailbox, make_member, post_form

IDEA = "Akku-Ladegrenze"
EVENTS = itertools.count(1)  # each notification comes from an event of its own


async def comment(member, by: str, *, idea: int = 7, title: str = IDEA):
    """A comment notification, as the ideas feature delivers it."""
    event = next(EVENTS)
    return await service.deliver(member.pk, "idea_comment", event_id=event, url=f"/ideas/{idea}#comment-{event}",
                                 data={"title": title, "name": by})


async def status(member, *, idea: int = 7, title: str = IDEA):
    """A status notification, as the ideas feature delivers it."""
    return await service.deliver(member.pk, "idea_status", event_id=next(EVENTS), url=f"/ideas/{idea}",
                                 data={"title": title, "status": "planned"})


def entries(html: str) -> list[str]:
    """The notifications on a page, as text, in order."""
    items = re.findall(r'<li class="notification[^"]*">(.*?)</li>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


async def test_comments_on_one_idea_are_one_entry_with_the_newest_people_named(client):
    ada = await make_member()
    for name in ("Bob", "Cleo", "Dan"):
        await comment(ada, name)
    await comment(ada, "Eve", idea=8, title="Offline-Karten")
    await status(ada)
    await login(client)
    shown = entries((await client.get("/me/notifications")).text)
    assert len(shown) == 3
    assert "1 update on" not in shown[0] and f"“{IDEA}” is now" in shown[0]
    assert "Eve commented on “Offline-Karten”." in shown[1]
    assert f"3 new comments on “{IDEA}”" in shown[2]
    assert "Dan, Cleo and 1 other" in shown[2]
    assert all(text.startswith("Unread:") for text in shown)
    # The icon is decoration; screen readers hear the kind in words.
    assert "News about ideas you follow:" in shown[0] and "Comments on ideas you follow:" in shown[2]


async def test_a_group_speaks_german(client):
    await make_member(language="de")
    ada = await Member.get(email="ada@example.org")
    await comment(ada, "Bob")
    await comment(ada, "Cleo")
    await login(client)
    shown = entries((await client.get("/me/notifications")).text)
    assert shown == [shown[0]] and f"2 neue Kommentare zu „{IDEA}“" in shown[0]
    assert "Cleo und Bob" in shown[0] and "Ungelesen:" in shown[0]


async def test_opening_a_group_reads_all_of_it_and_leads_to_the_first_new_comment(client):
    ada = await make_member()
    first = await comment(ada, "Bob")
    await comment(ada, "Cleo")
    newest = await comment(ada, "Dan")
    other = await comment(ada, "Eve", idea=8)
    await login(client)
    await client.get("/me/notifications")
    later = await comment(ada, "Finn")  # arrives after the page was shown: stays new
    response = await post_form(client, f"/me/notifications/{newest.pk}/read", token_from="/me/notifications")
    assert response.status_code == 303 and response.headers["location"].endswith(first.url)
    unread = set(await Notification.filter(member_id=ada.pk, read_at=None).values_list("id", flat=True))
    assert unread == {other.pk, later.pk}
    shown = entries((await client.get("/me/notifications")).text)
    # The read ones are a group of their own, no longer marked unread; the new one stands alone.
    assert [t.startswith("Unread:") for t in shown] == [True, True, False]
    assert f"3 new comments on “{IDEA}”" in shown[2] and "Finn commented" in shown[0]


async def test_filters_unread_and_answers(client):
    ada = await make_member()
    read = await comment(ada, "Bob", idea=8, title="Offline-Karten")
    await service.read_group(ada, read.pk)
    await comment(ada, "Cleo")
    await status(ada)
    await login(client)
    page = (await client.get("/me/notifications?show=unread")).text
    assert len(entries(page)) == 2 and "Offline-Karten" not in page
    assert 'href="/me/notifications?show=unread" aria-current="page"' in page
    answers = entries((await client.get("/me/notifications?show=replies")).text)
    assert len(answers) == 2 and all("commented on" in t for t in answers)
    assert len(entries((await client.get("/me/notifications")).text)) == 3


async def test_a_filter_of_no_notifications_says_so(client):
    ada = await make_member()
    await status(ada)
    await login(client)
    page = (await client.get("/me/notifications?show=replies")).text
    assert entries(page) == [] and "No notifications here." in page


async def test_an_unknown_filter_shows_all(client):
    ada = await make_member()
    await comment(ada, "Bob")
    await status(ada)
    await login(client)
    for value in ("nonsense", "<script>", "", "read_at"):
        response = await client.get("/me/notifications", params={"show": value})
        assert response.status_code == 200 and len(entries(response.text)) == 2
        assert 'href="/me/notifications" aria-current="page"' in response.text


async def test_pages_count_groups_and_never_cut_one(client):
    ada = await make_member()
    for _ in range(3):
        await comment(ada, "Bob", idea=1, title="Das älteste")
    for idea in range(2, 23):  # 21 more things, each a group of one
        await comment(ada, "Cleo", idea=idea, title=f"Idee {idea}")
    first = await groups.page_for(ada, per_page=20)
    assert len(first.items) == 20 and first.has_next
    second = await groups.page_for(ada, page=2, per_page=20)
    assert [g.count for g in second.items] == [1, 3] and not second.has_next
    await login(client)
    page = (await client.get("/me/notifications?show=replies")).text
    assert len(entries(page)) == 20 and 'href="/me/notifications?show=replies&amp;page=2"' in page
    page = (await client.get("/me/notifications?show=replies&page=2")).text
    assert entries(page)[-1].count("3 new comments on “Das älteste”") == 1
    page = (await client.get("/me/notifications?page=3")).text
    assert entries(page) == [] and "There is nothing on this page." in page


async def test_another_member_cannot_read_my_notifications(client):
    ada = await make_member()
    mine = await comment(ada, "Bob")
    await make_member("bob@example.org")
    await login(client, "bob@example.org")
    response = await post_form(client, f"/me/notifications/{mine.pk}/read", token_from="/me/notifications")
    assert response.status_code == 404
    assert await service.unread_count(ada) == 1


async def test_opening_a_group_needs_the_csrf_token(client):
    ada = await make_member()
    mine = await comment(ada, "Bob")
    await login(client)
    await csrf_token(client, "/me/notifications")
    response = await client.post(f"/me/notifications/{mine.pk}/read", data={})
    assert response.status_code == 403
    assert await service.unread_count(ada) == 1


async def test_the_digest_groups_the_same_way(db, settings):
    ada = await make_member()
    await profiles.update_profile(ada, {"digest": "daily",
                                        "notifications": {"idea_comment": {"in_app": True, "mail": True}}})
    first = await comment(ada, "Bob")
    await comment(ada, "Cleo")
    await comment(ada, "Dan")
    await comment(ada, "Eve", idea=8, title="Offline-Karten")
    assert await service.send_due_digests() == 1
    await drain()
    digest = mailbox(settings)[-1]
    body = digest.get_content()
    assert digest["Subject"] == "Your Vox digest: 4 new notifications"
    assert body.count(IDEA) == 1 and f"3 new comments on “{IDEA}”" in body
    assert "Eve commented on “Offline-Karten”." in body
    assert first.url in body  # the group links to its first comment


async def test_the_notifications_page_uses_indexes(client):
    from tests.plans import assert_indexed

    ada = await make_member()
    for name in ("Bob", "Cleo"):
        await comment(ada, name)
    await status(ada)
    await login(client)
    assert await assert_indexed(client, ["/me/notifications", "/me/notifications?show=replies",
                                         "/me/notifications?show=unread"]) >= 3


def test_a_kind_names_an_icon_and_a_filter_that_exist():
    import pytest

    from portal.notify.kinds import Kind

    with pytest.raises(ValueError, match="icon"):
        Kind("x", "X", "x", icon="unicorn")
    with pytest.raises(ValueError, match="filter group"):
        Kind("x", "X", "x", group="mentionz")


async def test_a_german_digest_groups_in_german(db, settings):
    ada = await make_member(language="de")
    await profiles.update_profile(ada, {"digest": "weekly",
                                        "notifications": {"idea_comment": {"in_app": True, "mail": True}}})
    await comment(ada, "Bob")
    await comment(ada, "Cleo")
    assert await service.send_due_digests() == 1
    await drain()
    body = mailbox(settings)[-1].get_content()
    assert f"2 neue Kommentare zu „{IDEA}“" in body and "new comments" not in body
