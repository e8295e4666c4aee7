"""The forums' JSON API, as a script or an app would use it: categories, threads, posts, likes and
accepted answers, per role; hidden categories stay out of sight."""
import pytest

from forums import categories, posts, threads
from forums.models import Post, Thread
from portal.accounts import api_tokens
from portal.accounts.models import Member
from portal.clock import now
from tests.conftest import csrf_token, login
from tests.portal.api.test_service import PROBLEM, fields_of


async def _auth(member, scopes=("read", "write")) -> dict:
    _, raw = await api_tokens.create(member, "test", list(scopes))
    return {"Authorization": f"Bearer {raw}"}


STAFF = ("read", "write", "staff")


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    return response.json()


@pytest.fixture
async def asked(people, forum):
    """Ada's question in Help, with Bob's answer; a thread in the lounge and one in the team's room."""
    question = await threads.start_thread(people["ada"], "help", "Battery drains overnight", "Any idea why?",
                                          tags=["battery"])
    answer = await posts.reply(people["bob"], question.pk, "Turn off the **sync**.")
    lounge = await threads.start_thread(people["bob"], "lounge", "Meetup in Linz", "Who comes?")
    secret = await threads.start_thread(people["sam"], "team", "Roadmap draft", "Internal.")
    return {"question": question, "answer": answer, "lounge": lounge, "secret": secret}


# -- categories ----------------------------------------------------------------------------------

async def test_each_caller_lists_the_categories_they_may_read(client, people, forum):
    async def slugs(headers=None):
        response = await client.get("/api/v1/categories", headers=headers or {})
        assert response.status_code == 200, response.text
        return [c["slug"] for c in response.json()["items"]]

    assert await slugs() == ["help"]
    assert await slugs(await _auth(people["bob"], ("read",))) == ["help", "lounge"]
    assert await slugs(await _auth(people["sam"], ("read",))) == ["help", "lounge"]  # no staff scope
    assert await slugs(await _auth(people["sam"], ("read", "staff"))) == ["help", "lounge", "team"]
    help_ = (await client.get("/api/v1/categories")).json()["items"][0]
    assert help_ == {"id": forum["help"].pk, "slug": "help", "name": "Help", "description": "Ask anything.",
                     "colour": "#2f6fdb", "read": "everyone", "post": "members", "thread_count": 0,
                     "last_posted_at": None}


async def test_an_admin_opens_a_category_with_the_staff_scope(client, people, forum):
    payload = {"name": "Announcements", "slug": "news", "description": "From the team", "read": "everyone",
               "post": "staff"}
    created = await client.post("/api/v1/categories", json=payload, headers=await _auth(people["root"], STAFF))
    assert created.status_code == 201, created.text
    assert {k: created.json()[k] for k in payload} == payload
    assert "news" in [c["slug"] for c in (await client.get("/api/v1/categories")).json()["items"]]


@pytest.mark.parametrize("who,scopes,status", [
    (None, None, 401), ("root", ("read", "write"), 403), ("root", ("read", "staff"), 403),
    ("mod", STAFF, 403), ("bob", ("read", "write"), 403)])
async def test_nobody_else_opens_a_category(client, people, forum, who, scopes, status):
    headers = await _auth(people[who], scopes) if who else {}
    response = await client.post("/api/v1/categories", json={"name": "Mine", "slug": "mine"}, headers=headers)
    _problem(response, status)
    assert await categories.list_categories(people["root"]) == list(forum.values())


@pytest.mark.parametrize("payload,field", [
    ({"name": "X", "slug": "Not a slug"}, "slug"), ({"name": "X", "slug": "help"}, "slug"),
    ({"name": "", "slug": "x-1"}, "name"), ({"name": "X", "slug": "x-1", "read": "staff", "post": "members"}, "post"),
    ({"name": "X", "slug": "x-1", "read": "friends"}, "read"),
    ({"name": "X", "slug": "x-1", "colour": "red"}, "colour"),
    ({"name": "X"}, "slug"), ({"name": "X", "slug": "x-1", "position": 3}, "position")])
