"""The idea board's part of the demo community (``portal seed --demo``), from ideas/demo_content.py.

Everything a member or the team does goes through the board's services as the member who does it, so
events, counters, follows and notifications are the real thing. The steps run in the order they
happened in the story (oldest first, so ids grow with time), and each row is then dated to its
moment in the last ten months: ideas, votes (with their weight), follows, comments, status
changes, and the events they emitted. Finally every idea's trend is summed again from its votes'
dates, exactly as ideas/ranking.py defines it.

Runs once: when any idea exists, it does nothing.
"""
from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from ideas import board, comments, decisions, demo_content, ranking, votes
from ideas.models import Campaign, Comment, Follow, Idea, StatusChange, Tag, Vote
from portal.accounts.models import Member
from portal.clock import now
from portal.events import Event
from portal.markdown import with_html

# Voting closes with these statuses; later votes would be refused by the service.
_CLOSING = ("shipped", "declined")


@dataclass(order=True)
class _Step:
    at: datetime
    seq: int
    run: Callable[[], Awaitable[None]] = field(compare=False)


async def seed_demo() -> None:
    """Create the demo tags, campaign and ideas with their votes, comments and history."""
    # Runs once, known by its campaign: other features' demos may already have made an idea
    # (the forums' demo turns a thread into one).
    if await Campaign.filter(title=demo_content.CAMPAIGN["title"]).exists():
        return
    members = await _members()
    # All or nothing: a run that fails half-way leaves no ideas behind, so the next one starts over.
    async with in_transaction():
        moment = now()
        await _tags()
        campaign = await _campaign(members, moment)
        ideas: dict[str, Idea] = {}
        steps: list[_Step] = []
        for entry in demo_content.IDEAS:
            steps += _story(entry, ideas, members, campaign, moment, len(steps))
        for step in sorted(steps):
            mark = await _last_event_id()
            await step.run()
            # The events of this step happened when the step did.
            await Event.filter(id__gt=mark).update(created_at=step.at)
        await _settle(ideas)


async def _members() -> dict[str, Member]:
    emails = {demo_content.CAMPAIGN["created_by"]}
    for entry in demo_content.IDEAS:
        emails |= {entry["author"], *entry.get("voters", ()), *entry.get("followers", ())}
        emails |= {c["author"] for c in entry.get("comments", ())}
    found = {m.email: m for m in await Member.filter(email__in=sorted(emails)) if m.email is not None}
    missing = sorted(emails - set(found))
    if missing:
        raise LookupError(f"demo members missing (seed the members first): {', '.join(missing)}")
    return found


async def _tags() -> None:
    for tag in demo_content.TAGS:
        await Tag.get_or_create(slug=tag["slug"], defaults={"name_en": tag["name_en"], "name_de": tag["name_de"]})


async def _campaign(members: dict[str, Member], moment: datetime) -> Campaign:
    spec = demo_content.CAMPAIGN
    deadline = (moment + timedelta(days=spec["deadline_in_days"])).replace(hour=21, minute=59, second=0,
                                                                           microsecond=0)
    campaign = await Campaign.create(title=spec["title"], **with_html(description=spec["description"]),
                                     deadline=deadline, vote_budget=spec["vote_budget"],
                                     created_by=members[spec["created_by"]])
    created = _day(moment, spec["created_days_ago"], random.Random("campaign"))
    await Campaign.filter(id=campaign.pk).update(created_at=created)
    return campaign


def _day(moment: datetime, days_ago: float, rng: random.Random) -> datetime:
    """A plausible time of day (06:00–21:59 UTC) `days_ago` days before `moment`, never after it."""
    day = moment - timedelta(days=days_ago)
    at = day.replace(hour=rng.randint(6, 21), minute=rng.randint(0, 59), second=rng.randint(0, 59),
                     microsecond=0)
    return min(at, moment - timedelta(minutes=rng.randint(5, 90)))


def _after(at: datetime, floor: datetime, moment: datetime, rng: random.Random) -> datetime:
    """`at`, moved to a little after `floor` if it is not later, and never in the future."""
    if at <= floor:
        at = floor + timedelta(minutes=rng.randint(20, 240))
    return min(at, moment - timedelta(minutes=1))


