"""The forums' part of the demo community (``portal seed --demo``), from forums/demo_content.py.

Everything goes through the forums' services as the member who does it, so events, counts,
search documents and notifications are the real thing. The steps run in the order they happened
(oldest first, so ids grow with time); each row and its events are then dated to their moment,
and each thread's and category's latest activity follows from its posts.

Runs once: when any category exists, it does nothing."""
from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tortoise.functions import Max
from tortoise.transactions import in_transaction

from forums import bridge, categories, demo_content, moderation, posts, threads
from forums.models import Category, Flag, Post, PostLike, PostRevision, Thread
from portal.accounts.models import Member
from portal.clock import now
from portal.events import Event


@dataclass(order=True)
class _Step:
    at: datetime
    seq: int
    run: Callable[[], Awaitable[None]] = field(compare=False)


async def seed_demo() -> None:
    """Create the demo categories and their threads, answers, likes, edits and accepted answers."""
    if await Category.all().exists():
        return
    members = await _members()
    # All or nothing: a run that fails half-way leaves no forums behind, so the next one starts over.
    async with in_transaction():
        moment = now()
        admin = members[demo_content.ADMIN]
        for position, category in enumerate(demo_content.CATEGORIES):
            await categories.create_category(admin, position=position, **category)
        steps: list[_Step] = []
        for spec in demo_content.THREADS:
            steps += _story(spec, members, moment, len(steps))
        for step in sorted(steps):
            mark = await _last_event_id()
            await step.run()
            await Event.filter(id__gt=mark).update(created_at=step.at)  # its events happened then too
        await _settle()


async def _members() -> dict[str, Member]:
    emails = {demo_content.ADMIN}
    for spec in demo_content.THREADS:
        emails |= {spec["author"], *spec.get("likes", ()), spec.get("accepted_by", spec["author"]),
                   spec.get("converted_by", spec["author"])}
        for reply in spec.get("replies", ()):
            emails |= {reply["author"], *reply.get("likes", ()), *(flag["by"] for flag in reply.get("flags", ()))}
    found = {m.email: m for m in await Member.filter(email__in=sorted(emails)) if m.email is not None}
    missing = sorted(emails - set(found))
    if missing:
        raise LookupError(f"demo members missing (seed the members first): {', '.join(missing)}")
    return found


def _day(moment: datetime, days_ago: float, rng: random.Random) -> datetime:
    """A plausible time of day (06:00–21:59 UTC) `days_ago` days before `moment`, never after it."""
    day = moment - timedelta(days=days_ago)
    at = day.replace(hour=rng.randint(6, 21), minute=rng.randint(0, 59), second=rng.randint(0, 59), microsecond=0)
    return min(at, moment - timedelta(minutes=rng.randint(5, 90)))


def _after(at: datetime, floor: datetime, moment: datetime, rng: random.Random) -> datetime:
    """`at`, moved to a little after `floor` if it is not later, and never in the future."""
    if at <= floor:
        at = floor + timedelta(minutes=rng.randint(15, 180))
    return min(at, moment - timedelta(minutes=1))


