"""Co-authors, testers and credits."""
import pytest

from ideas import board, decisions, team, votes
from ideas.models import Idea
from portal.errors import Conflict, Forbidden
from portal.notify.models import Notification
from tests.conftest import drain


async def test_co_authors_ask_and_the_author_decides(people):
    idea = await board.submit(people["ada"], "Together", "")
    with pytest.raises(Conflict):
        await team.request_coauthor(people["ada"], idea.pk)
    await team.request_coauthor(people["bob"], idea.pk)
    await team.request_coauthor(people["cy"], idea.pk)
    with pytest.raises(Forbidden):
        await team.answer_coauthor(people["bob"], idea.pk, people["cy"].pk, True)
    await team.answer_coauthor(people["ada"], idea.pk, people["bob"].pk, True)
    await team.answer_coauthor(people["ada"], idea.pk, people["cy"].pk, False)
    crew = await team.contributors(idea)
    assert [c.member_id for c in crew["coauthors"]] == [people["bob"].pk] and crew["requests"] == []
    await drain()
    kinds = set(await Notification.filter(kind="idea_team").values_list("member_id", flat=True))
    assert kinds == {people["ada"].pk, people["bob"].pk}  # asked; accepted
    await decisions.change_status(people["pm"], idea.pk, "shipped", "Done")
    credits = await team.credits([await Idea.get(id=idea.pk).select_related("author")])
    assert credits[idea.pk] == ["Ada", "Bob"]


async def test_testers_hear_first_and_get_their_own_message(people):
    idea = await board.submit(people["ada"], "Test me", "")
    await team.set_tester(people["bob"], idea.pk, True)
    await team.set_tester(people["bob"], idea.pk, True)  # idempotent
    await votes.set_follow(people["cy"], idea.pk, True)
    await drain()
    await decisions.change_status(people["pm"], idea.pk, "in_progress", "Started")
    await drain()
    team_notes = await Notification.filter(kind="idea_team", member_id=people["bob"].pk)
    assert len(team_notes) == 1
    status_notes = await Notification.filter(kind="idea_status").order_by("id")
    assert {n.member_id for n in status_notes} == {people["ada"].pk, people["cy"].pk}
    assert team_notes[0].id < status_notes[0].id
    await team.set_tester(people["bob"], idea.pk, False)
    assert (await team.contributors(idea))["testers"] == []