def _story(entry: demo_content.IdeaSpec, ideas: dict[str, Idea], members: dict[str, Member], campaign: Campaign,
           moment: datetime, seq: int) -> list[_Step]:
    """The steps of one idea's life, each with the moment it happened."""
    key = entry["key"]
    rng = random.Random(key)
    author = members[entry["author"]]
    product = members[demo_content.PRODUCT]
    steps: list[_Step] = []

    def step(at: datetime, run: Callable[[], Awaitable[None]]) -> None:
        steps.append(_Step(at, seq + len(steps), run))

    submitted = _day(moment, entry["days_ago"], rng)

    async def submit() -> None:
        idea = await board.submit(author, entry["title"], entry["body"], entry["tags"],
                                    campaign_id=campaign.pk if entry.get("campaign") else None)
        ideas[key] = idea
        await Idea.filter(id=idea.pk).update(created_at=submitted, updated_at=submitted)
        await Follow.filter(idea_id=idea.pk, member_id=author.pk).update(created_at=submitted)
    step(submitted, submit)

    # The team's status path, each step after the one before.
    closed = None
    previous = submitted
    for change in entry.get("status", ()):
        at = previous = _after(_day(moment, change["days_ago"], rng), previous, moment, rng)
        if change["to"] in _CLOSING and closed is None:
            closed = at

        async def walk(change=change, at=at) -> None:
            await decisions.change_status(product, ideas[key].pk, change["to"], change["note"])
            await _date_status_change(ideas[key], at)
        step(at, walk)

    merge = entry.get("merge")
    if merge:
        at = closed = _after(_day(moment, merge["days_ago"], rng), previous, moment, rng)

        async def merge_into(at=at) -> None:
            await decisions.merge(product, ideas[key].pk, ideas[merge["into"]].pk, merge["note"])
            await _date_status_change(ideas[key], at)
        step(at, merge_into)

    # Votes fall between submission (or the voter's joining) and the moment voting closed.
    end = (closed or moment) - timedelta(minutes=10)
    for email in entry.get("voters", ()):
        voter = members[email]
        start = max(submitted, voter.created_at) + timedelta(minutes=10)
        at = start + (end - start) * rng.random() ** 1.3 if end > start else end

        async def vote(voter=voter, at=at) -> None:
            idea = ideas[key]
            if await Vote.filter(idea_id=idea.pk, member_id=voter.pk).exists():
                return
            await votes.set_vote(voter, idea.pk, True)
            await Vote.filter(idea_id=idea.pk, member_id=voter.pk).update(
                created_at=at, weight=ranking.vote_weight(at))
            await Follow.filter(idea_id=idea.pk, member_id=voter.pk, created_at__gt=at).update(created_at=at)
        step(at, vote)

    for email in entry.get("followers", ()):
        follower = members[email]
        start = max(submitted, follower.created_at) + timedelta(minutes=10)
        at = start + (moment - start) * rng.random() if moment > start else moment

        async def follow(follower=follower, at=at) -> None:
            await votes.set_follow(follower, ideas[key].pk, True)
            await Follow.filter(idea_id=ideas[key].pk, member_id=follower.pk, created_at__gt=at).update(
                created_at=at)
        step(at, follow)

    for comment in entry.get("comments", ()):
        writer = members[comment["author"]]
        at = _after(_day(moment, comment["days_ago"], rng), submitted, moment, rng)

        async def write(writer=writer, comment=comment, at=at) -> None:
            made = await comments.add_comment(writer, ideas[key].pk, comment["body"])
            await Comment.filter(id=made.pk).update(created_at=at)
        step(at, write)
    return steps


async def _date_status_change(idea: Idea, at: datetime) -> None:
    latest = await StatusChange.filter(idea_id=idea.pk).order_by("-id").first()
    assert latest is not None, "the step before changed the status"
    await StatusChange.filter(id=latest.pk).update(created_at=at)
    await Idea.filter(id=idea.pk).update(updated_at=at)


async def _last_event_id() -> int:
    last = await Event.all().order_by("-id").first()
    return last.pk if last else 0


async def _settle(ideas: dict[str, Idea]) -> None:
    """Each idea's trend summed again from its votes' dates, and its last change as updated_at."""
    for idea in ideas.values():
        weights: list[float] = await Vote.filter(idea_id=idea.pk).values_list("weight", flat=True)  # type: ignore[assignment]  # Tortoise types flat=True as tuples
        latest = await StatusChange.filter(idea_id=idea.pk).order_by("-id").first()
        changed = latest.created_at if latest else (await Idea.get(id=idea.pk)).created_at
        await Idea.filter(id=idea.pk).update(trend=float(sum(weights)), updated_at=changed)
