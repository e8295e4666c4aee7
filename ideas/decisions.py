"""What the team decides about an idea: its status, who owns it, and merging duplicates.

Product staff move ideas along and make someone responsible; moderators and product staff merge
duplicates. No idea ends in silence: declining and merging need a public note."""
from __future__ import annotations

from tortoise.expressions import F, Q, Subquery
from tortoise.functions import Sum
from tortoise.transactions import in_transaction

from ideas import counts
from ideas.board import get_idea
from ideas.events import IdeaAssigned, IdeaMerged, IdeaStatusChanged
from ideas.models import STATUSES, Follow, Idea, StatusChange, Vote
from portal import events
from portal.accounts.models import Member
from portal.accounts.permissions import require
from portal.errors import N_, Conflict, Invalid
from portal.markdown import with_html

# Statuses whose change must explain itself publicly: no idea ends in silence.
NEEDS_NOTE = ("declined", "merged")


async def change_status(actor: Member, idea_id: int, status: str, note: str = "") -> Idea:
    """Product staff move an idea along new → under review → planned → in progress → shipped, or
    decline it. Declining needs a public reason. Followers are told (see the notify consumer).

    Emits `idea.status_changed`."""
    require(actor, "ideas.triage")
    if status not in STATUSES or status == "merged":
        raise Invalid("status", N_("Please choose a status from the list."))
    note = (note or "").strip()
    if status in NEEDS_NOTE and not note:
        raise Invalid("note", N_("Please explain this decision publicly: no idea ends in silence."))
    idea = await get_idea(actor, idea_id)
    if idea.status == "merged":
        raise Conflict(N_("This idea was merged into another one."))
    if idea.status == status and not note:
        return idea
    async with in_transaction():
        # The state as it is under the lock, so the counts move from where the idea really was.
        current = await Idea.filter(id=idea.pk).select_for_update().get()
        if current.status == "merged":
            raise Conflict(N_("This idea was merged into another one."))
        idea.status = current.status
        await counts.moved((current.status, current.hidden_at is not None), (status, current.hidden_at is not None))
        await StatusChange.create(idea=idea, actor=actor, from_status=idea.status, to_status=status,
                                  **with_html(note=note))
        previous, idea.status = idea.status, status
        await idea.save(update_fields=["status", "updated_at"])
        await events.emit("idea.status_changed", actor=actor, subject=idea, data=IdeaStatusChanged(
            idea=idea.pk, author=idea.author_id, title=idea.title, previous=previous, status=status, note=note))
    return idea


async def set_owner(actor: Member, idea_id: int, owner_id: int | None) -> Idea:
    """Product staff make a staff member responsible for an idea (or nobody). Emits `idea.assigned`."""
    require(actor, "ideas.triage")
    idea = await get_idea(actor, idea_id)
    if owner_id is not None:
        owner = await Member.get_or_none(id=owner_id, status="active")
        if owner is None or not owner.is_staff:
            raise Invalid("owner", N_("Please choose a staff member."))
    async with in_transaction():
        idea.owner_id = owner_id
        await idea.save(update_fields=["owner_id", "updated_at"])
        await events.emit("idea.assigned", actor=actor, subject=idea, data=IdeaAssigned(idea=idea.pk, owner=owner_id))
    return idea


async def merge(actor: Member, idea_id: int, into_id: int, note: str = "") -> Idea:
    """Merge a duplicate into another idea, with a public note saying why: its votes move over
    without double counting (a member who voted for both keeps one vote), its followers follow the
    target, its comments stay where they are with a link, and its page points to the target.

    Product staff and moderators may merge. Emits `idea.merged`.

    Both ideas are locked (in id order) for the whole transaction, and their states are checked
    again under the lock: a vote is either counted before the merge and moves with it, or it
    waits and finds the idea merged (see ideas/votes.py). Votes and follows move with one UPDATE
    each; the duplicates left behind go with one DELETE."""
    require(actor, "ideas.merge")
    if idea_id == into_id:
        raise Invalid("into", N_("An idea cannot be merged into itself."))
    source = await get_idea(actor, idea_id)
    if not await Idea.exists(id=into_id):
        raise Invalid("into", N_("There is no idea with that number."))
    note = (note or "").strip()
    async with in_transaction():
        locked = {i.pk: i for i in await Idea.filter(id__in=[source.pk, into_id]).order_by("id").select_for_update()}
        if len(locked) < 2:
            raise Invalid("into", N_("There is no idea with that number."))
        source, target = locked[source.pk], locked[into_id]
        if source.status == "merged":
            raise Conflict(N_("This idea was merged already."))
        if target.status == "merged":
            raise Invalid("into", N_("That idea was itself merged: merge into the one it points to."))
        if not note:
            raise Invalid("note", N_("Please explain this decision publicly: no idea ends in silence."))
        # Told where their idea went: the author and everyone who voted for it.
        voters: list[int | None] = await Vote.filter(idea_id=source.pk).values_list("member_id", flat=True)  # type: ignore[assignment]  # Tortoise types flat=True as tuples
        told = sorted(i for i in {source.author_id, *voters} if i is not None)
        moved, added_weight = await _move_votes(source, target)
        new_followers = await _move_follows(source, target)
        await Idea.filter(id=target.pk).update(vote_count=F("vote_count") + moved,
                                               trend=F("trend") + added_weight,
                                               follower_count=F("follower_count") + new_followers)
        await StatusChange.create(idea=source, actor=actor, from_status=source.status, to_status="merged",
                                  **with_html(note=note))
        previous = source.status
        await counts.moved((previous, source.hidden_at is not None), ("merged", source.hidden_at is not None))
        source.status, source.merged_into_id, source.vote_count, source.trend = "merged", target.pk, 0, 0.0
        source.follower_count = 0
        await source.save(update_fields=["status", "merged_into_id", "vote_count", "trend", "follower_count",
                                         "updated_at"])
        await events.emit("idea.merged", actor=actor, subject=source, data=IdeaMerged(
            idea=source.pk, title=source.title, previous=previous, into=target.pk, into_title=target.title,
            note=note, moved_votes=moved, told=told))
    return source


async def _move_votes(source: Idea, target: Idea) -> tuple[int, float]:
    """Move the source's votes of members who did not vote for the target (and those of erased
    members, who count once each) with one UPDATE; drop the rest with one DELETE. Returns how many
    moved and the trend they carry. The caller holds both ideas' locks, so the rows stay put."""
    target_voters = Subquery(Vote.filter(idea_id=target.pk, member_id__isnull=False).values("member_id"))
    moving = Vote.filter(Q(idea_id=source.pk) & (Q(member_id__isnull=True) | Q(member_id__not_in=target_voters)))
    totals: list[float | None] = await moving.annotate(total=Sum("weight")).values_list("total", flat=True)  # type: ignore[assignment]  # Tortoise types flat=True as tuples
    moved = await moving.update(idea_id=target.pk, campaign_id=target.campaign_id)
    await Vote.filter(idea_id=source.pk).delete()
    return moved, float(totals[0] or 0.0) if moved and totals else 0.0


async def _move_follows(source: Idea, target: Idea) -> int:
    """The source's followers follow the target (one UPDATE for those who did not already); the
    follows left on the merged idea go (one DELETE). Returns how many new followers the target has."""
    target_followers = Subquery(Follow.filter(idea_id=target.pk).values("member_id"))
    moved = await Follow.filter(idea_id=source.pk, member_id__not_in=target_followers).update(idea_id=target.pk)
    await Follow.filter(idea_id=source.pk).delete()
    return moved
