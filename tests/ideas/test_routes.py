"""The idea board through the browser's eyes: permissions per role, CSRF, XSS, htmx partials."""
import jinja2
import pytest
from markupsafe import Markup

from ideas import board, campaigns, comments, decisions, votes
from ideas.models import Campaign, Comment, Idea, Vote
from portal import markdown
from tests.conftest import csrf_token, drain, login, post_form


async def test_the_board_shows_cards_and_my_votes(client, people, tags):
    idea = await board.submit(people["ada"], "Offline maps", "Maps **without** signal", ["navigation"])
    await votes.set_vote(people["bob"], idea.pk, True)
    page = await client.get("/ideas")
    assert page.status_code == 200 and "Offline maps" in page.text and f"/ideas/{idea.pk}" in page.text
    await login(client, "bob@example.org")
    mine = await client.get("/ideas")
    assert 'aria-pressed="true"' in mine.text


async def test_the_board_makes_a_fixed_number_of_queries_whatever_the_page_size(client, people, tags, db,
                                                                                 monkeypatch):
    connection_class = type(db.connections.get("default"))
    counted = {"n": 0}
    for name in ("execute_query", "execute_query_dict"):
        original = getattr(connection_class, name)

        async def counting(self, *args, _original=original, **kwargs):
            counted["n"] += 1
            return await _original(self, *args, **kwargs)

        monkeypatch.setattr(connection_class, name, counting)
    await login(client, "bob@example.org")
    for i in range(2):
        await board.submit(people["ada"], f"Idea {i}", "", ["app"])
    counted["n"] = 0
    await client.get("/ideas")
    few = counted["n"]
    for i in range(2, 20):
        idea = await board.submit(people["ada"], f"Idea {i}", "", ["app", "battery"])
        await votes.set_vote(people["bob"], idea.pk, True)
    counted["n"] = 0
    await client.get("/ideas")
    assert counted["n"] == few


async def test_a_board_page_imports_each_macro_module_once_whatever_the_number_of_cards(client, people,
                                                                                        monkeypatch):
    built: list[str] = []
    make_module = jinja2.Template.make_module

    def counting(self, *args, **kwargs):
        built.append(self.name)
        return make_module(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "make_module", counting)
    await login(client, "bob@example.org")
    for i in range(12):
        await board.submit(people["ada"], f"Idea {i}", "")
    for path, headers in (("/ideas", {}), ("/ideas", {"HX-Request": "true"}), ("/ideas?page=2", {})):
        built.clear()
        page = await client.get(path, headers=headers)
        assert page.status_code == 200 and page.text.count('name="csrf_token"') >= 2
        assert sorted(built) == sorted(set(built)), (path, built)  # each module once
    # A vote button rendered alone (htmx) still has its CSRF field.
    idea = await Idea.get(title="Idea 0")
    voted = await client.post(f"/ideas/{idea.pk}/vote", headers={"HX-Request": "true",
                                                                  "X-CSRF-Token": await csrf_token(client, "/ideas")})
    assert voted.status_code == 200 and 'name="csrf_token"' in voted.text and 'aria-pressed="true"' in voted.text


async def test_proposing_shows_errors_and_keeps_the_text(client, people, tags):
    await login(client, "ada@example.org")
    response = await post_form(client, "/ideas/new", {"title": "", "body": "Kept body", "tags": "app"},
                               token_from="/ideas/new")
    assert response.status_code == 422 and "Kept body" in response.text
    created = await post_form(client, "/ideas/new", {"title": "Gear hints", "body": "Tell me when to shift",
                                                     "tags": ["app", "battery"]}, token_from="/ideas/new")
    assert created.status_code == 303
    idea = await Idea.get(title="Gear hints")
    assert created.headers["location"] == f"/ideas/{idea.pk}"


async def test_visitors_are_sent_to_login_to_propose(client):
    response = await client.get("/ideas/new")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


