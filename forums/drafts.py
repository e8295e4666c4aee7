"""Drafts: what a member is writing in the forums, kept on the server while they type (an answer
to a thread, or a new thread in a category), so it is still there when they come back, from this
device or another. Posting deletes the draft (threads.start_thread and posts.reply do, in their
transaction); "Discard draft" does too. A visitor has no drafts."""
from __future__ import annotations

from datetime import timedelta

from tortoise.exceptions import IntegrityError

from forums.categories import get_category
from forums.models import ForumDraft, Post, Thread
from forums.rules import may_post
from forums.threads import clean_text, get_thread
from portal.accounts.models import Member
from portal.accounts.permissions import require
from portal.clock import now
from portal.errors import N_, Forbidden, Invalid

JUST_POSTED = timedelta(minutes=2)
TAGS_TEXT_MAX = 130  # the tags field as typed (five tags of 24 letters and their commas)


async def _place(member: Member, *, thread_id: int | None = None, category_key: str | int | None = None) -> dict:
    """Where a draft belongs ({"thread_id": …} or {"category_id": …}), after checking that the
    member may post there: a draft is only kept where its post could be made."""
    if thread_id is not None:
        thread = await get_thread(member, thread_id)
        if not may_post(member, thread.category):
            raise Forbidden(N_("Only the team may answer in this category."))
        return {"thread_id": thread.pk, "category_id": None}
    category = await get_category(member, category_key if category_key is not None else "")
    if not may_post(member, category):
        raise Forbidden(N_("Only the team may start threads in this category."))
    return {"category_id": category.pk, "thread_id": None}


async def _just_posted(member: Member, place: dict, title: str, body: str) -> bool:
    """Whether the member posted this very text there a moment ago: a save sent just before the
    post, and answered after it, must not bring the draft back."""
    since = now() - JUST_POSTED
    if place["thread_id"] is not None:
        return await Post.filter(author_id=member.pk, thread_id=place["thread_id"], created_at__gte=since,
                                 body=body).exists()
    return await Thread.filter(author_id=member.pk, category_id=place["category_id"], created_at__gte=since,
                               title=title).exists()


async def get_draft(member: Member | None, *, thread_id: int | None = None,
                    category_id: int | None = None) -> ForumDraft | None:
    """The member's draft of an answer to the thread, or of a new thread in the category, or None
    (always None for a visitor). The caller already may see the place. Emits nothing."""
    if member is None or (thread_id is None and category_id is None):
        return None
    if thread_id is not None:
        return await ForumDraft.get_or_none(member_id=member.pk, thread_id=thread_id)
    return await ForumDraft.get_or_none(member_id=member.pk, category_id=category_id, thread_id=None)


async def save_draft(member: Member, *, thread_id: int | None = None, category_key: str | int | None = None,
                     title: str = "", body: str = "", tags: str = "") -> ForumDraft | None:
    """Keep what the member is writing: an answer to `thread_id`, or a new thread in the category
    `category_key` (id or slug). Only a member who may post there keeps a draft (NotFound where
    they may not read, Forbidden where they may not post); the same limits as a post apply
    (Invalid). Nothing written at all, or what the member posted there a moment ago (a save that
    crossed the post), deletes the draft and returns None. Emits nothing: a draft is private
    until it is posted."""
    require(member, "content.post")
    place = await _place(member, thread_id=thread_id, category_key=category_key)
    if place["thread_id"] is not None:
        title, tags = "", ""  # an answer has neither
    title, body = clean_text(title, body, required=False)
    tags = " ".join(str(tags or "").split())
    if len(tags) > TAGS_TEXT_MAX:
        raise Invalid("tags", N_("Please choose at most 5 tags."))
    key: dict = {"member_id": member.pk, **place}
    if not (title or body or tags) or await _just_posted(member, place, title, body):
        await ForumDraft.filter(**key).delete()
        return None
    values: dict = {"title": title, "body": body, "tags": tags, "updated_at": now()}  # update() skips auto_now
    if not await ForumDraft.filter(**key).update(**values):
        try:
            await ForumDraft.create(**key, **values)
        except IntegrityError:  # two saves of the same first draft crossed: the later one wins
            await ForumDraft.filter(**key).update(**values)
    return await ForumDraft.get(**key)


async def discard_draft(member: Member, *, thread_id: int | None = None, category_key: str | int | None = None) -> bool:
    """Delete the member's draft of an answer to the thread, or of a new thread in the category
    (NotFound where they may not read it); True when there was one. Any member may discard their
    own drafts, even where they may no longer post. Emits nothing."""
    if thread_id is not None:
        thread = await get_thread(member, thread_id)
        return bool(await ForumDraft.filter(member_id=member.pk, thread_id=thread.pk).delete())
    category = await get_category(member, category_key if category_key is not None else "")
    return bool(await ForumDraft.filter(member_id=member.pk, category_id=category.pk, thread_id=None).delete())


def as_form(draft: ForumDraft | None) -> dict:
    """A draft as the values of its form (empty without one)."""
    if draft is None:
        return {}
    return {"title": draft.title, "body": draft.body, "tags": draft.tags}
