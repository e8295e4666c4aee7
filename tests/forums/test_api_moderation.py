"""Flags and moderation through the API, exactly as issue 13 describes them: one flag per member
and post; moderators (with the staff scope) act on threads and posts with reasons; a post over a
new member's limits is a 422 with the reason, a first post with links is accepted and held, too
fast is a 429 with Retry-After and a refused post does not restart the clock; flag counts only for
moderators."""
from forums import threads
from forums.models import ModerationAction, Post
from tests.forums.test_api import STAFF, _auth, _problem, asked  # noqa: F401  (the fixture)


async def test_members_flag_once_and_moderators_see_the_count(client, people, asked):
    answer = asked["answer"]
    bob, ada = await _auth(people["bob"]), await _auth(people["ada"])
    assert _problem(await client.post(f"/api/v1/posts/{answer.pk}/flags", json={"reason": "spam"}, headers=bob),
                    409)["status"] == 409  # not one's own
    made = await client.post(f"/api/v1/posts/{answer.pk}/flags", json={"reason": "off_topic", "note": "Ads"},
                             headers=ada)
    assert made.status_code == 201 and made.json()["reason"] == "off_topic"
    _problem(await client.post(f"/api/v1/posts/{answer.pk}/flags", json={"reason": "spam"}, headers=ada), 409)
    _problem(await client.post(f"/api/v1/posts/{answer.pk}/flags", json={"reason": "boring"}, headers=ada), 422)
    path = f"/api/v1/threads/{asked['question'].pk}/posts"
    as_member = (await client.get(path, headers=ada)).json()["items"]
    as_moderator = (await client.get(path, headers=await _auth(people["mod"], STAFF))).json()["items"]
    assert [p["flag_count"] for p in as_member] == [None, None]
    assert [p["flag_count"] for p in as_moderator] == [0, 1]


async def test_moderators_act_with_the_staff_scope_and_reasons(client, people, forum, asked):
    question, answer = asked["question"], asked["answer"]
    mod = await _auth(people["mod"], STAFF)
    for headers in (await _auth(people["ada"]), await _auth(people["mod"])):  # a member; no staff scope
        _problem(await client.post(f"/api/v1/threads/{question.pk}/moderate", json={"action": "lock"},
                                   headers=headers), 403)
    _problem(await client.post(f"/api/v1/posts/{answer.pk}/moderate", json={"action": "hide"}, headers=mod), 422)
    hidden = await client.post(f"/api/v1/posts/{answer.pk}/moderate", json={"action": "hide", "reason": "Be kind"},
                               headers=mod)
    assert hidden.status_code == 200
    moved = await client.post(f"/api/v1/threads/{question.pk}/moderate",
                              json={"action": "move", "category": forum["lounge"].pk}, headers=mod)
    assert moved.status_code == 200 and moved.json()["category"] == forum["lounge"].pk
    _problem(await client.post(f"/api/v1/threads/{question.pk}/moderate", json={"action": "move", "category": 99999},
                               headers=mod), 422)
    _problem(await client.post("/api/v1/threads/99999/moderate", json={"action": "lock"}, headers=mod), 404)
    assert [a.action for a in await ModerationAction.all().order_by("id")] == ["hide", "move"]


async def test_limits_answer_422_held_and_429_with_retry_after(client, people, forum, paced):
    question = await threads.start_thread(people["mod"], "help", "A question", "Anyone?")
    path = f"/api/v1/threads/{question.pk}/posts"
    bob = await _auth(people["bob"])
    links = "https://a.example https://b.example https://c.example"
    assert "at most 2 links" in str(_problem(await client.post(path, json={"body": links}, headers=bob), 422))
    first = await client.post(path, json={"body": "See https://pics.example/1"}, headers=bob)
    assert first.status_code == 201 and first.json()["held"] is True  # a new member's first post with links
    too_soon = await client.post(path, json={"body": "Right after my answer."}, headers=bob)
    assert too_soon.status_code == 429 and 1 <= int(too_soon.headers["retry-after"]) <= 30
    again = await client.post(path, json={"body": "And once more."}, headers=bob)
    assert again.status_code == 429 and int(again.headers["retry-after"]) <= int(too_soon.headers["retry-after"])
    others = (await client.get(path, headers=await _auth(people["ada"]))).json()["items"]
    assert [p["id"] for p in others] == [(await Post.get(thread_id=question.pk, author_id=people["mod"].pk)).pk]
    staff = await _auth(people["sam"], STAFF)
    assert [(await client.post(path, json={"body": f"Official {n}"}, headers=staff)).status_code
            for n in range(3)] == [201, 201, 201]