async def test_voting_with_htmx_returns_only_the_button(client, people):
    idea = await board.submit(people["ada"], "One click", "")
    await login(client, "bob@example.org")
    token = await csrf_token(client, f"/ideas/{idea.pk}")
    response = await client.post(f"/ideas/{idea.pk}/vote", headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert response.status_code == 200 and "<html" not in response.text
    assert 'aria-pressed="true"' in response.text
    assert await Vote.filter(idea_id=idea.pk).count() == 1


async def test_voting_without_javascript_redirects_back(client, people):
    idea = await board.submit(people["ada"], "No JS", "")
    await login(client, "bob@example.org")
    response = await post_form(client, f"/ideas/{idea.pk}/vote", {"next": "/ideas"}, token_from="/ideas")
    assert response.status_code == 303 and response.headers["location"] == f"/ideas#vote-{idea.pk}"
    assert (await Idea.get(id=idea.pk)).vote_count == 1


async def test_a_vote_without_csrf_token_changes_nothing(client, people):
    idea = await board.submit(people["ada"], "CSRF", "")
    await login(client, "bob@example.org")
    response = await client.post(f"/ideas/{idea.pk}/vote")
    assert response.status_code == 403
    assert (await Idea.get(id=idea.pk)).vote_count == 0


async def test_a_member_cannot_change_status_or_merge_or_hide(client, people):
    idea = await board.submit(people["ada"], "Not yours to decide", "")
    other = await board.submit(people["ada"], "Other", "")
    await login(client, "bob@example.org")
    page = f"/ideas/{idea.pk}"
    assert (await post_form(client, f"{page}/status", {"status": "shipped", "note": "x"}, token_from=page)).status_code == 403
    assert (await post_form(client, f"{page}/merge", {"into": other.pk}, token_from=page)).status_code == 403
    assert (await post_form(client, f"{page}/hide", {"reason": "x"}, token_from=page)).status_code == 403
    assert (await Idea.get(id=idea.pk)).status == "new"


async def test_product_staff_change_status_and_followers_hear(client, people):
    idea = await board.submit(people["ada"], "Ship it", "")
    await login(client, "pm@example.org")
    page = f"/ideas/{idea.pk}"
    response = await post_form(client, f"{page}/status", {"status": "shipped", "note": "Out in 4.2"}, token_from=page)
    assert response.status_code == 303
    shown = await client.get(page)
    assert "Out in 4.2" in shown.text
    await drain()
    from portal.notify.models import Notification
    assert await Notification.filter(member_id=people["ada"].pk, kind="idea_status").exists()


async def test_declining_without_a_reason_re_renders_with_the_error(client, people):
    idea = await board.submit(people["ada"], "Decline me", "")
    await login(client, "pm@example.org")
    page = f"/ideas/{idea.pk}"
    response = await post_form(client, f"{page}/status", {"status": "declined", "note": ""}, token_from=page)
    assert response.status_code == 422 and "silence" in response.text
    assert (await Idea.get(id=idea.pk)).status == "new"


async def test_a_merged_idea_redirects_to_its_target(client, people):
    a = await board.submit(people["ada"], "Dup", "")
    b = await board.submit(people["bob"], "Original", "")
    await decisions.merge(people["pm"], a.pk, b.pk, "Same")
    response = await client.get(f"/ideas/{a.pk}")
    assert response.status_code == 301 and response.headers["location"].startswith(f"/ideas/{b.pk}")


async def test_another_members_idea_cannot_be_edited(client, people):
    idea = await board.submit(people["ada"], "Ada's idea", "")
    await login(client, "bob@example.org")
    page = f"/ideas/{idea.pk}/edit"
    response = await post_form(client, page, {"title": "Bob was here"}, token_from="/ideas")
    assert response.status_code == 403
    assert (await Idea.get(id=idea.pk)).title == "Ada's idea"


@pytest.mark.parametrize("evil", ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">',
                                  "[x](javascript:alert(1))"])
async def test_xss_in_title_body_and_comments_is_inert(client, people, evil):
    idea = await board.submit(people["ada"], f"Title {evil}", f"Body {evil}")
    await comments.add_comment(people["bob"], idea.pk, f"Comment {evil}")
    for path in (f"/ideas/{idea.pk}", "/ideas"):
        html = (await client.get(path)).text
        assert "<script>alert" not in html and "<img src=x" not in html and 'href="javascript' not in html
    # Cleaned when written: the stored HTML the pages print holds nothing active either.
    stored = (await Idea.get(id=idea.pk)).body_html + (await Comment.get(idea_id=idea.pk)).body_html
    assert stored.startswith("<p>Body") and "Comment" in stored
    assert "<script" not in stored and "<img" not in stored and 'href="javascript' not in stored


