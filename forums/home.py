"""The forums' section of the front page (portal/navigation.py HomeSection): the latest questions
in the categories the reader may read. None when there are none, so the front page leaves it out."""
from __future__ import annotations

from forums import following_routes, threads
from portal.accounts.models import Member

LATEST = 5


async def latest(member: Member | None) -> dict | None:
    """The questions with the latest activity the reader may see, with their category and whether
    they are solved. Anyone may call it; emits nothing."""
    page = await threads.list_threads(member, sort="latest", per_page=LATEST)
    await following_routes.mark_unread(member, page.items)  # "3 new" on what the member read before
    return {"threads": page.items} if page.items else None
