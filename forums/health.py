"""Support health, for staff: how fast and how well questions get answered, per category and per
week — time to first reply, the share answered and solved, answered by the team or by the
community, response times in buckets — and the questions still unanswered after a day.

Read from the counts the services keep on each thread (first_reply_at, staff_replied,
reply_count, accepted_post_id), never from the posts, so the page stays cheap as the forums grow."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median

from forums.models import Category, Thread
from portal.accounts.models import Member
from portal.accounts.permissions import require
from portal.clock import now
from portal.errors import N_

WEEKS = 8
STALE = timedelta(hours=24)
# Response-time buckets: (label, upper bound in hours; None for the rest).
BUCKETS = ((N_("under 1 hour"), 1), (N_("1 to 4 hours"), 4), (N_("4 to 24 hours"), 24), (N_("over 24 hours"), None))


@dataclass
class Figures:
    """The figures of one group of threads (a category, a week, or all of them)."""

    threads: int = 0
    answered: int = 0
    solved: int = 0
    by_staff: int = 0
    by_community: int = 0
    waits: list[float] = field(default_factory=list)  # hours to the first reply, of answered threads

    def add(self, row: dict) -> None:
        self.threads += 1
        if row["accepted_post_id"] is not None:
            self.solved += 1
        if row["first_reply_at"] is None:
            return
        self.answered += 1
        if row["staff_replied"]:
            self.by_staff += 1
        else:
            self.by_community += 1
        self.waits.append((row["first_reply_at"] - row["created_at"]).total_seconds() / 3600)

    def share(self, part: int) -> float | None:
        return part / self.threads if self.threads else None

    @property
    def answered_share(self) -> float | None:
        return self.share(self.answered)

    @property
    def solved_share(self) -> float | None:
        return self.share(self.solved)

    @property
    def median_hours(self) -> float | None:
        return median(self.waits) if self.waits else None

    @property
    def buckets(self) -> list[tuple[str, int]]:
        """How many first replies fell in each response-time bucket."""
        counts = []
        lower = 0.0
        for label, upper in BUCKETS:
            counts.append((label, sum(1 for w in self.waits if w >= lower and (upper is None or w < upper))))
            lower = upper or lower
        return counts


@dataclass
class Health:
    since: datetime
    total: Figures
    categories: list[tuple[Category, Figures]]
    weeks: list[tuple[datetime, Figures]]  # each week's Monday, oldest first
    unanswered: list[Thread]


def _monday(moment: datetime) -> datetime:
    day = moment - timedelta(days=moment.weekday())
    return day.replace(hour=0, minute=0, second=0, microsecond=0)


async def support_health(staff: Member, weeks: int = WEEKS) -> Health:
    """The figures of the threads started in the last `weeks` weeks (hidden and held ones left
    out), overall, per category and per week, and the threads still unanswered after 24 hours.
    Staff may read it; emits nothing."""
    require(staff, "staff.access")
    start = _monday(now()) - timedelta(weeks=weeks - 1)
    rows = await Thread.filter(created_at__gte=start, hidden_at=None, held=False).values(
        "category_id", "created_at", "first_reply_at", "staff_replied", "accepted_post_id")
    total = Figures()
    per_category: dict[int, Figures] = {}
    per_week = {start + timedelta(weeks=n): Figures() for n in range(weeks)}
    for row in rows:
        total.add(row)
        per_category.setdefault(row["category_id"], Figures()).add(row)
        week = per_week.get(_monday(row["created_at"]))
        if week is not None:
            week.add(row)
    categories = await Category.all().order_by("position", "id")
    unanswered = await (Thread.filter(first_reply_at=None, hidden_at=None, held=False,
                                      created_at__lt=now() - STALE)
                        .order_by("created_at").limit(50).select_related("category", "author"))
    return Health(start, total, [(c, per_category.get(c.pk, Figures())) for c in categories],
                  sorted(per_week.items()), unanswered)
