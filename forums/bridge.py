"""A thread that becomes an idea: "Turn into an idea" (the thread's author or product staff)
makes an idea from the title and the question with a link back, through the idea board's bridge
(portal/bridges.py), so the forums never import the idea board. The thread then shows the idea
and its status; the people who liked the question are invited to vote (the `thread.converted`
event carries them)."""
from __future__ import annotations

from tortoise.transactions import in_transaction

from forums.events import ThreadConverted
from forums.models import Post, PostLike, Thread
from forums.threads import get_thread
from portal import bridges, events, i18n
from portal.accounts.models import Member
from portal.accounts.permissions import can, require
from portal.errors import N_, Conflict, Forbidden, NotFound

KIND = "idea"


def may_convert(member: Member | None, thread: Thread) -> bool:
    """The thread's author and product staff turn a thread into an idea, where the idea board is
    installed and the thread has not become one yet."""
    return (member is not None and bridges.offered(KIND) is not None and not thread.became
            and (member.pk == thread.author_id or can(member, "forums.convert")))


async def convert(member: Member, thread_id: int) -> Thread:
    """Make an idea of the thread (its title, its question and a link back), by the thread's
    author. Only its author or product staff may; once per thread. Emits `thread.converted`
    (and the idea board's own `idea.submitted`)."""
    require(member, "content.post")
    thread = await get_thread(member, thread_id)
    bridge = bridges.offered(KIND)
    if bridge is None:
        raise NotFound()
    if thread.became:
        raise Conflict(N_("This thread is an idea already."))
    if not may_convert(member, thread):
        raise Forbidden(N_("Only the person who asked, or the product team, can turn this into an idea."))
    question = await Post.filter(thread_id=thread.pk).order_by("id").first()
    # The idea is the asker's; a former member's question becomes the converter's idea.
    author = await Member.get_or_none(id=thread.author_id, status="active") if thread.author_id else None
    author = author or member
    link = i18n._("From the forums: [%(title)s](/threads/%(id)s)", title=thread.title.replace("]", ")"), id=thread.pk)
    async with in_transaction():
        made = await bridge.make(member, author, thread.title, f"{question.body if question else ''}\n\n{link}")
        await Thread.filter(id=thread.pk).update(became=f"{KIND}:{made.id}")
        likers = await PostLike.filter(post_id=question.pk).values_list("member_id", flat=True) if question else []
        await events.emit("thread.converted", actor=member, subject=thread, data=ThreadConverted(
            thread=thread.pk, kind=KIND, made=made.id, url=made.url, title=thread.title,
            author=thread.author_id, likers=sorted(set(likers) - {member.pk})))
    thread.became = f"{KIND}:{made.id}"
    return thread


async def became(thread: Thread) -> dict | None:
    """What the thread became ({"title", "url", "status"}), or None. Emits nothing."""
    if not thread.became:
        return None
    kind, _, made = thread.became.partition(":")
    bridge = bridges.offered(kind)
    if bridge is None or not made.isdigit():
        return None
    return await bridge.describe(int(made))
