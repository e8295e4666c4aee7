"""What the forums hold about a person (for export and erasure, see portal/personal_data.py) and
their part of the staff customer view. Declared in forums/feature.py."""
from __future__ import annotations

from tortoise.expressions import F

from forums import images
from forums.models import (Flag, ForumDraft, ModerationAction, Post, PostImage, PostLike, PostRevision, ReadState,
                           Standing, Thread, Watch)
from portal.errors import N_
from portal.personal_data import Holding
from portal.profiles import customer_view


# -- the forums' part of the staff customer view -------------------------------------------------

async def _customer_view(member) -> dict:
    """The member's latest threads, posts and likes, with totals (staff see every category)."""
    threads = Thread.filter(author_id=member.pk)
    posts = Post.filter(author_id=member.pk)
    likes = PostLike.filter(member_id=member.pk)
    return {
        "threads": await threads.order_by("-id").limit(10).select_related("category"),
        "thread_count": await threads.count(),
        "posts": await posts.order_by("-id").limit(10).select_related("thread"),
        "post_count": await posts.count(),
        "likes": await likes.order_by("-id").limit(10).select_related("post__thread"),
        "like_count": await likes.count(),
    }


CUSTOMER_VIEW = customer_view.Section("forums", N_("Threads, posts and likes"), "forums/_customer_view.html",
                                      _customer_view)


async def erase_likes(member) -> None:
    """The member's likes go, and with them what they added to each post's and thread's count (a
    like names its giver: unlike a vote, it has no meaning without them)."""
    for like in await PostLike.filter(member_id=member.pk).select_related("post"):
        await Post.filter(id=like.post_id).update(like_count=F("like_count") - 1)
        await Thread.filter(id=like.post.thread_id).update(like_count=F("like_count") - 1)
    await PostLike.filter(member_id=member.pk).delete()


ERASERS = (erase_likes, images.erase)

# Derived from what was written, not written by anyone: left out of exports.
_DERIVED = {"excerpt": "the start of the post, repeated for lists"}

# Declared in this package's feature declaration (see portal/features.py).
HOLDINGS = (
    Holding(Thread, "author", "forum_threads", erase="keep",
            purpose="Threads you started in the forums (their first post is among your posts).",
            kept="for as long as the community runs; after erasure they read “former member”"),
    Holding(Post, "author", "forum_posts", erase="keep", omit=_DERIVED,
            purpose="Your questions and answers in the forums.",
            kept="for as long as the community runs; after erasure they read “former member”"),
    Holding(PostLike, "member", "forum_likes", erase="custom",
            purpose="Posts you liked, so you can take a like back and each person counts once.",
            kept="until you take the like back; erasure deletes them and their count"),
    Holding(PostRevision, "editor", "forum_edits", erase="keep",
            purpose="The earlier text of posts you edited, which everyone may read as the edit history.",
            kept="for as long as the community runs; after erasure they read “former member”"),
    Holding(PostImage, "owner", "forum_images", erase="custom",
            describe=images.exported, described_fields=images.EXPORTED_FIELDS,
            purpose="Pictures you uploaded to show in your forum posts: each file and where it is shown.",
            kept="while a post of yours shows it (one no post used within a day is deleted when you "
                 "next upload); erasure deletes the files and their rows"),
    Holding(Flag, "member", "forum_flags", erase="detach",
            purpose="Posts you flagged for moderators, and why.",
            kept="until a moderator resolves them, and afterwards for the moderation record; after "
                 "erasure they name nobody"),
    Holding(Standing, "member", "forum_standing", erase="delete",
            purpose="What your forum trust level is earned from (days visited, posts read, likes "
                    "received), a staff mark as verified customer, and a moderator's pause on posting.",
            kept="while you have an account"),
    Holding(Watch, "member", "forum_watching", erase="delete",
            purpose="Threads and categories you watch, track or muted.",
            kept="until you change the level"),
    Holding(ReadState, "member", "forum_reading", erase="delete",
            purpose="How far you have read each thread, so new posts can be marked.",
            kept="while you have an account"),
    Holding(ForumDraft, "member", "forum_drafts", erase="delete",
            purpose="What you were writing in the forums and had not posted yet (an answer or a new "
                    "thread), so it is still there when you come back.",
            kept="until you post it or discard it"),
    Holding(ModerationAction, "actor", "forum_moderation", erase="keep",
            purpose="As a moderator: what you did (hid, restored, approved, locked, moved, paused) and why.",
            kept="for as long as the community runs (the moderation record)"),
)
