"""A thread becomes an idea through the idea board's bridge: its author or product staff turn it
into one, once; the idea carries the question and a link back; the thread shows the idea and its
status; the people who liked the question are in the event that invites them to vote."""
import pytest

from forums import bridge, posts, threads
from forums.models import Post, Thread
from ideas import decisions
from ideas.models import Idea
from portal import bridges, core, features
from portal.errors import Conflict, Forbidden
from portal.events.models import Event
from tests.conftest import make_member


async def test_the_asker_or_product_staff_turn_a_thread_into_an_idea_once(people, forum):
    pm = await make_member("pm@example.org", name="Pia PM", role="product")
    thread = await threads.start_thread(people["ada"], "help", "Export rides as GPX", "Can I export my rides?")
    question = await Post.get(thread_id=thread.pk)
    await posts.set_like(people["bob"], question.pk, True)
    await posts.set_like(pm, question.pk, True)
    with pytest.raises(Forbidden):
        await bridge.convert(people["bob"], thread.pk)
    with pytest.raises(Forbidden):
        await bridge.convert(people["sam"], thread.pk)  # service staff are not product staff
    converted = await bridge.convert(pm, thread.pk)
    idea = await Idea.get(title="Export rides as GPX")
    assert converted.became == f"idea:{idea.pk}" and idea.author_id == people["ada"].pk
    assert "Can I export my rides?" in idea.body and f"(/threads/{thread.pk})" in idea.body
    event = await Event.get(kind="thread.converted")
    assert event.data["likers"] == [people["bob"].pk] and event.data["url"] == f"/ideas/{idea.pk}"
    with pytest.raises(Conflict):
        await bridge.convert(people["ada"], thread.pk)
    await decisions.change_status(pm, idea.pk, "planned")
    shown = await bridge.became(await Thread.get(id=thread.pk))
    assert shown == {"title": "Export rides as GPX", "url": f"/ideas/{idea.pk}", "status": "planned"}


async def test_without_the_idea_board_there_is_no_bridge(people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Question", "Text")
    site = [core.CORE, *features.select(["forums"])]
    features.install(site)
    try:
        assert bridges.offered("idea") is None
        assert not bridge.may_convert(people["ada"], await threads.get_thread(people["ada"], thread.pk))
    finally:
        features.install(core.installed(None))
