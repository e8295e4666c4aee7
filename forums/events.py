"""The forums' events and the facts each carries, so a consumer (notifications, search, loyalty,
the internal feed) reads the payload and never the forums' tables.

Ids are plain integers: `thread`, `post`, `category` name the forums' rows; `author`, `liker`,
`by` and `thread_author` name members (None for an erased or absent person). `read` is the
category's read level (everyone, members, staff): a consumer that shows the event to someone
checks it first."""
from __future__ import annotations

from pydantic import Field

from portal.events import EventKind, Payload


class ThreadCreated(Payload):
    thread: int = Field(description="The new thread's id.")
    post: int = Field(description="Its opening post's id.")
    category: int = Field(description="Its category's id.")
    read: str = Field(description="Who may read the category: everyone, members or staff.")
    author: int = Field(description="Who started it.")
    title: str = Field(description="Its title.")
    tags: list[str] = Field(description="Its tags.")
    held: bool = Field(description="Whether the opening post waits for a moderator.")
    mentions: list[int] = Field(default_factory=list, description="The members it @mentions.")


class PostCreated(Payload):
    post: int = Field(description="The new post's id.")
    thread: int = Field(description="Its thread's id.")
    category: int = Field(description="The thread's category.")
    read: str = Field(description="Who may read the category: everyone, members or staff.")
    author: int = Field(description="Who wrote it.")
    thread_author: int | None = Field(description="Who started the thread (None once erased).")
    title: str = Field(description="The thread's title.")
    official: bool = Field(description="Whether staff wrote it (an official answer).")
    held: bool = Field(description="Whether it waits for a moderator before anyone else sees it.")
    mentions: list[int] = Field(default_factory=list, description="The members it @mentions.")


class PostEdited(Payload):
    post: int = Field(description="The post's id.")
    thread: int = Field(description="Its thread's id.")
    editor: int = Field(description="Who edited it (its author, or a moderator).")


class PostLiked(Payload):
    """A like given or taken back. `like_count` is the post's count after it."""

    post: int = Field(description="The post's id.")
    thread: int = Field(description="Its thread's id.")
    liker: int = Field(description="Who liked it (or took the like back).")
    author: int | None = Field(description="The post's author (None once erased).")
    liked: bool = Field(description="True for a like, false when it was taken back.")
    like_count: int = Field(description="The post's likes after this one.")
    title: str = Field(description="The thread's title.")


class AnswerAccepted(Payload):
    thread: int = Field(description="The thread's id.")
    post: int = Field(description="The accepted post's id.")
    by: int = Field(description="Who accepted it (the thread's author or staff).")
    author: int | None = Field(description="The accepted post's author (None once erased).")
    thread_author: int | None = Field(description="Who started the thread (None once erased).")
    title: str = Field(description="The thread's title.")


class PostApproved(Payload):
    """A held post a moderator let in: from now on everyone who may read the thread sees it."""

    post: int = Field(description="The post's id.")
    thread: int = Field(description="Its thread's id.")
    category: int = Field(description="The thread's category.")
    read: str = Field(description="Who may read the category: everyone, members or staff.")
    author: int | None = Field(description="Who wrote it (None once erased).")
    thread_author: int | None = Field(description="Who started the thread (None once erased).")
    title: str = Field(description="The thread's title.")
    mentions: list[int] = Field(default_factory=list, description="The members it @mentions.")


class ContentFlagged(Payload):
    post: int = Field(description="The flagged post's id.")
    thread: int = Field(description="Its thread's id.")
    reason: str = Field(description="spam, off_topic, abusive or other.")
    author: int | None = Field(description="The post's author (None once erased).")


class ThreadMoved(Payload):
    thread: int = Field(description="The thread's id.")
    source: int = Field(description="The category it left.")
    target: int = Field(description="The category it is in now.")
    read: str = Field(description="Who may read the new category: everyone, members or staff.")
    title: str = Field(description="The thread's title.")


class ThreadSplit(Payload):
    """Answers a moderator moved out of a thread into a new thread of their own (the first of them
    its opening post)."""

    thread: int = Field(description="The new thread's id.")
    source: int = Field(description="The thread the posts came from.")
    posts: list[int] = Field(description="The posts moved, in their order.")
    category: int = Field(description="The new thread's category.")
    read: str = Field(description="Who may read the new thread's category: everyone, members or staff.")
    author: int | None = Field(description="Who wrote its opening post (None once erased).")
    title: str = Field(description="The new thread's title.")


class ThreadMerged(Payload):
    """Every post of one thread moved into another; the emptied thread is hidden and points there."""

    thread: int = Field(description="The thread that took the posts in.")
    source: int = Field(description="The thread merged into it (hidden now).")
    posts: list[int] = Field(description="The posts moved.")
    read: str = Field(description="Who may read the thread's category: everyone, members or staff.")
    title: str = Field(description="The title of the thread that took the posts in.")
    source_title: str = Field(description="The merged thread's title.")


class ThreadConverted(Payload):
    """A thread that became something of another feature (an idea)."""

    thread: int = Field(description="The thread's id.")
    kind: str = Field(description="What it became: idea.")
    made: int = Field(description="The id of what it became.")
    url: str = Field(description="Its address.")
    title: str = Field(description="The thread's title.")
    author: int | None = Field(description="Who started the thread (None once erased).")
    likers: list[int] = Field(description="Who liked the question: they are invited to vote.")


FORUM_KINDS = (
    EventKind("thread.created", ThreadCreated, "Someone started a thread in the forums."),
    EventKind("post.created", PostCreated, "Someone answered in a thread."),
    EventKind("post.edited", PostEdited, "A post was edited (its earlier text stays in its history)."),
    EventKind("post.liked", PostLiked, "Someone liked a post, or took the like back."),
    EventKind("answer.accepted", AnswerAccepted, "A thread's author or staff accepted a post as its answer."),
    EventKind("post.approved", PostApproved, "A moderator let a held post in."),
    EventKind("content.flagged", ContentFlagged, "A member flagged a post for moderators."),
    EventKind("thread.moved", ThreadMoved, "A moderator moved a thread to another category."),
    EventKind("thread.split", ThreadSplit, "A moderator moved answers of a thread into a new thread."),
    EventKind("thread.merged", ThreadMerged, "A moderator merged a thread into another."),
    EventKind("thread.converted", ThreadConverted, "A thread was turned into an idea."),
)