def _renderer_changed_later(monkeypatch) -> None:
    """From now on Markdown renders differently: a page still showing the first rendering serves
    what was stored when the text was written."""
    monkeypatch.setattr(markdown, "render_markdown", lambda text: Markup("<p>rendered later</p>"))


async def test_markdown_is_rendered_when_written_and_pages_serve_the_stored_html(client, people, monkeypatch):
    idea = await board.submit(people["ada"], "Offline maps", "Maps **without** signal")
    await comments.add_comment(people["bob"], idea.pk, "Yes, _please_")
    await decisions.change_status(people["pm"], idea.pk, "under_review", "We look at `tiles` first.")
    _renderer_changed_later(monkeypatch)
    page = (await client.get(f"/ideas/{idea.pk}")).text
    assert "<strong>without</strong>" in page and "<em>please</em>" in page and "<code>tiles</code>" in page
    assert "rendered later" not in page

    await login(client, "pm@example.org")  # product staff edit any idea
    edited = await post_form(client, f"/ideas/{idea.pk}/edit", {"title": "Offline maps", "body": "Maps *offline*"},
                             token_from=f"/ideas/{idea.pk}/edit")
    assert edited.status_code == 303
    page = (await client.get(f"/ideas/{idea.pk}")).text
    # The edit rendered the new description; the comment and the note keep what they had.
    assert "<p>rendered later</p>" in page and "<strong>without</strong>" not in page
    assert "<em>please</em>" in page and "<code>tiles</code>" in page
    emptied = await post_form(client, f"/ideas/{idea.pk}/edit", {"title": "Offline maps", "body": ""},
                              token_from=f"/ideas/{idea.pk}/edit")
    assert emptied.status_code == 303
    assert (await Idea.get(id=idea.pk)).body_html == ""
    assert "No description." in (await client.get(f"/ideas/{idea.pk}")).text


async def test_merge_and_campaign_texts_are_rendered_when_written(client, people, monkeypatch):
    campaign = await campaigns.create_campaign(people["pm"], "How should trips work?", "Tell us **everything**",
                                               "2099-12-31")
    a = await board.submit(people["ada"], "Trip log", "")
    b = await board.submit(people["bob"], "Trip diary", "")
    await decisions.merge(people["mod"], a.pk, b.pk, "Same as [the diary](https://example.org/diary)")
    _renderer_changed_later(monkeypatch)
    assert "<strong>everything</strong>" in (await client.get(f"/campaigns/{campaign.pk}")).text
    assert (await Campaign.get(id=campaign.pk)).description_html == "<p>Tell us <strong>everything</strong></p>\n"
    merged = (await client.get(f"/ideas/{a.pk}?read=1")).text
    assert '<a href="https://example.org/diary" rel="nofollow ugc noopener">the diary</a>' in merged


