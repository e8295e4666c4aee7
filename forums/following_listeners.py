"""Who hears of a new post, and of a thread that became an idea (the notify consumer, through
forums/listeners.py).

A post that others may read (written and not held, or let in by a moderator) reaches the people
forums/following.told_of_post names: those watching the thread or its category, those it
@mentions, and the thread's starter, never a member who muted it, never its author, never one who
may not read it. Each hears of a post once, in one kind: a mention ("X mentioned you") before an
answer to their own question before a watched thread's new post. Every kind groups by thread
(the url without its #fragment), so the notifications page and the mail digest say "3 new posts
in …" once per thread."""
from __future__ import annotations

from forums import following
from forums.models import Thread
from forums.rules import posts_for
from portal import bridges, events
from portal.accounts.models import Member
from portal.errors import N_
from portal.notify.kinds import NP_, Kind
from portal.notify.models import Notification
from portal.notify.personal import FORMER_MEMBER
from portal.notify.service import deliver
from portal.profiles.names import public_name

KINDS = (
    # Someone asked for me by name: like an answer, it goes by mail unless I choose otherwise.
    Kind("forum_mentioned", N_("Mentions of you in the forums"), N_("%(name)s mentioned you in “%(title)s”."),
         mail=True, translated=("name",), icon="comment", group="replies", actor="name",
         many=NP_("%(num)d mention of you in “%(title)s”", "%(num)d mentions of you in “%(title)s”")),
    # Watching can be many posts a day: in the app by default, by mail (or in the digest) by choice.
    Kind("forum_watched", N_("New posts in threads and categories you watch"),
         N_("%(name)s posted in “%(title)s”."), translated=("name",), icon="comment", actor="name",
         many=NP_("%(num)d new post in “%(title)s”", "%(num)d new posts in “%(title)s”")),
    Kind("forum_converted", N_("Threads you liked that became ideas"),
         N_("A thread you liked is now an idea: vote for “%(title)s”."), icon="status"),
)
POST_KINDS = ("forum_mentioned", "forum_reply", "forum_watched")


def post_url(thread_id: int, post_id: int) -> str:
    return f"/threads/{thread_id}#post-{post_id}"


async def _name(member_id: int | None) -> str:
    member = await Member.get_or_none(id=member_id) if member_id else None
    return public_name(member) or FORMER_MEMBER


async def _may_read(member_id: int, post_id: int) -> bool:
    """Whether the member is active and may see the post (its category, not hidden, not held)."""
    member = await Member.get_or_none(id=member_id, status="active")
    return member is not None and await posts_for(member).filter(id=post_id, held=False, hidden_at=None).exists()


async def tell_of_post(event: events.Event) -> None:
    """A new post others may read (`thread.created`, `post.created`, `post.approved`): tell those
    who follow it, each once. Idempotent: a member told of the post already is skipped."""
    data = event.data or {}
    if data.get("held"):
        return  # told when a moderator lets it in (post.approved)
    thread = await Thread.get_or_none(id=data["thread"])
    if thread is None:
        return
    mentions = list(data.get("mentions") or [])
    author = data.get("author")
    told = await following.told_of_post(thread, author, mentions)
    url = post_url(thread.pk, data["post"])
    already = set(await Notification.filter(member_id__in=told, url=url, kind__in=POST_KINDS).values_list(
        "member_id", flat=True)) if told else set()
    name = await _name(author) if told - already else ""
    for member_id in sorted(told - already):
        if not await _may_read(member_id, data["post"]):
            continue
        kind = ("forum_mentioned" if member_id in mentions
                else "forum_reply" if member_id == thread.author_id else "forum_watched")
        await deliver(member_id, kind, event_id=event.id, url=url, data={"title": thread.title, "name": name},
                      actor_id=author)


async def invite_likers(event: events.Event) -> None:
    """A thread became an idea (`thread.converted`): those who liked its question are invited to
    vote, while the idea is there for them to see. Idempotent (deliver keys by member, event, kind)."""
    data = event.data or {}
    bridge = bridges.offered(data.get("kind", ""))
    if bridge is None or not data.get("likers") or await bridge.describe(data["made"]) is None:
        return
    for member_id in data["likers"]:
        await deliver(member_id, "forum_converted", event_id=event.id, url=data["url"],
                      data={"title": data.get("title", "")})