async def test_a_bad_category_is_a_422_naming_the_field(client, people, forum, payload, field):
    response = await client.post("/api/v1/categories", json=payload, headers=await _auth(people["root"], STAFF))
    _problem(response, 422)
    assert field in fields_of(response)


# -- threads -------------------------------------------------------------------------------------

async def test_a_member_starts_a_thread_and_reads_it_back(client, people, forum):
    headers = await _auth(people["ada"])
    created = await client.post("/api/v1/threads", headers=headers, json={
        "category": forum["help"].pk, "title": "  Range  in winter ", "body": "Why **less**?",
        "tags": ["Winter", "battery"]})
    assert created.status_code == 201, created.text
    thread = created.json()
    assert created.headers["location"] == f"/api/v1/threads/{thread['id']}"
    assert thread["title"] == "Range in winter" and thread["category"] == forum["help"].pk
    assert thread["tags"] == ["battery", "winter"] and thread["author"] == {"display_name": "Ada", "handle": "ada"}
    assert thread["solved"] is False and thread["accepted_post"] is None
    assert thread["post_count"] == 1 and thread["like_count"] == 0
    assert thread["created_at"] == thread["last_posted_at"]
    assert (await client.get(f"/api/v1/threads/{thread['id']}")).json() == thread
    opening = (await client.get(f"/api/v1/threads/{thread['id']}/posts")).json()
    assert [p["body"] for p in opening["items"]] == ["Why **less**?"] and opening["next"] is None


@pytest.mark.parametrize("payload,field", [
    ({"title": ""}, "title"), ({"title": "x" * 201}, "title"), ({"title": "Ok", "body": ""}, "body"),
    ({"title": "Ok", "body": " "}, "body"), ({"title": "Ok", "tags": ["not a tag"]}, "tags"),
    ({"title": "Ok", "tags": ["a", "b", "c", "d", "e", "f"]}, "tags"), ({"title": "Ok", "tags": "a"}, "tags"),
    ({"title": "Ok", "category": "help"}, "category"), ({"title": "Ok", "category": 999}, "category"),
    ({"title": "Ok", "category": "team"}, "category"), ({"title": "Ok", "pinned": True}, "pinned")])
async def test_a_bad_thread_is_a_422_naming_the_field(client, people, forum, payload, field):
    body = {"category": forum["help"].pk, "body": "Hello", **payload}
    if body["category"] == "team":  # a category Bob may not read is one that is not there
        body["category"] = forum["team"].pk
    response = await client.post("/api/v1/threads", json=body, headers=await _auth(people["bob"]))
    _problem(response, 422)
    assert field in fields_of(response)
    assert not await Thread.exists()


async def test_a_german_member_reads_what_was_wrong_in_german(client, people, forum):
    await Member.filter(id=people["bob"].pk).update(language="de")
    response = await client.post("/api/v1/threads", headers=await _auth(people["bob"]),
                                 json={"category": forum["team"].pk, "title": "Hallo", "body": "Wer liest mit?"})
    assert _problem(response, 422)["errors"] == [
        {"detail": "Es gibt keine Kategorie mit dieser ID, die du lesen darfst.", "pointer": "#/category"}]


@pytest.mark.parametrize("who,status", [(None, 401), ("una", 403), ("bob-read", 403), ("bob-news", 403)])
async def test_who_may_not_start_a_thread(client, people, forum, who, status):
    news = await categories.create_category(people["root"], name="News", slug="news", post="staff")
    headers = {} if who is None else await _auth(people[who.split("-")[0]], ("read",) if who == "bob-read" else
                                                 ("read", "write"))
    category = news.pk if who == "bob-news" else forum["help"].pk
    response = await client.post("/api/v1/threads", headers=headers,
                                 json={"category": category, "title": "Hi", "body": "there"})
    _problem(response, status)
    assert not await Thread.exists()


