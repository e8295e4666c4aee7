"""Support health: the figures staff read (time to first reply, answered and solved shares, team
versus community, response-time buckets, per category and week) and the stale questions."""
from datetime import timedelta

from forums import health, posts, threads
from forums.models import Thread
from portal.accounts.models import Member
from portal.clock import now
from tests.conftest import login


async def _asked(people, category, title, *, hours_ago, reply_after=None, by="bob"):
    thread = await threads.start_thread(people["ada"], category, title, f"About {title}.")
    started = now() - timedelta(hours=hours_ago)
    await Thread.filter(id=thread.pk).update(created_at=started)
    if reply_after is not None:
        await posts.reply(people[by], thread.pk, f"An answer to {title}.")
        await Thread.filter(id=thread.pk).update(first_reply_at=started + timedelta(hours=reply_after))
    return thread


async def test_the_figures_count_each_thread_once_where_it_belongs(people, forum):
    fast = await _asked(people, "help", "Fast", hours_ago=30, reply_after=0.5, by="sam")
    await _asked(people, "help", "Slow", hours_ago=50, reply_after=10)
    await _asked(people, "lounge", "Waiting", hours_ago=30)
    await _asked(people, "help", "Fresh", hours_ago=2)
    await posts.accept_answer(people["ada"], fast.pk, (await fast.posts.all().order_by("id"))[1].pk)
    figures = await health.support_health(people["sam"])
    total = figures.total
    assert (total.threads, total.answered, total.solved, total.by_staff, total.by_community) == (4, 2, 1, 1, 1)
    assert total.median_hours == 5.25 and total.answered_share == 0.5 and total.solved_share == 0.25
    assert dict(total.buckets) == {"under 1 hour": 1, "1 to 4 hours": 0, "4 to 24 hours": 1, "over 24 hours": 0}
    by_category = {category.slug: f for category, f in figures.categories}
    assert by_category["help"].threads == 3 and by_category["lounge"].answered == 0
    assert sum(f.threads for _, f in figures.weeks) == 4
    assert [t.title for t in figures.unanswered] == ["Waiting"]


async def test_only_staff_read_the_page_and_it_speaks_german(client, people, forum):
    await _asked(people, "help", "Langsam", hours_ago=50, reply_after=2.5)
    await login(client, "ada@example.org")
    assert (await client.get("/staff/forums")).status_code == 403
    await Member.filter(id=people["sam"].pk).update(language="de")
    await login(client, "sam@example.org")
    page = await client.get("/staff/forums")
    assert page.status_code == 200 and 'role="img"' in page.text and "<desc" in page.text
    assert "2,5 h" in page.text and "100\xa0%" in page.text  # the reader's decimal comma and percent
    assert "1 bis 4 Stunden" in page.text
