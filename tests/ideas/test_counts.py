"""The board's totals come from counts the services keep (ideas/counts.py): they follow every
change, for every reader, and stand still when a change is rolled back."""
import pytest

from ideas import board, counts, decisions
from ideas.models import Idea
from portal import events


async def _totals(reader, status: str = "") -> tuple[int | None, int]:
    """The total the board shows, and how many ideas the reader really finds there."""
    page = await board.list_ideas(reader, status=status, per_page=100)
    return page.total, len(page.items)


async def test_the_totals_follow_proposals_decisions_merges_and_hiding(people):
    a = await board.submit(people["ada"], "Planned one", "")
    b = await board.submit(people["bob"], "Hidden one", "")
    c = await board.submit(people["cy"], "Duplicate", "")
    await decisions.change_status(people["pm"], a.pk, "planned")
    await decisions.merge(people["pm"], c.pk, b.pk, "Same wish")
    await board.hide(people["mod"], b.pk, "Off topic")
    await board.hide(people["mod"], b.pk, "Off topic, really")  # hidden twice, counted once
    assert await _totals(None) == (1, 1)  # the planned one: merged and hidden ones left out
    assert await _totals(None, "planned") == (1, 1)
    assert await _totals(None, "merged") == (1, 1)
    assert await _totals(people["mod"]) == (2, 2)  # moderators see the hidden one
    assert await _totals(people["bob"]) == (2, 2)  # and so does its author
    assert await _totals(people["ada"]) == (1, 1)
    kept = await _totals(people["mod"])
    await counts.recount()  # rebuilt from the ideas: the same
    assert await _totals(people["mod"]) == kept


async def test_a_rolled_back_change_leaves_the_totals(people, monkeypatch):
    idea = await board.submit(people["ada"], "Stays new", "")

    async def failing_emit(*args, **kwargs):
        raise RuntimeError("the event could not be written")

    monkeypatch.setattr(events, "emit", failing_emit)
    with pytest.raises(RuntimeError):
        await decisions.change_status(people["pm"], idea.pk, "planned")
    assert (await Idea.get(id=idea.pk)).status == "new"
    assert await _totals(None, "new") == (1, 1)
    assert await _totals(None, "planned") == (0, 0)
