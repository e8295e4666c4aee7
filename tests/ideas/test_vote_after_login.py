"""A vote clicked while logged out is cast after the login (or the sign-up and confirmation), back
at the same button; a member who has not confirmed the email is told so where they clicked."""
from ideas import board, decisions
from ideas.models import Idea, Vote
from tests.conftest import csrf_token, drain, link_in, login, mailbox, make_member, post_form

PASSWORD = "correct horse battery"


async def _idea(title: str = "Charge limit") -> Idea:
    author = await make_member("author@example.org", name="Author")
    return await board.submit(author, title, "Stop charging at 80 %.")


async def _votes(idea: Idea) -> int:
    return (await Idea.get(id=idea.pk)).vote_count


async def test_a_visitor_votes_logs_in_and_is_back_at_the_card_with_the_vote_cast(client):
    idea = await _idea()
    await make_member("bea@example.org", name="Bea")
    board_page = await client.get("/ideas", params={"sort": "top"})
    assert f'action="/ideas/{idea.pk}/vote"' in board_page.text and "Log in to vote" in board_page.text
    clicked = await post_form(client, f"/ideas/{idea.pk}/vote", {"next": "/ideas?sort=top"},
                              token_from="/ideas?sort=top")
    assert clicked.status_code == 303 and clicked.headers["location"].startswith("/login?")
    assert await _votes(idea) == 0  # nothing is cast for a visitor
    asked = await client.get(clicked.headers["location"])
    assert "we cast your vote right after" in asked.text
    back = await login(client, "bea@example.org")
    assert back.headers["location"] == f"/ideas?sort=top#vote-{idea.pk}"
    assert await _votes(idea) == 1
    page = await client.get(back.headers["location"])
    assert "Your vote for “Charge limit” is in." in page.text
    assert 'aria-pressed="true"' in page.text
    # Done once: the next login casts nothing and withdraws nothing.
    await client.post("/logout", headers={"X-CSRF-Token": await csrf_token(client, "/ideas")})
    again = await login(client, "bea@example.org")
    assert again.headers["location"] == "/" and await _votes(idea) == 1


async def test_a_new_member_signs_up_confirms_logs_in_and_finds_the_vote_cast(client, settings):
    idea = await _idea()
    await post_form(client, f"/ideas/{idea.pk}/vote", {"next": f"/ideas/{idea.pk}"}, token_from=f"/ideas/{idea.pk}")
    signed_up = await post_form(client, "/signup", {"email": "new@example.org", "password": PASSWORD,
                                                    "display_name": "New"}, token_from="/signup")
    assert signed_up.status_code == 200
    await drain()
    path = link_in(mailbox(settings)[-1], "/verify/")
    confirmed = await post_form(client, path, token_from=path)
    assert confirmed.headers["location"] == "/login" and await _votes(idea) == 0
    back = await login(client, "new@example.org", PASSWORD)
    assert back.headers["location"] == f"/ideas/{idea.pk}#vote-{idea.pk}"
    assert await Vote.filter(idea_id=idea.pk).count() == 1


async def test_an_unconfirmed_member_is_told_where_they_clicked_and_the_vote_waits_for_the_link(client, settings):
    idea = await _idea()
    await make_member("una@example.org", name="Una", verified=False)
    await login(client, "una@example.org")
    token = await csrf_token(client, "/ideas")
    refused = await client.post(f"/ideas/{idea.pk}/vote", data={"next": "/ideas"},
                                headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert refused.status_code == 403 and refused.headers["vox-refusal"] == "1"
    assert "<html" not in refused.text and "Please confirm your email address first" in refused.text
    assert 'action="/verify/resend"' in refused.text and "Send the link again" in refused.text
    assert f'name="next" value="/ideas#vote-{idea.pk}"' in refused.text  # back to where they clicked
    assert await _votes(idea) == 0
    resent = await post_form(client, "/verify/resend", {"next": f"/ideas#vote-{idea.pk}"}, token_from="/ideas")
    assert resent.headers["location"] == f"/ideas#vote-{idea.pk}"
    await drain()
    path = link_in(mailbox(settings)[-1], "/verify/")
    confirmed = await post_form(client, path, token_from=path)
    # Logged in while confirming: the vote is cast at once, back at the button they clicked.
    assert confirmed.headers["location"] == f"/ideas#vote-{idea.pk}"
    assert await _votes(idea) == 1
    page = await client.get(confirmed.headers["location"])
    assert "Your vote for “Charge limit” is in." in page.text


async def test_without_javascript_a_vote_returns_to_its_button_with_a_confirmation(client):
    idea = await _idea()
    await make_member("bea@example.org", name="Bea")
    await login(client, "bea@example.org")
    voted = await post_form(client, f"/ideas/{idea.pk}/vote", {"next": "/ideas?sort=newest"}, token_from="/ideas")
    assert voted.headers["location"] == f"/ideas?sort=newest#vote-{idea.pk}"
    assert "Your vote is in." in (await client.get(voted.headers["location"])).text
    withdrawn = await post_form(client, f"/ideas/{idea.pk}/vote", {"next": "/ideas?sort=newest"}, token_from="/ideas")
    assert "Your vote is withdrawn." in (await client.get(withdrawn.headers["location"])).text
    assert await _votes(idea) == 0
    german = await post_form(client, f"/ideas/{idea.pk}/vote", {"next": "https://evil.example/"},
                             token_from="/ideas", headers={"Accept-Language": "de"})
    assert german.headers["location"] == f"/ideas/{idea.pk}#vote-{idea.pk}"  # never another site


async def test_a_remembered_vote_on_an_idea_closed_meanwhile_is_explained_not_cast(client):
    idea = await _idea()
    await make_member("bea@example.org", name="Bea")
    pm = await make_member("pm@example.org", name="Pat", role="product")
    await post_form(client, f"/ideas/{idea.pk}/vote", {"next": "/ideas"}, token_from="/ideas")
    await decisions.change_status(pm, idea.pk, "declined", "Not now.")
    back = await login(client, "bea@example.org")
    assert back.headers["location"] == f"/ideas#vote-{idea.pk}"
    assert await _votes(idea) == 0
    page = await client.get(back.headers["location"])
    assert "closed" in page.text.lower()
    # Explained once, then forgotten: the next login leads where it always does.
    await client.post("/logout", headers={"X-CSRF-Token": await csrf_token(client, "/ideas")})
    assert (await login(client, "bea@example.org")).headers["location"] == "/"


async def test_a_visitor_vote_needs_the_csrf_token_like_any_other(client):
    idea = await _idea()
    await make_member("bea@example.org", name="Bea")
    forged = await client.post(f"/ideas/{idea.pk}/vote", data={"next": "/ideas"})
    assert forged.status_code == 403
    back = await login(client, "bea@example.org")
    assert back.headers["location"] == "/" and await _votes(idea) == 0
