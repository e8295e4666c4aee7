"""Notifications as people read them: several of one kind about one thing are one entry.

"3 new comments on “Akku-Ladegrenze”" instead of three lines: the notifications page and the mail
digest both show groups. A group is (kind, topic) — the topic is the url without its #fragment,
see Notification.topic — and, on the page, read and unread ones are separate groups, so "3 new
comments" never counts comments already read."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from tortoise.expressions import Case, When
from tortoise.functions import Count, Max
from tortoise.query_utils import Prefetch

from portal import i18n
from portal.accounts.models import Member
from portal.notify.kinds import KINDS, Kind, filters
from portal.notify.models import Notification
from portal.pagination import Page, paginate

NAMED_ACTORS = 2  # "Ada, Bob and 3 others"
AVATAR_FIELDS = ("id", "display_name", "handle", "status", "avatar")  # what an avatar needs of a member


def topic_for(kind: Kind, url: str) -> str:
    """The group key of a new notification: its url without the #fragment when the kind groups,
    else a key of its own (a security notice never hides behind another)."""
    if kind.many is None:
        return f"~{uuid.uuid4().hex}"
    return url.split("#", 1)[0][:500]


def _params(kind: Kind, notification: Notification) -> dict:
    return {k: (i18n._(v) if k in kind.translated else v) for k, v in (notification.data or {}).items()}


def message(notification: Notification) -> str:
    """The notification's text in the current language."""
    kind = KINDS.get(notification.kind)
    if kind is None:
        return notification.kind
    try:
        return i18n._(kind.message, **_params(kind, notification))
    except (KeyError, ValueError, TypeError):
        return i18n._(kind.message)


@dataclass
class Group:
    """Notifications of one kind about one thing (newest first), as one entry."""

    notifications: list[Notification]
    count: int  # all of the group, also those not loaded
    unread: bool = False

    @property
    def newest(self) -> Notification:
        return self.notifications[0]

    @property
    def kind(self) -> Kind | None:
        return KINDS.get(self.newest.kind)

    @property
    def icon(self) -> str:
        return self.kind.icon if self.kind else "bell"

    @property
    def label(self) -> str:
        """What kind of news this is, in words (for screen readers, beside the icon)."""
        return i18n._(self.kind.label) if self.kind else ""

    @property
    def text(self) -> str:
        """"Ada commented on “X”." alone; "3 new comments on “X”" for a group (current language)."""
        kind = self.kind
        if kind is None or kind.many is None or self.count == 1:
            return message(self.newest)
        params = _params(kind, self.newest)
        params["num"] = self.count
        try:
            return i18n.ngettext(kind.many[0], kind.many[1], self.count, **params)
        except (KeyError, ValueError, TypeError):
            return message(self.newest)

    @property
    def actors(self) -> list[str]:
        """Who caused it, each once, newest first (translated: a former member's name is a message id)."""
        kind = self.kind
        if kind is None or not kind.actor:
            return []
        names: list[str] = []
        for notification in self.notifications:
            name = (notification.data or {}).get(kind.actor)
            if name:
                name = i18n._(name) if kind.actor in kind.translated else name
                if name not in names:
                    names.append(name)
        return names

    @property
    def people(self) -> list[Member]:
        """The members who caused it, each once, newest first (for their avatars)."""
        found: dict[int, Member] = {}
        for notification in self.notifications:
            actor = notification.actor
            if actor is not None and actor.pk not in found:
                found[actor.pk] = actor
        return list(found.values())

    @property
    def actors_text(self) -> str:
        """"Ada", "Ada and Bob", "Ada, Bob and 2 others"."""
        names = self.actors
        if len(names) <= 1:
            return names[0] if names else ""
        if len(names) == NAMED_ACTORS:
            return i18n._("%(first)s and %(second)s", first=names[0], second=names[1])
        rest = len(names) - NAMED_ACTORS
        return i18n.ngettext("%(first)s, %(second)s and %(num)d other", "%(first)s, %(second)s and %(num)d others",
                             rest, first=names[0], second=names[1], num=rest)

    @property
    def url(self) -> str:
        """Where opening it leads: the oldest unread one (the first new comment), else the newest."""
        unread = [n for n in self.notifications if n.read_at is None]
        return (unread[-1] if unread else self.newest).url


def show_value(value: str | None) -> str:
    """A filter from the query string; anything unknown is the default ("all")."""
    return value if value in filters() else "all"


class _Groups:
    """The grouped query, shaped for portal.pagination.paginate (which pages it with offset and limit)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def offset(self, offset: int) -> _Groups:
        return _Groups(self.queryset.offset(offset))

    def limit(self, limit: int):
        return self.queryset.limit(limit).values("kind", "topic", "unread", "newest", "n")


async def page_for(member: Member, *, show: str = "all", page: int = 1, per_page: int = 20) -> Page:
    """A page of the member's notification groups, newest first, filtered by `show` (see
    kinds.filters; unknown means all). Only the member themselves calls this.

    The grouping happens in the query, not per page: a page of 20 entries is 20 groups, a group is
    never cut in two by a page boundary, and its count is all of it. Pages have no total (counting
    groups would group everything once more); the pager links to the previous and the next page."""
    show = show_value(show)
    rows = Notification.filter(member_id=member.pk)
    if show == "unread":
        rows = rows.filter(read_at=None)
    elif show != "all":
        rows = rows.filter(kind__in=[kind.name for kind in KINDS.values() if kind.group == show])
    grouped = (rows.annotate(unread=Case(When(read_at__isnull=True, then="1"), default="0"),
                             newest=Max("id"), n=Count("id"))
               .group_by("kind", "topic", "unread").order_by("-newest", "kind"))
    result = await paginate(_Groups(grouped), page, per_page, count=False)
    heads = result.items
    if not heads:
        return result
    # The notifications of this page's groups, in one query (up to each group's newest: one that
    # arrived since belongs to the next visit).
    loaded = await Notification.filter(
        member_id=member.pk, topic__in={h["topic"] for h in heads}, kind__in={h["kind"] for h in heads},
        id__lte=max(h["newest"] for h in heads)).order_by("-id").prefetch_related(
        Prefetch("actor", Member.all().only(*AVATAR_FIELDS)))
    buckets: dict[tuple, list[Notification]] = {}
    for notification in loaded:
        buckets.setdefault((notification.kind, notification.topic, notification.read_at is None), []).append(
            notification)
    groups = []
    for head in heads:
        unread = str(head["unread"]) == "1"
        members = [n for n in buckets.get((head["kind"], head["topic"], unread), []) if n.id <= head["newest"]]
        if members:
            groups.append(Group(members, count=int(head["n"]), unread=unread))
    result.items = groups
    return result


def digest_groups(notifications: list[Notification]) -> list[Group]:
    """Notifications for a digest (oldest first) as groups, in the order each thing first appeared."""
    by_topic: dict[tuple[str, str], list[Notification]] = {}
    for notification in notifications:
        by_topic.setdefault((notification.kind, notification.topic), []).append(notification)
    return [Group(list(reversed(items)), count=len(items)) for items in by_topic.values()]
