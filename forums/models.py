"""Tables of the forums: categories, threads, posts (the opening post included), likes and the
history of edits."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from portal.errors import N_

if TYPE_CHECKING:
    from portal.accounts.models import Member

# Who may read a category, and who may post in it.
ACCESS = ("everyone", "members", "staff")
ACCESS_LABELS = {"everyone": N_("Everyone"), "members": N_("Members"), "staff": N_("The team")}


class Category(Model):
    """A place for one kind of conversation, managed by staff."""

    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=40, unique=True)
    name = fields.CharField(max_length=80)
    description = fields.CharField(max_length=300, default="")
    colour = fields.CharField(max_length=7, default="#2f6fdb")  # "#rrggbb"
    position = fields.IntField(default=0)
    read = fields.CharField(max_length=8, default="everyone")  # one of ACCESS
    post = fields.CharField(max_length=8, default="members")  # one of ACCESS
    # Kept by the services in the transaction of each change (never counted per request).
    thread_count = fields.IntField(default=0)
    last_posted_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "forum_category"


class Thread(Model):
    """A question or a conversation: its opening post is the first Post."""

    id = fields.IntField(primary_key=True)
    category: fields.ForeignKeyRelation[Category] = fields.ForeignKeyField(
        "forums.Category", related_name="threads", on_delete=fields.RESTRICT)
    category_id: int
    tag_rows: fields.ReverseRelation[ThreadTag]
    title = fields.CharField(max_length=200)
    author: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name=False, null=True, on_delete=fields.SET_NULL)
    author_id: int | None
    # The accepted answer (a post of this thread); solved while there is one.
    accepted_post_id = fields.IntField(null=True)
    post_count = fields.IntField(default=1)  # visible posts, the opening post included
    reply_count = fields.IntField(default=0)  # visible answers by others than the author
    like_count = fields.IntField(default=0)  # likes of all its posts
    staff_replied = fields.BooleanField(default=False)
    first_reply_at = fields.DatetimeField(null=True)  # the first answer by someone else
    pinned = fields.BooleanField(default=False)  # shown first in its category
    held = fields.BooleanField(default=False)  # its opening post waits for a moderator
    locked_at = fields.DatetimeField(null=True)
    hidden_at = fields.DatetimeField(null=True)
    hidden_reason = fields.TextField(default="")
    # What the thread became in another feature (portal/bridges.py): "idea:12", or empty.
    became = fields.CharField(max_length=40, default="")
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    last_posted_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "forum_thread"
        indexes = (
            ("category_id", "pinned", "last_posted_at", "id"),  # a category, pinned then latest first
            ("category_id", "like_count", "id"),  # a category, top first
            ("author_id",),  # a member's threads: profile, export, erasure
            ("last_posted_at", "id"),  # every category the reader may see, latest first
            ("first_reply_at", "created_at"),  # support health: the oldest unanswered threads
        )

    @property
    def solved(self) -> bool:
        return self.accepted_post_id is not None

    @property
    def tags(self) -> list[str]:
        """Its tags (prefetch "tag_rows" first)."""
        return sorted(row.tag for row in self.tag_rows)


class ThreadTag(Model):
    """A tag of a thread (free words, at most five per thread)."""

    id = fields.IntField(primary_key=True)
    thread: fields.ForeignKeyRelation[Thread] = fields.ForeignKeyField(
        "forums.Thread", related_name="tag_rows", on_delete=fields.CASCADE)
    thread_id: int
    tag = fields.CharField(max_length=24)

    class Meta:
        table = "forum_thread_tag"
        unique_together = (("thread", "tag"),)
        indexes = (("tag", "thread_id"),)  # a tag's threads


class Post(Model):
    """One message in a thread. A staff member's post is official, and a new member's first post
    with links is held until a moderator approves it."""

    id = fields.IntField(primary_key=True)
    thread: fields.ForeignKeyRelation[Thread] = fields.ForeignKeyField(
        "forums.Thread", related_name="posts", on_delete=fields.CASCADE)
    thread_id: int
    author: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name=False, null=True, on_delete=fields.SET_NULL)
    author_id: int | None
    body = fields.TextField()
    body_html = fields.TextField(default="", db_default="")  # rendered when written (portal/markdown.py)
    excerpt = fields.CharField(max_length=240, default="", db_default="")  # plain text, for lists
    official = fields.BooleanField(default=False)
    held = fields.BooleanField(default=False)  # waiting for a moderator's approval
    like_count = fields.IntField(default=0)
    hidden_at = fields.DatetimeField(null=True)
    hidden_reason = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    edited_at = fields.DatetimeField(null=True)

    class Meta:
        table = "forum_post"
        indexes = (
            ("thread_id", "id"),  # a thread's posts in order
            ("author_id", "created_at"),  # a member's posts: profile, export, erasure, rate limits
        )


class PostLike(Model):
    """One member's like of one post (unique, never their own)."""

    id = fields.IntField(primary_key=True)
    post: fields.ForeignKeyRelation[Post] = fields.ForeignKeyField(
        "forums.Post", related_name="likes", on_delete=fields.CASCADE)
    post_id: int
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name=False, on_delete=fields.CASCADE)
    member_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "forum_post_like"
        unique_together = (("post", "member"),)
        indexes = (("member_id", "post_id"),)  # a member's likes: export, erasure, "liked" on a page


