"""Writing in the forums, through the browser's eyes: similar threads and matching ideas while the
title is typed (only what the reader may read), drafts kept while typing (per member and place,
restored, deleted by posting or discarding), and quoting a post in an answer (escaped, and
rendered like every post). Each per role, with CSRF, and in German."""
import html

import pytest

from forums import categories, drafts, posts, similar, threads
from forums.models import ForumDraft, Post, Thread
from portal import bridges
from portal.errors import Invalid
from tests.conftest import drain, login, post_form

HTMX = {"HX-Request": "true"}
GERMAN = {"Accept-Language": "de"}


async def _solved(people, title: str, body: str):
    thread = await threads.start_thread(people["ada"], "help", title, body)
    answer = await posts.reply(people["bob"], thread.pk, f"Answer to {body}")
    await posts.accept_answer(people["ada"], thread.pk, answer.pk)
    return thread


# -- similar threads and ideas while the title is typed -----------------------------------------------

async def test_similar_threads_come_solved_first_with_their_mark_and_answer_count(client, people, forum):
    await threads.start_thread(people["ada"], "help", "Watch pairing fails every morning", "It drops at seven.")
    await _solved(people, "Pairing the watch after an update", "Since the update it is gone.")
    await drain()
    await login(client, "bob@example.org")
    response = await client.get("/forums/similar", params={"title": "watch pairing"}, headers=HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    text = response.text
    assert "Is your answer already here?" in text
    assert text.index("Pairing the watch after an update") < text.index("Watch pairing fails every morning")
    assert "Solved</span>" in text and "1 answer" in text and "0 answers" in text
    assert 'id="forum-similar-status" hx-swap-oob="innerHTML"' in text and "2 threads" in text


async def test_similar_threads_are_only_those_the_reader_may_read(client, people, forum):
    await threads.start_thread(people["ada"], "help", "Battery drains overnight", "Open to all.")
    await threads.start_thread(people["ada"], "lounge", "Battery tips from members", "Members only.")
    await threads.start_thread(people["mod"], "team", "Battery recall plan", "The team only.")
    await drain()

    async def seen() -> str:
        return (await client.get("/forums/similar", params={"title": "battery drains tips recall"},
                                 headers=HTMX)).text

    visitor = await seen()
    assert "Battery drains overnight" in visitor
    assert "Battery tips from members" not in visitor and "Battery recall plan" not in visitor
    await login(client, "bob@example.org")
    member = await seen()
    assert "Battery tips from members" in member and "Battery recall plan" not in member
    await login(client, "mod@example.org")
    assert "Battery recall plan" in await seen()


async def test_a_thread_moved_or_hidden_since_it_was_indexed_is_not_suggested(client, people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Strap buckle broke", "Snapped.")
    await drain()
    await Thread.filter(id=thread.pk).update(category_id=forum["team"].pk)  # the index has not heard yet
    assert "Strap buckle broke" not in (await client.get("/forums/similar?title=strap+buckle")).text


async def test_short_titles_bring_nothing_and_the_route_is_not_a_category(client, people, forum):
    await threads.start_thread(people["ada"], "help", "App app app", "Words.")
    await drain()
    short = await client.get("/forums/similar", params={"title": "app"}, headers=HTMX)
    assert short.status_code == 200 and "Is your answer already here?" not in short.text
    assert (await similar.similar_to(None, "app")).threads == []
    plain = await client.get("/forums/similar", params={"title": "app app"})
    assert plain.status_code == 200 and "App app app" in plain.text


async def test_no_category_can_take_the_suggestions_address(people, forum):
    with pytest.raises(Invalid) as caught:
        await categories.create_category(people["root"], name="Similar", slug="similar")
    assert caught.value.errors == {"slug": "This address belongs to a page of the forums: please choose another."}


async def test_matching_ideas_show_with_their_status(client, people, forum):
    bridge = bridges.offered("idea")
    assert bridge is not None  # the idea board is installed in the suite's site
    made = await bridge.make(people["ada"], people["ada"], "Dark mode for the watch face", "At night.")
    await drain()
    text = (await client.get("/forums/similar", params={"title": "dark mode watch"}, headers=HTMX)).text
    described = await bridge.describe(made.id)
    assert described is not None
    assert "Matching ideas" in text and f'href="{made.url}"' in text and "Dark mode for the watch face" in text
    assert f"</span>{described['status']}</span>" in text and "1 idea" in text


async def test_suggestions_are_escaped(client, people, forum):
    await threads.start_thread(people["ada"], "help", "<script>alert('x')</script> sync broken", "Escaped?")
    await drain()
    text = (await client.get("/forums/similar", params={"title": "sync broken <b>"}, headers=HTMX)).text
    assert "sync broken" in text and "<script>alert(" not in text and "&lt;script&gt;" in text


async def test_the_asking_page_asks_for_suggestions_as_the_title_is_typed(client, people, forum):
    await login(client, "ada@example.org")
    page = (await client.get("/forums/help/new")).text
    assert 'hx-get="/forums/similar"' in page and 'hx-include="#f-title"' in page
    assert 'id="forum-similar-status" class="visually-hidden" aria-live="polite"' in page


async def test_similar_threads_take_a_fixed_number_of_queries(people, forum, db, monkeypatch):
    for number in range(6):
        await threads.start_thread(people["ada"], "help", f"Firmware update stuck {number}", f"Stuck {number}.")
    await drain()
    connection_class = type(db.connections.get("default"))
    counted = {"n": 0}
    for name in ("execute_query", "execute_query_dict"):
        original = getattr(connection_class, name)

        async def counting(self, *args, _original=original, **kwargs):
            counted["n"] += 1
            return await _original(self, *args, **kwargs)

        monkeypatch.setattr(connection_class, name, counting)
    found = await similar.similar_threads(people["bob"], "firmware update stuck")
    assert len(found) == 5 and counted["n"] <= 2  # the threads with their categories, at once


async def test_suggestions_in_german(client, people, forum):
    await _solved(people, "Uhr koppeln klappt nicht", "Sie verbindet sich nicht.")
    await drain()
    text = (await client.get("/forums/similar", params={"title": "Uhr koppeln"}, headers={**HTMX, **GERMAN})).text
    assert "Ist deine Antwort schon da?" in text and "Gelöst" in text and "1 Antwort" in text
    assert "Is your answer" not in text


# -- drafts -----------------------------------------------------------------------------------------------

async def test_a_new_thread_draft_is_saved_while_typing_and_comes_back(client, people, forum):
    await login(client, "ada@example.org")
    saved = await post_form(client, "/forums/help/draft", {"title": "Half a question", "body": "I was",
                                                            "tags": "watch"}, headers=HTMX)
    assert saved.status_code == 200 and "Draft saved." in saved.text and "<html" not in saved.text
    assert 'id="forum-draft-discard"' in saved.text and 'hx-swap-oob="true"' in saved.text
    page = (await client.get("/forums/help/new")).text
    assert 'value="Half a question"' in page and ">I was</textarea>" in page and 'value="watch"' in page
    assert "Your draft is back" in page and 'formaction="/forums/help/draft/discard"' in page
    assert 'hx-post="/forums/help/draft"' in page and "input changed delay:1500ms" in page
    await login(client, "bob@example.org")  # another member starts with an empty form
    assert "Half a question" not in (await client.get("/forums/help/new")).text


async def test_posting_the_thread_deletes_its_draft(client, people, forum):
    await drafts.save_draft(people["ada"], category_key="help", title="Almost", body="There")
    await drafts.save_draft(people["ada"], category_key="lounge", title="Elsewhere", body="Kept")
    await login(client, "ada@example.org")
    done = await post_form(client, "/forums/help/new", {"title": "Almost done", "body": "There it is"})
    assert done.status_code == 303
    assert [d.title for d in await ForumDraft.filter(member_id=people["ada"].pk)] == ["Elsewhere"]


async def test_an_answer_draft_comes_back_and_goes_when_the_answer_is_posted(client, people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Strap size", "Which one?")
    await login(client, "bob@example.org")
    saved = await post_form(client, f"/threads/{thread.pk}/draft", {"body": "Try the large"}, headers=HTMX)
    assert saved.status_code == 200 and "Draft saved." in saved.text
    page = (await client.get(f"/threads/{thread.pk}")).text
    assert ">Try the large</textarea>" in page and 'hx-post="/threads/%d/draft"' % thread.pk in page
    await post_form(client, f"/threads/{thread.pk}/posts", {"body": "Try the large one"})
    assert not await ForumDraft.filter(member_id=people["bob"].pk).exists()
    assert ">Try the large</textarea>" not in (await client.get(f"/threads/{thread.pk}")).text


async def test_a_save_that_crosses_the_post_does_not_bring_the_draft_back(people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Crossing", "Saves and posts.")
    await posts.reply(people["bob"], thread.pk, "Sent at once")
    assert await drafts.save_draft(people["bob"], thread_id=thread.pk, body="Sent at once") is None
    assert not await ForumDraft.exists()
    assert await drafts.save_draft(people["bob"], thread_id=thread.pk, body="Something new") is not None


async def test_discarding_a_draft_empties_the_form(client, people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Discard me", "Question.")
    await drafts.save_draft(people["bob"], thread_id=thread.pk, body="Not this after all")
    await login(client, "bob@example.org")
    gone = await post_form(client, f"/threads/{thread.pk}/draft/discard", {"body": "Not this after all"})
    assert gone.status_code == 303 and gone.headers["location"] == f"/threads/{thread.pk}#reply"
    page = (await client.get(f"/threads/{thread.pk}")).text
    assert "Your draft is discarded." in page and "Not this after all" not in page
    assert not await ForumDraft.exists()


async def test_clearing_every_field_deletes_the_draft(people, forum):
    await drafts.save_draft(people["ada"], category_key="help", title="Something")
    assert await drafts.save_draft(people["ada"], category_key="help", title="  ", body="\n") is None
    assert not await ForumDraft.exists()


async def test_drafts_are_for_members_who_may_post_there_with_csrf(client, people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Who drafts", "Question.")
    visitor = await post_form(client, f"/threads/{thread.pk}/draft", {"body": "Anonymous"}, headers=HTMX)
    assert visitor.status_code == 401 and visitor.headers["HX-Redirect"].startswith("/login")
    plain = await post_form(client, "/forums/help/draft", {"body": "Anonymous"})
    assert plain.status_code == 303 and plain.headers["location"].startswith("/login")
    await login(client, "una@example.org")  # not verified: may not post, keeps no draft
    assert (await post_form(client, "/forums/help/draft", {"body": "Unverified"}, headers=HTMX)).status_code == 403
    await login(client, "bob@example.org")
    assert (await client.post("/forums/help/draft", data={"body": "Forged"}, headers=HTMX)).status_code == 403
    assert (await post_form(client, "/forums/team/draft", {"body": "Team room"}, headers=HTMX)).status_code == 404
    team = await threads.start_thread(people["mod"], "team", "Team plans", "Staff only.")
    assert (await post_form(client, f"/threads/{team.pk}/draft", {"body": "Peek"}, headers=HTMX)).status_code == 404
    assert (await post_form(client, f"/threads/{team.pk}/draft/discard", {})).status_code == 404
    assert not await ForumDraft.exists()


async def test_a_draft_is_limited_like_a_post(client, people, forum):
    await login(client, "ada@example.org")
    long = await post_form(client, "/forums/help/draft", {"title": "Long", "body": "x" * 20_001}, headers=HTMX)
    assert long.status_code == 422
    assert "Draft not saved:" in long.text and "Please keep your post under 20,000 characters." in long.text
    title = await post_form(client, "/forums/help/draft", {"title": "t" * 201}, headers=HTMX)
    assert title.status_code == 422 and "Please keep the title under 200 characters." in title.text
    tags = await post_form(client, "/forums/help/draft", {"tags": "a" * 131}, headers=HTMX)
    assert tags.status_code == 422
    assert not await ForumDraft.exists()


async def test_a_restored_draft_is_escaped(client, people, forum):
    await drafts.save_draft(people["ada"], category_key="help", title='"><script>alert(1)</script>',
                            body="</textarea><script>alert(2)</script>")
    await login(client, "ada@example.org")
    page = (await client.get("/forums/help/new")).text
    assert "<script>alert(" not in page and "&lt;/textarea&gt;&lt;script&gt;alert(2)" in page


async def test_drafts_are_in_the_export_and_go_with_the_member(people, forum):
    from portal.profiles import erasure, export

    thread = await threads.start_thread(people["ada"], "help", "Exported", "Question.")
    await drafts.save_draft(people["bob"], thread_id=thread.pk, body="My unsent words")
    bob = people["bob"]
    section = (await export.build(bob, bob.pk))["sections"]["forum_drafts"]
    assert [row["body"] for row in section] == ["My unsent words"] and section[0]["thread_id"] == thread.pk
    await erasure.erase_self(bob, password="correct horse battery")
    assert not await ForumDraft.exists()


async def test_the_draft_status_in_german(client, people, forum):
    from portal.accounts.models import Member

    await Member.filter(id=people["ada"].pk).update(language="de")
    await drafts.save_draft(people["ada"], category_key="help", title="Fast fertig")
    await login(client, "ada@example.org")
    page = (await client.get("/forums/help/new", headers=GERMAN)).text
    assert "Dein Entwurf ist wieder da" in page and "Entwurf verwerfen" in page
    saved = await post_form(client, "/forums/help/draft", {"title": "Fast fertig!"}, headers={**HTMX, **GERMAN})
    assert "Entwurf gespeichert." in saved.text and "Draft" not in saved.text


# -- quotes ---------------------------------------------------------------------------------------------

async def test_a_quote_link_prefills_the_answer_with_the_post_quoted(client, people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Quote me", "Line one\n\nLine three")
    opening = await posts.opening_post_id(thread)
    visitor = (await client.get(f"/threads/{thread.pk}")).text
    assert "forum-quote-link" not in visitor and "forum-quote.js" not in visitor
    await login(client, "bob@example.org")
    page = (await client.get(f"/threads/{thread.pk}")).text
    assert f'href="/threads/{thread.pk}?quote={opening}#reply"' in page and 'data-quote-intro="@ada wrote:"' in page
    assert '<script src="/static/forum-quote.js" defer></script>' in page
    quoted = (await client.get(f"/threads/{thread.pk}?quote={opening}")).text
    assert ">@ada wrote:\n&gt; Line one\n&gt;\n&gt; Line three\n\n</textarea>" in quoted


async def test_a_quote_joins_the_draft_once(client, people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Quote and draft", "Original words")
    opening = await posts.opening_post_id(thread)
    await drafts.save_draft(people["bob"], thread_id=thread.pk, body="My start")
    await login(client, "bob@example.org")
    page = (await client.get(f"/threads/{thread.pk}?quote={opening}")).text
    assert ">My start\n\n@ada wrote:\n&gt; Original words\n\n</textarea>" in page
    await drafts.save_draft(people["bob"], thread_id=thread.pk, body="My start\n\n@ada wrote:\n> Original words")
    again = (await client.get(f"/threads/{thread.pk}?quote={opening}")).text
    assert again.count("@ada wrote:\n&gt; Original words") == 1


async def test_only_posts_the_reader_may_see_in_this_thread_are_quoted(client, people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Visible", "Seen by all")
    team = await threads.start_thread(people["mod"], "team", "Secret", "Team words")
    hidden = await posts.reply(people["sam"], thread.pk, "Hidden words")
    await Post.filter(id=hidden.pk).update(hidden_at=hidden.created_at)
    await login(client, "bob@example.org")
    for post_id in (await posts.opening_post_id(team), hidden.pk, "x", 999_999):
        page = (await client.get(f"/threads/{thread.pk}?quote={post_id}")).text
        assert "wrote:" not in page.split('id="reply"')[1] and "Team words" not in page, post_id


async def test_a_quoted_script_or_javascript_link_is_harmless(client, people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Tricky", "<script>alert('q')</script> and "
                                        "[click](javascript:alert(1))")
    opening = await posts.opening_post_id(thread)
    await login(client, "bob@example.org")
    page = (await client.get(f"/threads/{thread.pk}?quote={opening}")).text
    assert "<script>alert(" not in page and "&lt;script&gt;alert(&#39;q&#39;)" in page
    quoted = page.split('<textarea id="f-body"')[1].split(">", 1)[1].split("</textarea>")[0]
    body = html.unescape(quoted)
    answer = await post_form(client, f"/threads/{thread.pk}/posts", {"body": body + "Quoted it."})
    assert answer.status_code == 303
    shown = (await client.get(f"/threads/{thread.pk}")).text
    assert "<blockquote>" in shown and "<script>alert(" not in shown and 'href="javascript:' not in shown


async def test_no_quote_link_where_the_reader_may_not_answer(client, people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Locked later", "Question")
    await Thread.filter(id=thread.pk).update(locked_at=thread.created_at)
    await login(client, "bob@example.org")
    assert "forum-quote-link" not in (await client.get(f"/threads/{thread.pk}")).text
    await login(client, "una@example.org")
    assert "forum-quote-link" not in (await client.get(f"/threads/{thread.pk}")).text


async def test_the_quote_script_is_ours_and_served(client, db):
    script = await client.get("/static/forum-quote.js")
    assert script.status_code == 200 and "selectionchange" in script.text


async def test_a_quote_in_german(client, people, forum):
    from portal.accounts.models import Member

    thread = await threads.start_thread(people["ada"], "help", "Zitat", "Das stimmt so")
    opening = await posts.opening_post_id(thread)
    await Member.filter(id=people["bob"].pk).update(language="de")
    await login(client, "bob@example.org")
    page = (await client.get(f"/threads/{thread.pk}?quote={opening}", headers=GERMAN)).text
    assert ">@ada schrieb:\n&gt; Das stimmt so" in page and 'data-quote-intro="@ada schrieb:"' in page
    assert ">Zitieren<span" in page
