"""Rules of the forums that the services and the templates both ask, written once: the limits of
what members write, and who may read and post where (a category's `read` and `post` levels)."""
from __future__ import annotations

import re

from forums.models import ACCESS, Category, Post, Thread
from portal.accounts.permissions import can
from tortoise.expressions import Q

TITLE_MAX = 200
BODY_MAX = 20_000
TAGS_MAX = 5
TAG_RE = re.compile(r"^[^\W_][\w-]{0,23}$")


def levels(reader) -> tuple[str, ...]:
    """The access levels a reader has: everyone's, members' once logged in, the team's for staff."""
    if reader is None:
        return ACCESS[:1]
    if reader.is_staff:
        return ACCESS
    return ACCESS[:2]


def may_read(reader, category: Category) -> bool:
    """Whether the reader may see the category and its threads."""
    return category.read in levels(reader)


def may_post(member, category: Category) -> bool:
    """Whether the member may start threads and answer in the category (a verified, active member
    whose level reaches the category's `post`, and who may read it)."""
    return (member is not None and can(member, "content.post") and may_read(member, category)
            and category.post in levels(member))


def moderates(reader) -> bool:
    return can(reader, "content.moderate")


def visible_threads(reader, via: str = ""):
    """A filter for threads the reader may see: in categories they may read; hidden ones, and those
    whose opening post waits for review, only for moderators and their author. `via` prefixes the fields when the query starts elsewhere
    (posts: "thread__")."""
    readable: dict = {f"{via}category__read__in": list(levels(reader))}
    condition = Q(**readable)
    if not moderates(reader):
        unhidden: dict = {f"{via}hidden_at": None, f"{via}held": False}
        shown = Q(**unhidden)
        if reader is not None:
            shown |= Q(**{f"{via}author_id": reader.pk})
        condition &= shown
    return condition


def visible_posts(reader):
    """A filter for posts the reader may see in threads they may see: hidden and held ones only for
    moderators and their author."""
    condition = visible_threads(reader, "thread__")
    if not moderates(reader):
        shown = Q(hidden_at=None, held=False)
        if reader is not None:
            shown |= Q(author_id=reader.pk)
        condition &= shown
    return condition


def threads_for(reader):
    return Thread.filter(visible_threads(reader))


def posts_for(reader):
    return Post.filter(visible_posts(reader))