class PostRevision(Model):
    """A post's text before an edit: the edit history everyone may read."""

    id = fields.IntField(primary_key=True)
    post: fields.ForeignKeyRelation[Post] = fields.ForeignKeyField(
        "forums.Post", related_name="revisions", on_delete=fields.CASCADE)
    post_id: int
    editor: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name=False, null=True, on_delete=fields.SET_NULL)
    editor_id: int | None
    body = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "forum_post_revision"
        indexes = (("post_id", "id"), ("editor_id",))


# Why a member flags a post.
FLAG_REASONS = ("spam", "off_topic", "abusive", "other")
FLAG_LABELS = {"spam": N_("Spam"), "off_topic": N_("Off topic"), "abusive": N_("Abusive"), "other": N_("Something else")}


class Standing(Model):
    """A member's standing in the forums: what their trust level is earned from, whether staff
    marked them a verified customer, and a moderator's pause on their posting."""

    member: fields.OneToOneRelation[Member] = fields.OneToOneField(
        "portal.Member", related_name=False, primary_key=True, on_delete=fields.CASCADE)
    member_id: int
    verified_customer = fields.BooleanField(default=False)
    days_visited = fields.IntField(default=0)
    last_visit = fields.DateField(null=True)
    posts_read = fields.IntField(default=0)
    likes_received = fields.IntField(default=0)
    silenced_until = fields.DatetimeField(null=True)
    silence_reason = fields.TextField(default="")

    class Meta:
        table = "forum_standing"


class Flag(Model):
    """A member's flag on a post (one per member and post), until a moderator resolves it."""

    id = fields.IntField(primary_key=True)
    post: fields.ForeignKeyRelation[Post] = fields.ForeignKeyField(
        "forums.Post", related_name="flags", on_delete=fields.CASCADE)
    post_id: int
    member: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name=False, null=True, on_delete=fields.SET_NULL)
    member_id: int | None
    reason = fields.CharField(max_length=12)  # one of FLAG_REASONS
    note = fields.CharField(max_length=500, default="")
    trusted = fields.BooleanField(default=False)  # flagged at trust level 1 or more: counts to hide
    created_at = fields.DatetimeField(auto_now_add=True)
    resolved_at = fields.DatetimeField(null=True)

    class Meta:
        table = "forum_flag"
        unique_together = (("post", "member"),)
        indexes = (("resolved_at", "id"), ("member_id",))  # the open queue; a member's flags


