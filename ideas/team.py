"""Shaping an idea together: co-authors (the author accepts them), beta testers, and the credits
the roadmap shows for what shipped."""
from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from ideas.board import get_idea
from ideas.events import IdeaTeamChanged
from ideas.models import Contributor, Idea
from portal import events
from portal.accounts.models import Member
from portal.accounts.permissions import require
from portal.errors import N_, Conflict, Forbidden, NotFound, Unauthenticated
from portal.profiles.names import public_name


async def contributors(idea: Idea) -> dict[str, list[Contributor]]:
    """The idea's co-authors (accepted), pending co-author requests, and testers, with members
    (the caller already may see the idea). Emits nothing."""
    rows = await Contributor.filter(idea_id=idea.pk).order_by("id").select_related("member")
    return {
        "coauthors": [c for c in rows if c.role == "coauthor" and c.accepted],
        "requests": [c for c in rows if c.role == "coauthor" and not c.accepted],
        "testers": [c for c in rows if c.role == "tester"],
    }


async def request_coauthor(member: Member, idea_id: int) -> Contributor:
    """A verified member asks to join an open idea as co-author; its author decides.

    Emits `idea.coauthor_requested` (the author is told)."""
    require(member, "content.post")
    idea = await get_idea(member, idea_id)
    if idea.author_id == member.pk:
        raise Conflict(N_("You are the author of this idea already."))
    if not idea.is_open:
        raise Conflict(N_("This idea is closed for new co-authors."))
    existing = await Contributor.get_or_none(idea_id=idea.pk, member_id=member.pk, role="coauthor")
    if existing is not None:
        return existing
    async with in_transaction():
        row = await Contributor.create(idea=idea, member=member, role="coauthor", accepted=False)
        await events.emit("idea.coauthor_requested", actor=member, subject=idea, data=IdeaTeamChanged(
            idea=idea.pk, title=idea.title, author=idea.author_id, member=member.pk))
    return row


async def answer_coauthor(author: Member, idea_id: int, member_id: int, accept: bool) -> None:
    """The idea's author (only they) accepts or declines a co-author request. Emits
    `idea.coauthor_accepted` when accepted (the new co-author is told); declining emits nothing."""
    if author is None:
        raise Unauthenticated()
    idea = await get_idea(author, idea_id)
    if idea.author_id != author.pk:
        raise Forbidden(N_("Only the author of the idea decides who joins as co-author."))
    row = await Contributor.get_or_none(idea_id=idea.pk, member_id=member_id, role="coauthor", accepted=False)
    if row is None:
        raise NotFound()
    async with in_transaction():
        if accept:
            await Contributor.filter(id=row.pk).update(accepted=True)
            await events.emit("idea.coauthor_accepted", actor=author, subject=idea, data=IdeaTeamChanged(
                idea=idea.pk, title=idea.title, author=idea.author_id, member=member_id))
        else:
            await Contributor.filter(id=row.pk).delete()


async def set_tester(member: Member, idea_id: int, join: bool) -> None:
    """A verified member signs up (or off) to test an idea; testers hear first when it is being
    built. Idempotent. Emits `idea.tester_joined` on sign-up."""
    require(member, "content.post")
    idea = await get_idea(member, idea_id)
    if join and not idea.is_open:
        raise Conflict(N_("This idea no longer looks for testers."))
    async with in_transaction():
        if join:
            try:
                async with in_transaction():
                    await Contributor.create(idea=idea, member=member, role="tester", accepted=True)
            except IntegrityError:
                return
            await events.emit("idea.tester_joined", actor=member, subject=idea, data=IdeaTeamChanged(
                idea=idea.pk, title=idea.title, author=idea.author_id, member=member.pk))
        else:
            await Contributor.filter(idea_id=idea.pk, member_id=member.pk, role="tester").delete()


async def credits(ideas: list[Idea]) -> dict[int, list[str]]:
    """Who to thank for each idea (loaded with its author): the author, then the co-authors, by
    their public names; former members are left out. One query for the co-authors of all ideas.
    Anyone may ask; emits nothing."""
    names: dict[int, list[str]] = {i.pk: [n for n in [public_name(i.author)] if n] for i in ideas}
    rows = await (Contributor.filter(idea_id__in=list(names), role="coauthor", accepted=True)
                  .order_by("id").select_related("member"))
    for row in rows:
        name = public_name(row.member)
        if name:
            names[row.idea_id].append(name)
    return names
