"""The product team's triage: priority, the inbox, bulk changes, CSV, weights — and who may."""
import csv
import io

import pytest

from ideas import board, comments, decisions, triage, votes
from ideas.models import Idea
from portal.errors import Forbidden, Invalid
from tests.conftest import login, make_member, post_form


async def test_priority_is_the_weighted_sum_of_its_parts(people):
    idea = await board.submit(people["ada"], "Scored", "")
    await votes.set_vote(people["bob"], idea.pk, True)
    await votes.set_vote(people["cy"], idea.pk, True)
    await comments.add_comment(people["bob"], idea.pk, "Yes")
    idea = await Idea.get(id=idea.pk)
    w = await triage.weights()
    values = [p.value for p in triage.parts(idea, w)]
    assert values[0] == 2 and values[2] == 1 and 1.99 <= values[1] <= 2.0
    assert triage.score(idea, w) == pytest.approx(2 * 1.0 + values[1] * 3.0 + 1 * 0.5, abs=0.1)


async def test_the_inbox_sorts_by_priority_in_the_database(people):
    low = await board.submit(people["ada"], "Low", "")
    high = await board.submit(people["ada"], "High", "")
    for who in ("bob", "cy"):
        await votes.set_vote(people[who], high.pk, True)
    page = await triage.inbox(people["pm"], sort="priority")
    assert [i.pk for i in page.items] == [high.pk, low.pk]


async def test_only_product_staff_open_the_inbox_and_only_admins_set_weights(people):
    for who in ("ada", "mod"):
        with pytest.raises(Forbidden):
            await triage.inbox(people[who])
    with pytest.raises(Forbidden):
        await triage.set_weights(people["pm"], {"votes": 1, "recent_votes": 1, "comments": 1})
    admin = await make_member("root@example.org", role="admin")
    with pytest.raises(Invalid) as caught:
        await triage.set_weights(admin, {"votes": "-1", "recent_votes": "x", "comments": "101"})
    assert set(caught.value.errors) == {"votes", "recent_votes", "comments"}
    await triage.set_weights(admin, {"votes": "2", "recent_votes": "0", "comments": "1,5"})
    w = await triage.weights()
    assert (w.votes, w.recent_votes, w.comments) == (2.0, 0.0, 1.5)


async def test_bulk_status_is_all_or_nothing(people):
    a = await board.submit(people["ada"], "A", "")
    b = await board.submit(people["ada"], "B", "")
    c = await board.submit(people["ada"], "C", "")
    await decisions.merge(people["pm"], c.pk, b.pk, "Same wish")
    with pytest.raises(Exception):
        await triage.bulk_status(people["pm"], [a.pk, c.pk], "planned")
    assert (await Idea.get(id=a.pk)).status == "new"
    assert await triage.bulk_status(people["pm"], [a.pk, b.pk], "under_review") == 2
    assert {i.status for i in await Idea.filter(id__in=[a.pk, b.pk])} == {"under_review"}


async def test_the_backlog_csv_has_every_idea_and_defuses_formulas(people):
    await board.submit(people["ada"], "=HYPERLINK(\"http://evil\")", "")
    await board.submit(people["ada"], "Plain", "")
    with pytest.raises(Forbidden):
        await triage.backlog_csv(people["bob"])
    rows = list(csv.DictReader(io.StringIO(await triage.backlog_csv(people["pm"]))))
    assert sorted(r["title"] for r in rows) == ["'=HYPERLINK(\"http://evil\")", "Plain"]
    assert {"priority", "votes", "status", "url"} <= set(rows[0])


async def test_staff_pages_are_403_for_members(client, people):
    await login(client, "ada@example.org")
    for path in ("/staff/ideas", "/staff/ideas.csv", "/staff/ideas/weights"):
        assert (await client.get(path)).status_code == 403


async def test_the_inbox_page_and_a_bulk_change(client, people):
    idea = await board.submit(people["ada"], "Triage in the browser", "")
    await login(client, "pm@example.org")
    page = await client.get("/staff/ideas")
    assert page.status_code == 200 and "Triage in the browser" in page.text
    response = await post_form(client, "/staff/ideas/bulk", {"ids": [str(idea.pk)], "action": "status",
                                                             "status": "planned", "note": "Soon"},
                               token_from="/staff/ideas")
    assert response.status_code == 303
    assert (await Idea.get(id=idea.pk)).status == "planned"
    nothing = await post_form(client, "/staff/ideas/bulk", {"action": "status", "status": "planned"},
                              token_from="/staff/ideas")
    assert nothing.status_code == 422
    csv_response = await client.get("/staff/ideas.csv")
    assert csv_response.headers["content-type"].startswith("text/csv") and "Triage in the browser" in csv_response.text


async def test_the_database_sorts_by_the_same_formula_the_parts_show(people):
    """One formula (triage.TERMS): the priority the database computes for sorting is the sum of
    the parts shown to people, for any weights."""
    admin = await make_member("weights@example.org", role="admin")
    await triage.set_weights(admin, {"votes": "2", "recent_votes": "0.5", "comments": "7"})
    ideas = []
    for n, (voters, comment_count) in enumerate([(("bob", "cy"), 0), (("bob",), 3), ((), 1)]):
        idea = await board.submit(people["ada"], f"Weighted {n}", "")
        for who in voters:
            await votes.set_vote(people[who], idea.pk, True)
        for _ in range(comment_count):
            await comments.add_comment(people["bob"], idea.pk, "More")
        ideas.append(idea)
    w = await triage.weights()
    rows = await Idea.filter(id__in=[i.pk for i in ideas]).annotate(priority=triage.priority_sql(w))
    for row in rows:
        shown = sum(p.value * p.weight for p in triage.parts(row, w))
        assert row.priority == pytest.approx(shown, abs=0.02)
        assert [p.weight for p in triage.parts(row, w)] == [2.0, 0.5, 7.0]
    page = await triage.inbox(people["pm"], sort="priority")
    assert [i.pk for i in page.items] == [r.pk for r in sorted(rows, key=lambda r: (-r.priority, -r.pk))]