async def test_a_hidden_categorys_threads_are_absent_from_lists_and_404_on_fetch(client, people, asked):
    everything = {asked[k].pk for k in ("question", "lounge", "secret")}
    for headers, seen in (({}, {asked["question"].pk}),
                          (await _auth(people["bob"], ("read",)), everything - {asked["secret"].pk}),
                          (await _auth(people["mod"], ("read",)), everything - {asked["secret"].pk}),
                          (await _auth(people["mod"], ("read", "staff")), everything)):
        listed = await client.get("/api/v1/threads", headers=headers)
        assert {t["id"] for t in listed.json()["items"]} == seen
        for thread_id in everything - seen:
            _problem(await client.get(f"/api/v1/threads/{thread_id}", headers=headers), 404)
            _problem(await client.get(f"/api/v1/threads/{thread_id}/posts", headers=headers), 404)
    bob = await _auth(people["bob"])
    secret_post = (await posts.posts_after(people["sam"], asked["secret"]))[0]
    _problem(await client.get("/api/v1/threads", params={"category": "team"}, headers=bob), 404)
    _problem(await client.get("/api/v1/threads", params={"category": "lounge"}), 404)
    _problem(await client.post(f"/api/v1/threads/{asked['secret'].pk}/posts", json={"body": "Hi"}, headers=bob), 404)
    _problem(await client.patch(f"/api/v1/posts/{secret_post.pk}", json={"body": "Mine"}, headers=bob), 404)
    _problem(await client.put(f"/api/v1/posts/{secret_post.pk}/like", headers=bob), 404)
    _problem(await client.post(f"/api/v1/threads/{asked['secret'].pk}/accept", json={"post": None}, headers=bob), 404)


async def test_unknown_ids_are_404_where_known_ones_answer(client, people, asked):
    bob = await _auth(people["bob"])
    ada_asked, answer = asked["question"].pk, asked["answer"].pk
    for method, path, body in (("GET", "/api/v1/threads/{thread}", None),
                               ("GET", "/api/v1/threads/{thread}/posts", None),
                               ("POST", "/api/v1/threads/{thread}/posts", {"body": "Hi"}),
                               ("PATCH", "/api/v1/posts/{post}", {"body": "Hi"}),
                               ("GET", "/api/v1/threads?category={category}", None)):
        known = path.format(thread=ada_asked, post=answer, category="help")
        assert (await client.request(method, known, json=body, headers=bob)).status_code in (200, 201), known
        for thread, post, category in ((9999, 9999, "nowhere"), (2147483647, 2147483647, "99999999999999")):
            unknown = path.format(thread=thread, post=post, category=category)
            _problem(await client.request(method, unknown, json=body, headers=bob), 404)
    ada = await _auth(people["ada"])
    assert (await client.put(f"/api/v1/posts/{answer}/like", headers=ada)).status_code == 200
    _problem(await client.put("/api/v1/posts/9999/like", headers=ada), 404)
    _problem(await client.delete("/api/v1/posts/9999/like", headers=ada), 404)
    undone = await client.post(f"/api/v1/threads/{ada_asked}/accept", json={"post": None}, headers=ada)
    assert undone.status_code == 200
    _problem(await client.post("/api/v1/threads/9999/accept", json={"post": answer}, headers=ada), 404)


async def test_the_filters_category_tag_solved_and_unanswered(client, people, asked):
    other = await threads.start_thread(people["bob"], "help", "Charger broken", "It sparks.", tags=["charger"])
    await posts.accept_answer(people["ada"], asked["question"].pk, asked["answer"].pk)
    bob = await _auth(people["bob"], ("read",))

    async def ids(**params):
        response = await client.get("/api/v1/threads", params=params, headers=bob)
        assert response.status_code == 200, response.text
        return [t["id"] for t in response.json()["items"]]

    question, lounge = asked["question"].pk, asked["lounge"].pk
    assert await ids() == [other.pk, lounge, question]  # latest activity first
    assert await ids(category="help") == await ids(category=str(asked["question"].category_id)) == [other.pk, question]
    assert await ids(tag="battery") == await ids(tag="Battery") == [question]
    assert await ids(solved="true") == [question]
    assert await ids(solved="false") == [other.pk, lounge]
    assert await ids(unanswered="true") == [other.pk, lounge]
    assert await ids(unanswered="true", category="lounge") == [lounge]
    assert await ids(sort="newest") == [other.pk, lounge, question]
    await posts.set_like(people["ada"], asked["answer"].pk, True)
    assert (await ids(sort="top"))[0] == question
    solved = (await client.get(f"/api/v1/threads/{question}")).json()
    assert solved["solved"] is True and solved["accepted_post"] == asked["answer"].pk
    assert solved["post_count"] == 2 and solved["like_count"] == 1
    for params, field in (({"solved": "maybe"}, "solved"), ({"sort": "oldest"}, "sort"), ({"limit": "0"}, "limit"),
                          ({"cursor": "forged"}, "cursor"), ({"category": "no spaces"}, "category")):
        assert field in fields_of(await client.get("/api/v1/threads", params=params))


