"""What the forums' API takes and gives, declared once (the OpenAPI document is built from these
models; the limits are those of forums/rules.py and forums/categories.py, which still decide)."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from forums.models import ACCESS, FLAG_REASONS
from forums.moderation import POST_ACTIONS, THREAD_ACTIONS
from forums.rules import BODY_MAX, TAGS_MAX, TITLE_MAX
from forums.threads import KEYSET_SORTS
from portal.api import Id, Input, Line, Output, Text

Access = Literal[ACCESS]  # type: ignore[valid-type]
# A tag as typed (the service makes it small letters and checks it is one word).
Tag = Annotated[str, Line(24, 1)]
CURSOR = Field(None, description="Opaque: from the `next` link of the previous page")
Cursor = Annotated[str, Field(max_length=300)]


class ForumAuthor(Output):
    display_name: str
    handle: str | None


class Category(Output):
    """A category the caller may read; `read` and `post` say who may read it and post in it."""

    id: int
    slug: str
    name: str
    description: str
    colour: str = Field(description="#rrggbb")
    read: Access
    post: Access
    thread_count: int
    last_posted_at: datetime | None


class CategoryList(Output):
    items: list[Category]


class NewCategory(Input):
    """An admin opens a category (the token needs the staff scope)."""

    name: Annotated[str, Line(80, 1)]
    slug: Annotated[str, Field(min_length=2, max_length=40, pattern=r"^[a-z0-9][a-z0-9-]+$")]
    description: Annotated[str, Text(300)] = ""
    colour: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")] = Field("#2f6fdb", description="#rrggbb")
    read: Access = "everyone"
    post: Access = Field("members", description="Among those who may read")


class Thread(Output):
    """A thread as the caller may see it. Its question is its first post (see its posts)."""

    id: int
    title: str
    category: int = Field(description="The category's id")
    tags: list[str]
    author: ForumAuthor | None = Field(description="null once the author left (erased)")
    solved: bool
    accepted_post: int | None = Field(description="The accepted answer's id, while there is one")
    post_count: int = Field(description="Visible posts, the opening post included")
    like_count: int = Field(description="Likes of all its posts")
    created_at: datetime
    last_posted_at: datetime


class ThreadPage(Output):
    """A page of threads. `next` is the URL of the following page (null on the last one)."""

    items: list[Thread]
    next: str | None


class ThreadQuery(BaseModel):
    """Filters and paging of the threads (query parameters)."""

    category: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9-]+$")] | None = Field(
        None, description="A category's id or slug")
    tag: Tag | None = None
    solved: bool | None = Field(None, description="true: only solved threads; false: only unsolved ones")
    unanswered: bool = Field(False, description="true: only threads nobody but their author answered")
    sort: Literal[tuple(KEYSET_SORTS)] = Field(  # type: ignore[valid-type]
        "latest", description="latest activity, newest threads, or most liked")
    limit: int = Field(30, ge=1, le=100)
    cursor: Cursor | None = CURSOR


class NewThread(Input):
    category: Id = Field(description="The category's id")
    title: Annotated[str, Line(TITLE_MAX, 1)]
    body: Annotated[str, Text(BODY_MAX, 1)] = Field(description="Markdown")
    tags: Annotated[list[Tag], Field(max_length=TAGS_MAX)] = []


class Post(Output):
    """A post as the caller may see it; `liked` is the caller's own like, `held` a post that waits
    for a moderator (shown only to its author and moderators)."""

    id: int
    thread: int
    author: ForumAuthor | None = Field(description="null once the author left (erased)")
    body: str = Field(description="Markdown")
    like_count: int
    liked: bool
    official: bool = Field(description="Written by the team")
    accepted: bool = Field(description="The thread's accepted answer")
    held: bool
    created_at: datetime
    edited_at: datetime | None
    flag_count: int | None = Field(None, description="Open flags on it (for moderators; null for others)")


class PostPage(Output):
    """A page of a thread's posts, oldest first. `next` is the URL of the following page."""

    items: list[Post]
    next: str | None


class PostQuery(BaseModel):
    limit: int = Field(50, ge=1, le=100)
    cursor: Cursor | None = CURSOR


class NewPost(Input):
    body: Annotated[str, Text(BODY_MAX, 1)] = Field(description="Markdown")


class PostChanges(Input):
    """The new text (the earlier one stays in the post's history)."""

    body: Annotated[str, Text(BODY_MAX, 1)] = Field(description="Markdown")


class LikeState(Output):
    like_count: int
    liked: bool


class Acceptance(Input):
    post: Id | None = Field(description="A post of this thread (not its question), or null to take the "
                                        "acceptance back")


class NewFlag(Input):
    """Why the post should be looked at (one flag per member and post)."""

    reason: Literal[FLAG_REASONS]  # type: ignore[valid-type]
    note: Annotated[str, Line(500)] = Field("", description="Anything a moderator should know")


class FlagReceipt(Output):
    id: int
    post: int
    reason: str
    created_at: datetime


class ThreadModeration(Input):
    """What a moderator does to a thread: `category` (its id) for a move, `reason` (shown to the
    author) for a hide."""

    action: Literal[THREAD_ACTIONS]  # type: ignore[valid-type]
    category: Id | None = None
    reason: Annotated[str, Line(500)] = ""


class PostModeration(Input):
    """What a moderator does to a post: `reason` (shown to the author) for a hide."""

    action: Literal[POST_ACTIONS]  # type: ignore[valid-type]
    reason: Annotated[str, Line(500)] = ""
