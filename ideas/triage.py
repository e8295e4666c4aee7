"""The product team's side of the board: the priority score, the triage inbox, bulk status
changes and the backlog as CSV.

The priority score is transparent: it is a weighted sum whose parts and weights are shown to
staff in the inbox and to customers on each idea ("why this ranks here"):

    priority = votes × w_votes + recent votes × w_recent + comments × w_comments

where "recent votes" is the trend of ideas/ranking.py in today's units (each vote counts 1 when
cast and half as much every week after). The share of voters who are detractors or advocates
joins as a part once surveys and loyalty exist.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from tortoise.expressions import RawSQL
from tortoise.transactions import in_transaction

from ideas import ranking
from ideas import decisions
from ideas.events import WeightsChanged
from ideas.models import STATUSES, Idea, PriorityWeights
from portal import events
from portal.accounts.models import Member
from portal.accounts.permissions import require
from portal.clock import now
from portal.csvcells import safe_cell
from portal.errors import N_, Invalid
from portal.pagination import Page, paginate
from portal.profiles import consents

TRIAGE_SORTS = ("priority", "velocity", "votes", "newest", "oldest")
WEIGHT_FIELDS = ("votes", "recent_votes", "comments")
WEIGHT_MAX = 100.0


@dataclass(frozen=True)
class Part:
    name: str  # message id of what is counted
    value: float
    weight: float

    @property
    def points(self) -> float:
        return self.value * self.weight


@dataclass(frozen=True)
class Term:
    """One term of the priority formula: a column of the idea, the weight that multiplies it, and
    whether it is the trend (stored in ever-growing units, shown and summed in today's units)."""

    name: str  # message id, shown beside the value
    column: str  # of Idea
    weight: str  # field of PriorityWeights
    trend: bool = False

    def unit(self, moment) -> float:
        """What one stored unit of the column is worth today."""
        return 1.0 / ranking.vote_weight(moment) if self.trend else 1.0


# The formula, once: parts() shows it term by term, priority_sql() has the database sort by it.
TERMS = (
    Term(N_("Votes"), "vote_count", "votes"),
    Term(N_("Recent votes (each halves every week)"), "trend", "recent_votes", trend=True),
    Term(N_("Comments"), "comment_count", "comments"),
)


async def weights() -> PriorityWeights:
    """The weights in force (the defaults until an admin changes them). Anyone may read them."""
    row = await PriorityWeights.first()
    return row or PriorityWeights(votes=1.0, recent_votes=3.0, comments=0.5)


async def weights_for_editing(actor: Member) -> PriorityWeights:
    """The weights, for the admin who is about to change them."""
    require(actor, "admin.settings")
    return await weights()


async def set_weights(actor: Member, values: dict) -> PriorityWeights:
    """An admin changes the weights (each from 0 to 100). Emits `ideas.weights_changed`."""
    require(actor, "admin.settings")
    cleaned, errors = {}, {}
    for name in WEIGHT_FIELDS:
        try:
            number = float(str(values.get(name, "")).replace(",", "."))
        except ValueError:
            number = -1
        if not 0 <= number <= WEIGHT_MAX:
            errors[name] = N_("Please enter a number from 0 to 100.")
        cleaned[name] = number
    if errors:
        raise Invalid(errors=errors)
    async with in_transaction():
        row = await PriorityWeights.first()
        if row is None:
            # Named, so the checker knows no weight in `cleaned` is taken for the connection.
            row = await PriorityWeights.create(using_db=None, **cleaned)
        else:
            await PriorityWeights.filter(id=row.pk).update(**cleaned)
            await row.refresh_from_db()
        await events.emit("ideas.weights_changed", actor=actor, subject_type="settings", data=WeightsChanged(weights=cleaned))
    return row


def parts(idea: Idea, w: PriorityWeights, moment=None) -> list[Part]:
    """The parts of an idea's priority score with their weights (the trend in today's units,
    rounded to two places)."""
    moment = moment or now()
    return [Part(t.name, round(getattr(idea, t.column) * t.unit(moment), 2) if t.trend else getattr(idea, t.column),
                 getattr(w, t.weight)) for t in TERMS]


def score(idea: Idea, w: PriorityWeights) -> float:
    """The priority score: the sum of the parts' points, to one place."""
    return round(sum(p.points for p in parts(idea, w)), 1)


def priority_sql(w: PriorityWeights, moment=None) -> RawSQL:
    """The same sum as score(), as an SQL expression, so the database sorts the whole backlog."""
    moment = moment or now()
    # Plain numbers only (floats we computed), so building the SQL text is safe.
    return RawSQL(" + ".join(f"{t.column} * {float(getattr(w, t.weight)) * t.unit(moment)!r}" for t in TERMS))


def _ordered(query, sort: str, w: PriorityWeights):
    if sort == "priority":
        return query.annotate(priority=priority_sql(w)).order_by("-priority", "-id")
    order = {"velocity": ("-trend", "-id"), "votes": ("-vote_count", "-id"), "oldest": ("id",)}.get(sort, ("-id",))
    return query.order_by(*order)


async def inbox(actor: Member, *, status: str = "new", tag: str = "", owner_id: int | None = None,
                sort: str = "priority", page: int = 1, per_page: int = 50) -> Page:
    """The triage inbox: new ideas first by default, filtered and sorted, for product staff.

    Each idea carries `author_label`: the author's name if they agreed to share it with product
    teams, else their pseudonym ("" for a former member)."""
    require(actor, "ideas.triage")
    query = Idea.all().exclude(status="merged")
    if status in STATUSES:
        query = query.filter(status=status)
    if tag:
        query = query.filter(tags__slug=tag)
    if owner_id:
        query = query.filter(owner_id=owner_id)
    query = _ordered(query, sort if sort in TRIAGE_SORTS else "priority", await weights())
    found = await paginate(query.select_related("owner").prefetch_related("tags"), page, per_page)
    # Product staff see an author's name only where the author agreed, else a pseudonym.
    names = await consents.names_for_product(idea.author_id for idea in found.items)
    for idea in found.items:
        idea.author_label = names.get(idea.author_id, "")
    return found


async def bulk_status(actor: Member, idea_ids: list[int], status: str, note: str = "") -> int:
    """Change the status of several ideas at once (each with the same public note); returns how
    many changed. Emits `idea.status_changed` for each."""
    require(actor, "ideas.triage")
    if not idea_ids:
        raise Invalid("ids", N_("Please tick at least one idea."))
    async with in_transaction():  # all or none
        for idea_id in idea_ids:
            await decisions.change_status(actor, idea_id, status, note)
    return len(idea_ids)


async def bulk_owner(actor: Member, idea_ids: list[int], owner_id: int | None) -> int:
    """Make one staff member (or nobody) responsible for several ideas; returns how many."""
    require(actor, "ideas.triage")
    if not idea_ids:
        raise Invalid("ids", N_("Please tick at least one idea."))
    async with in_transaction():
        for idea_id in idea_ids:
            await decisions.set_owner(actor, idea_id, owner_id)
    return len(idea_ids)


async def staff_members() -> list[Member]:
    """Who can own an idea: active staff."""
    # Plain members (the many) are left out in the database; the few others are checked here.
    candidates = Member.filter(status="active").exclude(roles=["member"]).order_by("display_name")
    return [m for m in await candidates if m.is_staff]


async def backlog_csv(actor: Member) -> str:
    """The whole backlog (merged ideas left out) as CSV, highest priority first, for product staff."""
    require(actor, "ideas.triage")
    w = await weights()
    query = _ordered(Idea.all().exclude(status="merged"), "priority", w)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "title", "status", "votes", "recent_votes", "comments", "priority", "tags",
                     "owner", "created_at", "url"])
    for idea in await query.select_related("owner").prefetch_related("tags"):
        votes, recent, comments = (p.value for p in parts(idea, w))
        writer.writerow([idea.pk, safe_cell(idea.title), idea.status, votes, recent, comments, score(idea, w),
                         " ".join(t.slug for t in idea.tags), safe_cell(idea.owner.display_name) if idea.owner else "",
                         idea.created_at.isoformat(), f"/ideas/{idea.pk}"])
    return buffer.getvalue()

