"""The forums' personal data (forums/personal.py): a member's threads, posts, likes and edits in
their export and the staff customer view; after erasure their posts stay as a former member's,
their likes are gone with what they counted, and no forum table holds their name or email."""
import json

from tortoise import Tortoise

from forums import posts, threads
from forums.models import Post, PostLike, PostRevision, Thread
from portal.accounts.models import Member
from portal.profiles import erasure, export
from portal.profiles.names import public_name
from tests.conftest import drain, login, make_member, post_form

NAME, EMAIL = "Ada Quietwater", "ada.quietwater@example.org"


async def _ada_in_the_forums(people):
    ada = await make_member(EMAIL, name=NAME)
    thread = await threads.start_thread(ada, "help", "Chain skips on hills", "It skips in low gears.")
    answer = await posts.reply(ada, thread.pk, "Update: new cassette fixed it.")
    await posts.edit_post(ada, answer.pk, "Update: a new cassette fixed it.")
    bobs = await threads.start_thread(people["bob"], "lounge", "Favourite tours", "Mine: the Danube.")
    liked = await posts.reply(people["sam"], bobs.pk, "The Inn valley.")
    await posts.set_like(ada, liked.pk, True)
    await posts.reply(people["bob"], thread.pk, "Glad it works.")
    await drain()
    return {"member": ada, "thread": thread, "answer": answer, "liked": liked}


async def test_the_export_holds_the_members_threads_posts_likes_and_edits(people, forum):
    made = await _ada_in_the_forums(people)
    ada = made["member"]
    sections = (await export.build(ada, ada.pk))["sections"]
    assert [t["title"] for t in sections["forum_threads"]] == ["Chain skips on hills"]
    assert [p["body"] for p in sections["forum_posts"]] == ["It skips in low gears.",
                                                            "Update: a new cassette fixed it."]
    assert "body_html" not in sections["forum_posts"][0] and "excerpt" not in sections["forum_posts"][0]
    assert [like["post_id"] for like in sections["forum_likes"]] == [made["liked"].pk]
    assert [r["body"] for r in sections["forum_edits"]] == ["Update: new cassette fixed it."]


async def test_staff_see_the_members_forum_activity_in_the_customer_view(client, people, forum):
    made = await _ada_in_the_forums(people)
    await login(client, "sam@example.org")
    opened = await post_form(client, f"/staff/members/{made['member'].pk}", {"why": "support"})
    view = (await client.get(opened.headers["location"])).text
    assert "Threads, posts and likes" in view and "Threads (1)" in view and "Posts (2)" in view
    assert "Likes (1)" in view and "Chain skips on hills" in view and "Favourite tours" in view
    assert f'href="/threads/{made["thread"].pk}#post-{made["answer"].pk}"' in view


async def _forum_rows() -> str:
    """Every row of every forum table, as one lower-case text."""
    parts = []
    for model in Tortoise.apps["forums"].values():
        for row in await model.all().values():
            parts.append(json.dumps(row, default=str, ensure_ascii=False))
    return "\n".join(parts).lower()


async def test_erasure_keeps_the_posts_as_a_former_members_and_deletes_the_likes(people, forum):
    made = await _ada_in_the_forums(people)
    ada = made["member"]
    # Her name is in a forum table: she signed a post with it.
    await posts.reply(people["bob"], made["thread"].pk, f"Thanks {NAME}!")
    assert (await Post.get(id=made["liked"].pk)).like_count == 1
    await erasure.erase_self(ada, password="correct horse battery")
    await drain()

    # The conversation stays, written by a former member: the thread, both posts, the edit history.
    thread = await Thread.get(id=made["thread"].pk).prefetch_related("author")
    assert thread.author_id == ada.pk and public_name(thread.author) is None
    kept = await Post.filter(author_id=ada.pk).order_by("id").values_list("body", flat=True)
    assert kept == ["It skips in low gears.", "Update: a new cassette fixed it."]
    assert await PostRevision.filter(editor_id=ada.pk).count() == 1
    # Her like is gone, and so is what it counted.
    assert await PostLike.filter(member_id=ada.pk).count() == 0
    liked = await Post.get(id=made["liked"].pk)
    assert liked.like_count == 0 and (await Thread.get(id=liked.thread_id)).like_count == 0
    # No forum table holds her email; her name only where another member wrote it.
    rows = await _forum_rows()
    assert EMAIL not in rows
    assert [row for row in rows.splitlines() if NAME.lower() in row] == [
        row for row in rows.splitlines() if "thanks ada" in row]
    member = await Member.get(id=ada.pk)
    assert member.email is None and member.display_name in ("", None)