class ModerationAction(Model):
    """One thing a moderator did (hide, restore, lock, pin, move, approve, silence), with the
    reason: the audit log staff read. Rows are only ever added."""

    id = fields.IntField(primary_key=True)
    actor: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name=False, null=True, on_delete=fields.SET_NULL)
    actor_id: int | None
    action = fields.CharField(max_length=16)
    thread_id = fields.IntField(null=True)
    post_id = fields.IntField(null=True)
    member_id = fields.IntField(null=True)  # the member it was about (silence, or the author)
    reason = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "forum_moderation"
        indexes = (("member_id",), ("actor_id",))


# How closely a member follows a thread or a category (Discourse's notification levels).
WATCH_LEVELS = ("watching", "tracking", "normal", "muted")
WATCH_LABELS = {
    "watching": N_("Watching: tell me of every new post"),
    "tracking": N_("Tracking: count new posts, tell me when someone mentions or answers me"),
    "normal": N_("Normal: tell me when someone mentions or answers me"),
    "muted": N_("Muted: never tell me"),
}


class Watch(Model):
    """A member's level for one thread or one category (then for every thread in it that has no
    level of its own)."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name=False, on_delete=fields.CASCADE)
    member_id: int
    thread: fields.ForeignKeyNullableRelation[Thread] = fields.ForeignKeyField(
        "forums.Thread", related_name=False, null=True, on_delete=fields.CASCADE)
    thread_id: int | None
    category: fields.ForeignKeyNullableRelation[Category] = fields.ForeignKeyField(
        "forums.Category", related_name=False, null=True, on_delete=fields.CASCADE)
    category_id: int | None
    level = fields.CharField(max_length=8)  # one of WATCH_LEVELS

    class Meta:
        table = "forum_watch"
        unique_together = (("member", "thread"), ("member", "category"))
        indexes = (("thread_id", "level"), ("category_id", "level"))  # who watches a thread or category


class ReadState(Model):
    """How far a member has read a thread: the last post they were shown, and how many of its
    posts that was (the thread's post_count minus it is what is new to them)."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name=False, on_delete=fields.CASCADE)
    member_id: int
    thread: fields.ForeignKeyRelation[Thread] = fields.ForeignKeyField(
        "forums.Thread", related_name=False, on_delete=fields.CASCADE)
    thread_id: int
    last_read_post_id = fields.IntField(default=0)
    read_count = fields.IntField(default=0)

    class Meta:
        table = "forum_read_state"
        unique_together = (("member", "thread"),)


class ForumDraft(Model):
    """What a member is writing and has not posted yet, kept while they type: an answer to a
    thread (thread set) or a new thread in a category (category set), one per member and place."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name=False, on_delete=fields.CASCADE)
    member_id: int
    thread: fields.ForeignKeyNullableRelation[Thread] = fields.ForeignKeyField(
        "forums.Thread", related_name=False, null=True, on_delete=fields.CASCADE)
    thread_id: int | None
    category: fields.ForeignKeyNullableRelation[Category] = fields.ForeignKeyField(
        "forums.Category", related_name=False, null=True, on_delete=fields.CASCADE)
    category_id: int | None
    title = fields.CharField(max_length=200, default="")
    body = fields.TextField(default="")
    tags = fields.CharField(max_length=130, default="")  # as typed: checked when the thread is started
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "forum_draft"
        unique_together = (("member", "thread"), ("member", "category"))


class PostImage(Model):
    """A picture a member uploaded for a post (forums/images.py). Its post is set when a post
    that shows it is saved, until then it is nobody's but its owner's."""

    id = fields.IntField(primary_key=True)
    owner: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name=False, null=True, on_delete=fields.SET_NULL)
    owner_id: int | None
    name = fields.CharField(max_length=40, unique=True)  # the stored file's random name (portal/images.py)
    width = fields.IntField()
    height = fields.IntField()
    bytes = fields.IntField()  # the stored file's size
    post: fields.ForeignKeyNullableRelation[Post] = fields.ForeignKeyField(
        "forums.Post", related_name=False, null=True, on_delete=fields.SET_NULL)
    post_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "forum_post_image"
        indexes = (
            ("owner_id", "created_at"),  # a member's pictures: pace, daily cap, export, erasure
            ("post_id",),  # a post's pictures
            ("created_at",),  # pictures never used, for the cleanup
        )
