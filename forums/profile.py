"""The forums' part of a member's profile page (/u/{handle}, portal/profiles/activity.py): the
threads they started, as the viewer may see them (forums/rules.py decides), newest first, with
the total. Declared in forums/feature.py."""
from __future__ import annotations

from forums import threads
from portal.accounts.models import Member
from portal.profiles.activity import NEWEST, ProfileSection


async def started(viewer: Member | None, member: Member) -> dict | None:
    """The member's newest threads the viewer may see, and how many. Anyone may call it; emits
    nothing."""
    items, total = await threads.threads_by(viewer, member.pk, NEWEST)
    return {"threads": items, "total": total} if items else None


SECTIONS = (ProfileSection("forum_threads", "forums/_profile_threads.html", started, order=40),)