def _story(spec: demo_content.ThreadSpec, members: dict[str, Member], moment: datetime,
           seq: int) -> list[_Step]:
    """The steps of one thread's life, each with the moment it happened."""
    rng = random.Random(spec["title"])
    made: dict[str, int] = {}  # "thread" and "post:<index>" (the opening post is -1) -> id
    steps: list[_Step] = []

    def step(at: datetime, run: Callable[[], Awaitable[None]]) -> None:
        steps.append(_Step(at, seq + len(steps), run))

    started = _day(moment, spec["days_ago"], rng)

    async def start() -> None:
        thread = await threads.start_thread(members[spec["author"]], spec["category"], spec["title"], spec["body"],
                                            spec["tags"])
        made["thread"] = thread.pk
        opening = await Post.filter(thread_id=thread.pk).order_by("id").first()
        assert opening is not None, "a thread starts with its opening post"
        made["post:-1"] = opening.pk
        await Thread.filter(id=thread.pk).update(created_at=started, last_posted_at=started)
        await Post.filter(id=opening.pk).update(created_at=started)
    step(started, start)

    written = {-1: started}
    previous = started
    for index, reply in enumerate(spec.get("replies", ())):
        at = previous = written[index] = _after(_day(moment, reply["days_ago"], rng), previous, moment, rng)

        async def answer(reply=reply, index=index, at=at) -> None:
            post = await posts.reply(members[reply["author"]], made["thread"], reply["body"])
            # The story says what the trust rules must decide; a change there shows here first.
            assert post.held == reply.get("held", False), f"held is {post.held} for {reply['body'][:40]!r}"
            made[f"post:{index}"] = post.pk
            await Post.filter(id=post.pk).update(created_at=at)
        step(at, answer)

        for flag in reply.get("flags", ()):
            at = _after(at + timedelta(hours=rng.randint(1, 20)), at, moment, rng)

            async def report(flag=flag, index=index, at=at) -> None:
                done = await moderation.flag_post(members[flag["by"]], made[f"post:{index}"], flag["reason"],
                                                  flag["note"])
                await Flag.filter(id=done.pk).update(created_at=at)
            step(at, report)

    for index, item in [(-1, spec), *enumerate(spec.get("replies", ()))]:
        edit = item.get("edit")
        if edit:
            at = _after(_day(moment, edit["days_ago"], rng), written[index], moment, rng)

            async def change(item=item, index=index, edit=edit, at=at) -> None:
                post_id = made[f"post:{index}"]
                await posts.edit_post(members[item["author"]], post_id, edit["body"])
                await Post.filter(id=post_id).update(edited_at=at)
                await PostRevision.filter(post_id=post_id).update(created_at=at)
            step(at, change)
        for email in item.get("likes", ()):
            at = _after(written[index] + (moment - written[index]) * rng.random() ** 3, written[index], moment, rng)

            async def like(email=email, index=index, at=at) -> None:
                post_id = made[f"post:{index}"]
                await posts.set_like(members[email], post_id, True)
                await PostLike.filter(post_id=post_id, member_id=members[email].pk).update(created_at=at)
            step(at, like)

    if "accepted" in spec:
        index = spec["accepted"]
        at = _after(written[index] + timedelta(hours=rng.randint(2, 30)), written[index], moment, rng)

        async def accept(index=index) -> None:
            who = members[spec.get("accepted_by", spec["author"])]
            await posts.accept_answer(who, made["thread"], made[f"post:{index}"])
        step(at, accept)

    if "converted_by" in spec:
        last = max(written.values())
        at = _after(last + timedelta(hours=rng.randint(20, 40)), last, moment, rng)

        async def convert() -> None:
            thread = await threads.get_thread(None, made["thread"])
            who = members[spec["converted_by"]]
            if bridge.may_convert(who, thread):  # only where the idea board is installed
                await bridge.convert(who, made["thread"])
        step(at, convert)
    return steps


async def _last_event_id() -> int:
    last = await Event.all().order_by("-id").first()
    return last.pk if last else 0


async def _settle() -> None:
    """Each thread's latest post and first answer by someone else, and each category's latest
    activity, from the dates the posts now carry."""
    for thread in await Thread.all():
        found = await Post.filter(thread_id=thread.pk).order_by("created_at", "id")
        answers = [p for p in found if p.author_id != thread.author_id]
        await Thread.filter(id=thread.pk).update(last_posted_at=found[-1].created_at,
                                                 first_reply_at=answers[0].created_at if answers else None)
    rows = await Thread.all().group_by("category_id").annotate(latest=Max("last_posted_at")).values(
        "category_id", "latest")
    for row in rows:
        await Category.filter(id=row["category_id"]).update(last_posted_at=row["latest"])