@pytest.mark.parametrize("sort", ["latest", "newest", "top"])
async def test_threads_page_by_cursor_and_the_next_link_keeps_the_filters(client, people, forum, sort):
    # Each text differs: the same text twice within five minutes is refused (forums/trust.py).
    made = [await threads.start_thread(people["ada"], "help", f"Question {i}", f"Why {i}?", tags=["odd"] if i % 2 else [])
            for i in range(7)]
    for thread in made[:3]:  # older threads climb to the top of "latest" meanwhile
        await posts.reply(people["bob"], thread.pk, f"An answer to {thread.pk}")
    seen, url = [], f"/api/v1/threads?sort={sort}&limit=2&category=help"
    while url:
        page = (await client.get(url)).json()
        assert len(page["items"]) <= 2
        seen += [t["id"] for t in page["items"]]
        url = page["next"]
        if url:  # the default order stays out of the link
            assert "limit=2" in url and "category=help" in url and (f"sort={sort}" in url) == (sort != "latest")
    assert sorted(seen) == sorted(t.pk for t in made) and len(seen) == len(set(seen))
    odd = (await client.get("/api/v1/threads", params={"tag": "odd", "limit": 2, "sort": sort})).json()
    rest = (await client.get(odd["next"])).json()
    assert len(odd["items"]) == 2 and len(rest["items"]) == 1 and rest["next"] is None
    other_sort = "top" if sort != "top" else "newest"
    cursor = odd["next"].split("cursor=")[1]
    assert "cursor" in fields_of(await client.get(f"/api/v1/threads?sort={other_sort}&cursor={cursor}"))


# -- posts ---------------------------------------------------------------------------------------

async def test_answers_are_listed_with_likes_and_official_marks(client, people, asked):
    question = asked["question"]
    staff = await client.post(f"/api/v1/threads/{question.pk}/posts", json={"body": "See the guide."},
                              headers=await _auth(people["sam"], STAFF))
    plain = await client.post(f"/api/v1/threads/{question.pk}/posts", json={"body": "Me too."},
                              headers=await _auth(people["sam"]))
    assert staff.status_code == plain.status_code == 201, staff.text
    assert staff.json()["official"] is True and plain.json()["official"] is False
    assert staff.json()["thread"] == question.pk and staff.json()["author"]["display_name"] == "Sam Service"
    ada = await _auth(people["ada"])
    liked = await client.put(f"/api/v1/posts/{asked['answer'].pk}/like", headers=ada)
    assert liked.json() == {"like_count": 1, "liked": True}
    listed = (await client.get(f"/api/v1/threads/{question.pk}/posts", headers=ada)).json()["items"]
    assert [p["body"] for p in listed] == ["Any idea why?", "Turn off the **sync**.", "See the guide.", "Me too."]
    assert [p["liked"] for p in listed] == [False, True, False, False]
    assert [p["like_count"] for p in listed] == [0, 1, 0, 0]
    assert {"id", "thread", "author", "body", "like_count", "liked", "official", "accepted", "held",
            "created_at", "edited_at", "flag_count"} == set(listed[0])
    assert listed[0]["flag_count"] is None  # only moderators see flag counts
    anonymous = (await client.get(f"/api/v1/threads/{question.pk}/posts")).json()["items"]
    assert [p["liked"] for p in anonymous] == [False] * 4
    assert (await client.get(f"/api/v1/threads/{question.pk}")).json()["post_count"] == 4