async def test_similar_ideas_appear_while_typing(client, people):
    await board.submit(people["ada"], "Reichweite im Winter", "Kalte Akkus")
    await drain()
    response = await client.get("/ideas/similar", params={"title": "Winter Reichweite"},
                                headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Reichweite im Winter" in response.text and "<html" not in response.text


async def test_hidden_ideas_are_404_for_others(client, people):
    idea = await board.submit(people["ada"], "Hidden", "")
    await board.hide(people["mod"], idea.pk, "Spam")
    assert (await client.get(f"/ideas/{idea.pk}")).status_code == 404
    await login(client, "ada@example.org")
    own = await client.get(f"/ideas/{idea.pk}")
    assert own.status_code == 200 and "Spam" in own.text


async def test_roadmap_lists_planned_and_shipped(client, people):
    a = await board.submit(people["ada"], "Planned thing", "")
    b = await board.submit(people["ada"], "Shipped thing", "")
    await decisions.change_status(people["pm"], a.pk, "planned")
    await decisions.change_status(people["pm"], b.pk, "shipped", "Done")
    html = (await client.get("/roadmap")).text
    assert "Planned thing" in html and "Shipped thing" in html


async def test_the_edit_form_is_refused_to_someone_who_may_not_edit(client, people):
    idea = await board.submit(people["ada"], "Mine to edit", "")
    await login(client, "bob@example.org")
    assert (await client.get(f"/ideas/{idea.pk}/edit")).status_code == 403


async def test_merging_into_nothing_is_a_clear_422(client, people):
    idea = await board.submit(people["ada"], "Merge target missing", "")
    await login(client, "pm@example.org")
    page = f"/ideas/{idea.pk}"
    response = await post_form(client, f"{page}/merge", {"into": ""}, token_from=page)
    assert response.status_code == 422 and "number of the idea" in response.text


async def test_a_history_restore_gets_the_whole_page(client):
    response = await client.get("/ideas", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in response.text


async def test_everyone_sees_why_an_idea_ranks_where_it_does(client, people):
    idea = await board.submit(people["ada"], "Explain my rank", "")
    await votes.set_vote(people["bob"], idea.pk, True)
    await comments.add_comment(people["cy"], idea.pk, "Good one")
    html = (await client.get(f"/ideas/{idea.pk}")).text
    assert "Why this ranks here" in html and "× 3<" in html and "× 0.5<" in html
    german = (await client.get(f"/ideas/{idea.pk}", headers={"Accept-Language": "de"})).text
    assert "× 0,5<" in german  # the reader's decimal comma


async def test_product_staff_open_a_campaign_and_members_post_and_vote_within_the_budget(client, people):
    await login(client, "pm@example.org")
    bad = await post_form(client, "/campaigns/new", {"title": "", "deadline": "2001-01-01", "vote_budget": "0"},
                          token_from="/campaigns/new")
    assert bad.status_code == 422
    for field in ("f-title-error", "f-deadline-error", "f-vote_budget-error"):
        assert field in bad.text
    created = await post_form(client, "/campaigns/new", {"title": "How should trips work?", "deadline": "2099-12-31",
                                                         "vote_budget": "1", "description": "Tell us"},
                              token_from="/campaigns/new")
    assert created.status_code == 303
    path = created.headers["location"]
    campaign_id = int(path.rsplit("/", 1)[1])
    first = await board.submit(people["ada"], "Charging stops", "", campaign_id=campaign_id)
    second = await board.submit(people["ada"], "Rain radar", "", campaign_id=campaign_id)
    await votes.set_vote(people["cy"], second.pk, True)
    await login(client, "bob@example.org")
    page = await client.get(path)
    assert page.status_code == 200 and "How should trips work?" in page.text
    assert page.text.index("Rain radar") < page.text.index("Charging stops")  # most votes first
    assert "1 of your votes left" in page.text
    await votes.set_vote(people["bob"], first.pk, True)
    assert "0 of your votes left" in (await client.get(path)).text
    listing = await client.get("/campaigns")
    assert "How should trips work?" in listing.text


async def test_members_cannot_start_campaigns(client, people):
    await login(client, "ada@example.org")
    assert (await client.get("/campaigns/new")).status_code == 403
    response = await post_form(client, "/campaigns/new", {"title": "Mine", "deadline": "2099-01-01"},
                               token_from="/campaigns")
    assert response.status_code == 403


async def test_an_unknown_campaign_is_404(client):
    assert (await client.get("/campaigns/999")).status_code == 404


async def test_joining_an_idea_as_co_author_and_tester_through_the_page(client, other_client, people):
    idea = await board.submit(people["ada"], "Team effort", "")
    page = f"/ideas/{idea.pk}"
    await login(client, "bob@example.org")
    assert (await post_form(client, f"{page}/coauthors", token_from=page)).status_code == 303
    assert (await post_form(client, f"{page}/testers", {"join": "on"}, token_from=page)).status_code == 303
    # Bob cannot accept himself: only the author decides.
    refused = await post_form(client, f"{page}/coauthors/{people['bob'].pk}", {"decision": "accept"}, token_from=page)
    assert refused.status_code == 403
    await login(other_client, "ada@example.org")
    shown = await other_client.get(page)
    assert "Asking to join as co-author" in shown.text and "Bob" in shown.text
    accepted = await post_form(other_client, f"{page}/coauthors/{people['bob'].pk}", {"decision": "accept"},
                               token_from=page)
    assert accepted.status_code == 303
    assert "Written by Ada with Bob." in (await client.get(page)).text
    await decisions.change_status(people["pm"], idea.pk, "shipped", "Done")
    assert "Thanks to Ada, Bob" in (await client.get("/roadmap")).text


async def test_merging_needs_a_public_note(client, people):
    a = await board.submit(people["ada"], "Duplicate one", "")
    b = await board.submit(people["bob"], "Original one", "")
    await login(client, "pm@example.org")
    page = f"/ideas/{a.pk}"
    response = await post_form(client, f"{page}/merge", {"into": str(b.pk), "note": ""}, token_from=page)
    assert response.status_code == 422 and "silence" in response.text
    assert (await Idea.get(id=a.pk)).status == "new"


async def test_a_merged_ideas_comments_stay_readable_through_a_link(client, people):
    a = await board.submit(people["ada"], "The duplicate", "")
    await comments.add_comment(people["bob"], a.pk, "A comment worth keeping")
    b = await board.submit(people["cy"], "The original", "")
    await decisions.merge(people["pm"], a.pk, b.pk, "Same wish")
    target = await client.get(f"/ideas/{b.pk}")
    assert f'/ideas/{a.pk}?read=1' in target.text and "The duplicate" in target.text
    source = await client.get(f"/ideas/{a.pk}?read=1")
    assert source.status_code == 200 and "A comment worth keeping" in source.text
    assert f'href="/ideas/{b.pk}"' in source.text


async def test_product_staff_may_retag_any_idea(client, people, tags):
    idea = await board.submit(people["ada"], "Needs tags", "")
    await decisions.change_status(people["pm"], idea.pk, "under_review")
    await login(client, "pm@example.org")
    page = f"/ideas/{idea.pk}/edit"
    response = await post_form(client, page, {"title": "Needs tags", "body": "", "tags": ["app", "battery"]},
                               token_from=page)
    assert response.status_code == 303
    assert sorted(t.slug for t in await (await Idea.get(id=idea.pk)).tags.all()) == ["app", "battery"]


async def test_a_campaigns_page_links_stay_on_the_campaign(client, people, tags):
    from datetime import timedelta

    from portal.clock import now

    campaign = await campaigns.create_campaign(people["pm"], "Winter riding", "What would help?", now() + timedelta(days=7))
    for n in range(21):
        await board.submit(people["ada"], f"Winter idea number {n}", "", campaign_id=campaign.pk)
    page = (await client.get(f"/campaigns/{campaign.pk}")).text
    assert f'href="/campaigns/{campaign.pk}?page=2"' in page
    assert 'href="/ideas?' not in page
    listing = (await client.get(f"/ideas?campaign={campaign.pk}")).text
    assert f'href="/ideas?sort=trending&amp;campaign={campaign.pk}&amp;page=2"' in listing


async def test_the_board_pages_with_a_total_and_a_tag_pages_without_one(client, people, tags):
    """The whole board knows its total (kept counts); a tag's board would have to count every
    match, so it links the previous and the next page instead, in English and German."""
    for n in range(21):
        await board.submit(people["ada"], f"Battery idea number {n}", "", ["battery"])
    whole = (await client.get("/ideas")).text
    assert "21 ideas" in whole and "page 1 of 2" in whole
    first = (await client.get("/ideas?tag=battery")).text
    assert "21 ideas" not in first and 'href="/ideas?sort=trending&amp;tag=battery&amp;page=2" rel="next"' in first
    second = (await client.get("/ideas?tag=battery&page=2", headers={"Accept-Language": "de"})).text
    assert "Seite 2" in second and "Zurück" in second and "Weiter" not in second
    assert second.count("idea-card-title") == 1
    empty = (await client.get("/ideas?tag=battery&page=5")).text
    assert "There is nothing on this page." in empty


async def _htmx_vote(client, idea_id: int, *, page: str | None = None):
    """Click the vote button as htmx does: the page's CSRF token in a header, HX-Request set."""
    page = page or f"/ideas/{idea_id}"
    token = await csrf_token(client, page)
    return await client.post(f"/ideas/{idea_id}/vote", headers={
        "HX-Request": "true", "X-CSRF-Token": token, "HX-Current-URL": f"http://testserver{page}"})


async def test_a_vote_over_the_budget_shows_why_beside_the_button(client, people):
    from datetime import timedelta

    from portal.clock import now

    campaign = await campaigns.create_campaign(people["pm"], "Pick one", "", now() + timedelta(days=7), 1)
    first = await board.submit(people["ada"], "First choice", "", campaign_id=campaign.pk)
    second = await board.submit(people["ada"], "Second choice", "", campaign_id=campaign.pk)
    await login(client, "bob@example.org")
    assert (await _htmx_vote(client, first.pk)).status_code == 200
    refused = await _htmx_vote(client, second.pk)
    assert refused.status_code == 409 and "<html" not in refused.text
    assert f'id="vote-{second.pk}"' in refused.text and "data-shows-refusal" in refused.text
    assert 'role="status"' in refused.text and "You have used all your votes in this campaign" in refused.text
    assert f'aria-describedby="vote-{second.pk}-message"' in refused.text
    assert 'aria-pressed="false"' in refused.text
    assert await Vote.filter(idea_id=second.pk).count() == 0


async def test_a_vote_on_a_closed_idea_says_voting_has_closed_in_the_fragment(client, people):
    idea = await board.submit(people["ada"], "Closed while I looked", "")
    await login(client, "bob@example.org")
    token = await csrf_token(client, f"/ideas/{idea.pk}")  # the button was there when the page loaded
    await decisions.change_status(people["pm"], idea.pk, "shipped", "Out now")
    refused = await client.post(f"/ideas/{idea.pk}/vote", headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert refused.status_code == 409 and "<html" not in refused.text
    assert "Voting on this idea has closed." in refused.text and "vote-closed" in refused.text


async def test_without_javascript_a_refused_vote_is_the_error_page_as_before(client, people):
    idea = await board.submit(people["ada"], "Closed", "")
    await decisions.change_status(people["pm"], idea.pk, "declined", "Not now")
    await login(client, "bob@example.org")
    refused = await post_form(client, f"/ideas/{idea.pk}/vote", {"next": "/ideas"}, token_from="/ideas")
    assert refused.status_code == 409 and "<html" in refused.text and "Voting on this idea has closed." in refused.text


async def test_an_expired_session_sends_the_window_to_login_not_the_button(client, people):
    from portal.accounts.models import Session

    idea = await board.submit(people["ada"], "Log in again", "")
    await login(client, "bob@example.org")
    token = await csrf_token(client, "/ideas?sort=top")
    await Session.all().delete()  # the session ran out while the page was open
    response = await client.post(f"/ideas/{idea.pk}/vote", headers={
        "HX-Request": "true", "X-CSRF-Token": token, "HX-Current-URL": "http://testserver/ideas?sort=top"})
    assert response.status_code == 401 and response.text == ""
    assert response.headers["HX-Redirect"] == "/login?next=/ideas%3Fsort%3Dtop"
    assert "location" not in response.headers
    assert await Vote.filter(idea_id=idea.pk).count() == 0
    # Logging in again casts the vote that was clicked, back at its button.
    back = await login(client, "bob@example.org")
    assert back.headers["location"] == f"/ideas/{idea.pk}#vote-{idea.pk}"
    assert await Vote.filter(idea_id=idea.pk).count() == 1


async def test_a_login_redirect_never_leads_to_another_site(client, people):
    idea = await board.submit(people["ada"], "Stay here", "")
    token = await csrf_token(client, f"/ideas/{idea.pk}")
    response = await client.post(f"/ideas/{idea.pk}/vote", headers={
        "HX-Request": "true", "X-CSRF-Token": token, "HX-Current-URL": "https://evil.example/ideas"})
    assert response.status_code == 401 and response.headers["HX-Redirect"] == "/login?next=/"


async def test_without_javascript_a_visitor_is_still_sent_to_log_in(client, people):
    idea = await board.submit(people["ada"], "Anonymous click", "")
    response = await post_form(client, f"/ideas/{idea.pk}/vote", token_from=f"/ideas/{idea.pk}")
    assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")


async def test_the_vote_button_follows_the_services_rule(client, people):
    """An unconfirmed member gets a plain form (its answer explains why), never the htmx button;
    a closed idea shows its count only; a visitor gets a link to log in."""
    idea = await board.submit(people["ada"], "Button states", "")
    shipped = await board.submit(people["ada"], "Already shipped", "")
    await decisions.change_status(people["pm"], shipped.pk, "shipped", "Done")
    assert f'href="/login?next=' in (await client.get(f"/ideas/{idea.pk}")).text
    from tests.conftest import make_member
    await make_member("newbie@example.org", verified=False)
    await login(client, "newbie@example.org")
    page = (await client.get(f"/ideas/{idea.pk}")).text
    assert f'action="/ideas/{idea.pk}/vote"' in page and f'hx-post="/ideas/{idea.pk}/vote"' not in page
    closed = (await client.get(f"/ideas/{shipped.pk}")).text
    assert "vote-closed" in closed and f'action="/ideas/{shipped.pk}/vote"' not in closed
