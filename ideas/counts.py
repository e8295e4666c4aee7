"""The board's totals, kept instead of counted: how many ideas have each status, hidden ones
apart (the `idea_count` table). Counting the ideas behind a pager on every request reads the whole
table (most of `/ideas`' time at 50,000 ideas); these rows are read in one indexed query.

The services that change a status or hide an idea move the count in the same transaction as the
change (`moved`), so a rolled-back change leaves the counts as they were. Bulk loads write ideas
without the services and call `recount` afterwards."""
from __future__ import annotations

from tortoise.connection import get_connections
from tortoise.transactions import in_transaction

from ideas.models import STATUSES, Idea, IdeaCount

# One statement that adds to a row or creates it, so two first changes at once cannot collide.
_UPSERT = ("INSERT INTO idea_count (status, hidden, ideas) VALUES ({marks}) "
           "ON CONFLICT (status, hidden) DO UPDATE SET ideas = idea_count.ideas + excluded.ideas")


async def _add(status: str, hidden: bool, by: int) -> None:
    connection = get_connections().get("default")  # the caller's transaction, when there is one
    marks = "?, ?, ?" if connection.capabilities.dialect == "sqlite" else "$1, $2, $3"
    await connection.execute_query(_UPSERT.format(marks=marks), [status, hidden, by])


async def moved(before: tuple[str, bool] | None, after: tuple[str, bool]) -> None:
    """An idea went from (status, hidden) `before` (None: it is new) to `after`. Called by the
    board's services inside the transaction of the change. Emits nothing."""
    if before == after:
        return
    if before is not None:
        await _add(*before, -1)
    await _add(*after, 1)


async def totals(statuses: tuple[str, ...], *, hidden_too: bool = False) -> int:
    """How many ideas have one of `statuses` (hidden ones too when asked). Anyone may call it;
    emits nothing."""
    query = IdeaCount.filter(status__in=list(statuses))
    if not hidden_too:
        query = query.filter(hidden=False)
    return sum(await query.values_list("ideas", flat=True))  # type: ignore[arg-type]  # Tortoise types flat=True as tuples


async def recount() -> None:
    """Rebuild the counts from the ideas (after a bulk load that wrote ideas without the services,
    and by the migration that adds them). Emits nothing."""
    async with in_transaction():
        await IdeaCount.all().delete()
        for status in STATUSES:
            for hidden in (False, True):
                ideas = await Idea.filter(status=status, hidden_at__isnull=not hidden).count()
                if ideas:
                    await IdeaCount.create(status=status, hidden=hidden, ideas=ideas)