async def test_posts_page_by_cursor_for_their_own_thread_only(client, people, asked):
    for i in range(4):
        await posts.reply(people["bob"], asked["question"].pk, f"More {i}")
    seen, url = [], f"/api/v1/threads/{asked['question'].pk}/posts?limit=2"
    while url:
        page = (await client.get(url)).json()
        seen += [p["body"] for p in page["items"]]
        url = page["next"]
    assert seen == ["Any idea why?", "Turn off the **sync**.", "More 0", "More 1", "More 2", "More 3"]
    first = (await client.get(f"/api/v1/threads/{asked['question'].pk}/posts?limit=1")).json()
    cursor = first["next"].split("cursor=")[1]
    other = await client.get(f"/api/v1/threads/{asked['lounge'].pk}/posts?cursor={cursor}",
                             headers=await _auth(people["bob"]))
    assert "cursor" in fields_of(other)


async def test_a_locked_thread_takes_no_answers(client, people, asked):
    await Thread.filter(id=asked["question"].pk).update(locked_at=now())
    response = await client.post(f"/api/v1/threads/{asked['question'].pk}/posts", json={"body": "Late"},
                                 headers=await _auth(people["bob"]))
    _problem(response, 409)


async def test_authors_and_moderators_edit_posts_others_do_not(client, people, asked):
    path = f"/api/v1/posts/{asked['answer'].pk}"
    _problem(await client.patch(path, json={"body": "Hijacked"}, headers=await _auth(people["ada"])), 403)
    _problem(await client.patch(path, json={"body": "Tidied"}, headers=await _auth(people["mod"])), 403)
    _problem(await client.patch(path, json={"body": ""}, headers=await _auth(people["bob"])), 422)
    bob = await _auth(people["bob"])
    _problem(await client.patch(path, json={"body": "Again", "official": True}, headers=bob), 422)
    edited = await client.patch(path, json={"body": "Turn off sync and Wi-Fi."}, headers=await _auth(people["bob"]))
    assert edited.status_code == 200, edited.text
    assert edited.json()["body"] == "Turn off sync and Wi-Fi." and edited.json()["edited_at"] is not None
    tidied = await client.patch(path, json={"body": "Tidied"}, headers=await _auth(people["mod"], STAFF))
    assert tidied.status_code == 200 and tidied.json()["body"] == "Tidied"
    assert [r.body for r in await posts.revisions(asked["answer"])] == ["Turn off the **sync**.",
                                                                         "Turn off sync and Wi-Fi."]


async def test_likes_are_idempotent_and_never_on_ones_own_post(client, people, asked):
    path = f"/api/v1/posts/{asked['answer'].pk}/like"
    _problem(await client.put(path, headers=await _auth(people["bob"])), 409)
    _problem(await client.put(path), 401)
    ada = await _auth(people["ada"])
    for _ in range(2):
        assert (await client.put(path, headers=ada)).json() == {"like_count": 1, "liked": True}
    for _ in range(2):
        assert (await client.delete(path, headers=ada)).json() == {"like_count": 0, "liked": False}
    assert (await client.get(f"/api/v1/threads/{asked['question'].pk}")).json()["like_count"] == 0


async def test_a_held_post_shows_only_to_its_author_and_a_former_member_is_null(client, people, asked):
    held = await posts.reply(people["ada"], asked["question"].pk, "See http://example.org")
    await Post.filter(id=held.pk).update(held=True)
    path = f"/api/v1/threads/{asked['question'].pk}/posts"
    mine = (await client.get(path, headers=await _auth(people["ada"], ("read",)))).json()["items"]
    assert [(p["body"], p["held"]) for p in mine][-1] == ("See http://example.org", True)
    for headers in ({}, await _auth(people["bob"], ("read",))):
        assert held.pk not in [p["id"] for p in (await client.get(path, headers=headers)).json()["items"]]
    await Member.filter(id=people["bob"].pk).update(status="erased", display_name="")
    answer = (await client.get(path)).json()["items"][1]
    assert answer["id"] == asked["answer"].pk and answer["author"] is None
    assert (await client.get("/api/v1/threads")).json()["items"][0]["author"]["handle"] == "ada"


# -- accepted answers ----------------------------------------------------------------------------

