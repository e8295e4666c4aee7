"""Every write of the forums' API through a token needs the write scope, and opening a category the
staff scope too (and an admin); a staff member's powers need the staff scope. Every combination of
scopes is tried against every write; on a refusal nothing changes."""
from itertools import combinations

import pytest

from forums import posts, threads
from forums.models import Category, Post, PostLike, Thread
from portal.accounts import api_tokens

SCOPE_SETS = [list(c) for n in (1, 2, 3) for c in combinations(("read", "write", "staff"), n)]
WRITES = ["createCategory", "createThread", "createThreadPost", "updatePost", "likePost", "unlikePost",
          "acceptAnswer"]
# An admin opens categories (every set of scopes); members make the other writes (only staff may
# hold the staff scope at all).
CASES = [(write, scopes) for write in WRITES for scopes in SCOPE_SETS
         if write == "createCategory" or "staff" not in scopes]


@pytest.fixture
async def scene(people, forum):
    question = await threads.start_thread(people["ada"], "help", "Battery drains overnight", "Any idea why?")
    answer = await posts.reply(people["bob"], question.pk, "Turn off sync.")
    other = await posts.reply(people["sam"], question.pk, "Or update the app.")
    await posts.set_like(people["ada"], other.pk, True)  # for the unlike
    return {"question": question, "answer": answer, "other": other}


def _write(name: str, scene: dict, forum: dict) -> tuple[str, str, str, dict | None]:
    """(who, method, path, body) of one write, by the person who may make it."""
    question, answer, other = scene["question"].pk, scene["answer"].pk, scene["other"].pk
    return {
        "createCategory": ("root", "POST", "/api/v1/categories", {"name": "News", "slug": "news"}),
        "createThread": ("ada", "POST", "/api/v1/threads",
                         {"category": forum["help"].pk, "title": "Another one", "body": "Hello"}),
        "createThreadPost": ("bob", "POST", f"/api/v1/threads/{question}/posts", {"body": "Also this"}),
        "updatePost": ("bob", "PATCH", f"/api/v1/posts/{answer}", {"body": "Turn off sync, then restart."}),
        "likePost": ("ada", "PUT", f"/api/v1/posts/{answer}/like", None),
        "unlikePost": ("ada", "DELETE", f"/api/v1/posts/{other}/like", None),
        "acceptAnswer": ("ada", "POST", f"/api/v1/threads/{question}/accept", {"post": answer}),
    }[name]


async def _state(scene: dict) -> tuple:
    question = await Thread.get(id=scene["question"].pk)
    answer = await Post.get(id=scene["answer"].pk)
    return (await Category.all().count(), await Thread.all().count(), await Post.all().count(),
            await PostLike.all().count(), question.accepted_post_id, answer.body)


@pytest.mark.parametrize("write,scopes", CASES, ids=[f"{w}-{'+'.join(s)}" for w, s in CASES])
async def test_each_write_needs_its_scopes(client, people, forum, scene, write, scopes):
    who, method, path, body = _write(write, scene, forum)
    _, raw = await api_tokens.create(people[who], "test", scopes)
    before = await _state(scene)
    response = await client.request(method, path, json=body, headers={"Authorization": f"Bearer {raw}"})
    needed = {"write", "staff"} if write == "createCategory" else {"write"}
    if needed <= set(scopes):
        assert response.status_code in (200, 201), response.text
        assert await _state(scene) != before
    else:
        assert response.status_code == 403, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert await _state(scene) == before


async def test_staff_powers_through_a_token_need_the_staff_scope(client, people, forum, scene):
    """Without the staff scope a staff member is a plain member: the team's room is not there for
    them, their answers are not official, and a moderator edits no one else's post."""
    tokens = {}
    for who in ("sam", "mod"):
        for staff in (False, True):
            _, raw = await api_tokens.create(people[who], "test", ["read", "write"] + (["staff"] if staff else []))
            tokens[who, staff] = {"Authorization": f"Bearer {raw}"}
    team = {"category": forum["team"].pk, "title": "Roadmap", "body": "Internal."}
    assert (await client.post("/api/v1/threads", json=team, headers=tokens["sam", False])).status_code == 422
    assert (await client.post("/api/v1/threads", json=team, headers=tokens["sam", True])).status_code == 201
    path = f"/api/v1/threads/{scene['question'].pk}/posts"
    official = [(await client.post(path, json={"body": "From us"}, headers=tokens["sam", staff])).json()["official"]
                for staff in (False, True)]
    assert official == [False, True]
    edit = f"/api/v1/posts/{scene['answer'].pk}"
    assert (await client.patch(edit, json={"body": "Tidied"}, headers=tokens["mod", False])).status_code == 403
    assert (await client.patch(edit, json={"body": "Tidied"}, headers=tokens["mod", True])).status_code == 200
