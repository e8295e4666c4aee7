"""What the idea board's API takes and gives, declared once (the OpenAPI document is built from
these models; the limits are those of ideas/rules.py)."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from ideas.models import STATUSES
from ideas.board import SORTS
from ideas.rules import BODY_MAX, COMMENT_MAX, TAGS_MAX, TITLE_MAX
from portal.api import Id, Input, Line, Omittable, Output, Slug, Text

Status = Literal[STATUSES]  # type: ignore[valid-type]
SettableStatus = Literal[tuple(s for s in STATUSES if s != "merged")]  # type: ignore[valid-type]
Tags = Annotated[list[Slug], Field(max_length=TAGS_MAX)]
NOTE_MAX = 2000


class Author(Output):
    display_name: str
    handle: str | None


class Idea(Output):
    """An idea as the caller may see it; `voted` is the caller's own vote."""

    id: int
    title: str
    body: str
    status: Status
    tags: list[str]
    vote_count: int
    comment_count: int
    follower_count: int
    voted: bool
    author: Author | None = Field(description="null once the author left (erased)")
    campaign_id: int | None
    merged_into: int | None
    created_at: datetime
    url: str


class IdeaPage(Output):
    """A page of the board. `next` is the URL of the following page (null on the last one)."""

    items: list[Idea]
    next: str | None


class BoardQuery(BaseModel):
    """Filters and paging of the board (query parameters)."""

    sort: Literal[SORTS] = "trending"  # type: ignore[valid-type]
    status: Status | None = Field(None, description="Only this status (merged ideas only when asked)")
    tag: Slug | None = None
    q: Annotated[str, Line(200)] | None = Field(None, description="Words to search for")
    limit: int = Field(50, ge=1, le=100)
    cursor: Annotated[str, Field(max_length=300)] | None = Field(
        None, description="Opaque: from the `next` link of the previous page")


class NewIdea(Input):
    title: Annotated[str, Line(TITLE_MAX, 1)]
    body: Annotated[str, Text(BODY_MAX)] = ""
    tags: Tags = []
    campaign_id: Id | None = Field(None, description="An open campaign to propose the idea to")


class IdeaChanges(Input):
    """Send only what changes (never null, except owner). Its author edits title, body and tags
    while the idea is new; everything else (status with a public note, owner, editing another
    member's idea) is a staff action: the token needs the staff scope and a staff role."""

    title: Annotated[str, Line(TITLE_MAX, 1)] = Omittable()
    body: Annotated[str, Text(BODY_MAX)] = Omittable()
    tags: Tags = Omittable()
    status: SettableStatus = Omittable()  # type: ignore[valid-type]
    note: Annotated[str, Text(NOTE_MAX)] = Omittable("The public note of a status change (needed to decline)")
    owner: Id | None = Omittable("The staff member responsible, or null for nobody")


class VoteState(Output):
    vote_count: int
    voted: bool


class NewComment(Input):
    body: Annotated[str, Text(COMMENT_MAX, 1)]


class Comment(Output):
    """A comment; staff comments are official answers."""

    id: int
    body: str
    official: bool
    author: str | None = Field(description="The author's display name; null once they left")
    created_at: datetime


class CommentList(Output):
    items: list[Comment]


class Merge(Input):
    into: Id = Field(description="The idea this one duplicates")
    note: Annotated[str, Text(NOTE_MAX)] = Field("", description="The public reason (required by the service)")