async def test_the_asker_accepts_an_answer_and_takes_it_back(client, people, asked):
    question, answer = asked["question"], asked["answer"]
    path = f"/api/v1/threads/{question.pk}/accept"
    ada = await _auth(people["ada"])
    accepted = await client.post(path, json={"post": answer.pk}, headers=ada)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["solved"] is True and accepted.json()["accepted_post"] == answer.pk
    listed = (await client.get(f"/api/v1/threads/{question.pk}/posts")).json()["items"]
    assert [p["accepted"] for p in listed] == [False, True]
    undone = await client.post(path, json={"post": None}, headers=ada)
    assert undone.json()["solved"] is False and undone.json()["accepted_post"] is None


async def test_who_may_accept_and_what(client, people, asked):
    question, answer = asked["question"], asked["answer"]
    path = f"/api/v1/threads/{question.pk}/accept"
    opening = (await posts.posts_after(None, question))[0]
    elsewhere = await posts.reply(people["ada"], asked["lounge"].pk, "I come!")
    ada = await _auth(people["ada"])
    _problem(await client.post(path, json={"post": answer.pk}, headers=await _auth(people["bob"])), 403)
    _problem(await client.post(path, json={"post": answer.pk}, headers=await _auth(people["sam"])), 403)
    _problem(await client.post(path, json={"post": answer.pk}, headers=await _auth(people["ada"], ("read",))), 403)
    _problem(await client.post(path, json={"post": answer.pk}), 401)
    _problem(await client.post(path, json={"post": opening.pk}, headers=ada), 409)
    for post_id in (elsewhere.pk, 9999):
        assert fields_of(await client.post(path, json={"post": post_id}, headers=ada)) == {"post"}
    assert "post" in fields_of(await client.post(path, json={}, headers=ada))
    assert "post" in fields_of(await client.post(path, json={"post": str(answer.pk)}, headers=ada))
    assert not (await threads.get_thread(None, question.pk)).solved
    by_staff = await client.post(path, json={"post": answer.pk}, headers=await _auth(people["sam"], STAFF))
    assert by_staff.status_code == 200 and by_staff.json()["solved"] is True


# -- a browser session ---------------------------------------------------------------------------

async def test_a_logged_in_browser_writes_with_the_csrf_header(client, people, asked):
    await login(client, "ada@example.org")
    path = f"/api/v1/posts/{asked['answer'].pk}/like"
    assert (await client.put(path)).status_code == 403
    token = await csrf_token(client)
    liked = await client.put(path, headers={"X-CSRF-Token": token})
    assert liked.status_code == 200 and liked.json()["liked"] is True


# -- the document --------------------------------------------------------------------------------

async def test_the_openapi_document_describes_the_forums(client, db):
    spec = (await client.get("/api/v1/openapi.json")).json()
    paths = spec["paths"]
    assert {method: sorted(paths[path]) for method, path in (
        ("categories", "/categories"), ("threads", "/threads"), ("thread", "/threads/{thread_id}"),
        ("posts", "/threads/{thread_id}/posts"), ("accept", "/threads/{thread_id}/accept"),
        ("post", "/posts/{post_id}"), ("like", "/posts/{post_id}/like"))} == {
        "categories": ["get", "post"], "threads": ["get", "post"], "thread": ["get"], "posts": ["get", "post"],
        "accept": ["post"], "post": ["patch"], "like": ["delete", "put"]}
    assert paths["/categories"]["post"]["security"] == [{"bearer": ["write", "staff"]}]
    assert {"404"} <= set(paths["/threads"]["get"]["responses"])
    assert {"409"} <= set(paths["/posts/{post_id}/like"]["put"]["responses"])
    schemas = spec["components"]["schemas"]
    assert set(schemas["Thread"]["required"]) == {"id", "title", "category", "tags", "author", "solved",
                                                  "accepted_post", "post_count", "like_count", "created_at",
                                                  "last_posted_at"}
    assert set(schemas["Post"]["required"]) == {"id", "thread", "author", "body", "like_count", "liked",
                                                "official", "accepted", "held", "created_at", "edited_at"}
    assert schemas["NewCategory"]["properties"]["read"]["enum"] == ["everyone", "members", "staff"]
