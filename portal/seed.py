"""Demo and bulk data: `portal seed --demo` (the Fahrtwind community) and `portal seed --scale N`."""
from __future__ import annotations

import random
from collections.abc import Awaitable, Callable, Iterable
import re
import time
from datetime import timedelta

from tortoise.transactions import in_transaction

from portal import demo_content, search
from portal.accounts import passwords, service as accounts
from portal.accounts.models import Member
from portal.clock import now
from portal.markdown import with_html
from portal.db import refresh_statistics
from portal.profiles import access_log, consents
from portal.profiles import service as profiles
from portal.profiles.models import Profile

DEMO_MARKER = "admin@example.org"


async def _demo_member(entry: dict) -> Member:
    member = await accounts.create_member(
        entry["email"], entry.get("password"), display_name=entry["display_name"],
        role=entry.get("role", "member"), language=entry["language"])
    await profiles.update_profile(member, {
        "handle": entry["handle"], "bio": entry["bio"], "company": entry["company"],
        "country": entry["country"], "interests": entry["interests"], "visibility": entry["visibility"],
    })
    # Backdate the join, so the community looks as old as it is in the story.
    joined = now() - timedelta(days=entry.get("joined_days_ago", 0))
    await Member.filter(id=member.pk).update(created_at=joined, email_verified_at=joined)
    return member


async def _demo_privacy() -> None:
    """Some consents given (a pattern, so the triage inbox shows names and pseudonyms), and a few
    looks by staff in the access logs of the demo member and advocate."""
    # Only the purposes this site has (a feature that is not installed asks for nothing).
    purposes = {name: every for name, every in (("contact", 2), ("surveys", 3), ("name_to_product", 4),
                                                ("newsletter", 5)) if name in consents.PURPOSES}
    for n, member in enumerate(await Member.filter(roles=["member"]).order_by("id")):
        await consents.set_consents(member, {name: n % every == 1 for name, every in purposes.items()})
    by_email = {m.email: m for m in await Member.filter(email__in=[
        "member@example.org", "advocate@example.org", "service@example.org", "moderator@example.org"])}
    await consents.set_consents(by_email["advocate@example.org"], dict.fromkeys(purposes, True))
    await consents.set_consents(by_email["member@example.org"], {"contact": True})
    await access_log.record(by_email["member@example.org"].pk, "customer_view.opened",
                            actor=by_email["service@example.org"], reason=access_log.REASONS["feedback"])
    await access_log.record(by_email["advocate@example.org"].pk, "profile.viewed",
                            actor=by_email["moderator@example.org"])


# Features add what their part of the demo community writes (ideas, threads, …), run in this
# order after the members exist. Each step must do nothing when its content is already there.
DemoStep = Callable[[], Awaitable[None]]
_demo_steps: list[DemoStep] = []


def install(demo: Iterable[DemoStep], scale: Iterable["ScaleStep"]) -> None:
    """Replace the seeders with the installed features' (in the order of the feature list)."""
    _demo_steps[:] = list(demo)
    _scale_steps[:] = list(scale)


async def seed_demo() -> bool:
    """Create the demo community once; False when its members were already there. Every
    feature's demo step runs either way (each skips itself when its content exists)."""
    created = False
    if not await Member.filter(email=DEMO_MARKER).exists():
        for entry in [*demo_content.DEMO_ACCOUNTS, *demo_content.MEMBERS]:
            await _demo_member(entry)
        await _demo_privacy()
        created = True
    for step in _demo_steps:
        await step()
    await refresh_statistics()  # the planner must know the new rows before the first page reads them
    return created


def demo_logins() -> list[tuple[str, str, str]]:
    """(role, email, password) of the demo accounts, for `make run` to print."""
    return [(e["role"] if e["email"] != "advocate@example.org" else "advocate", e["email"], e["password"])
            for e in demo_content.DEMO_ACCOUNTS]


def vocabulary() -> list[str]:
    """The words of the demo community's bios, most frequent first (a real, bilingual vocabulary)."""
    counts: dict[str, int] = {}
    for entry in [*demo_content.DEMO_ACCOUNTS, *demo_content.MEMBERS]:
        for word in re.findall(r"[^\W\d_]+", entry["bio"].lower()):
            counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda w: (-counts[w], w))


def zipf_text(rng: random.Random, words: list[str], weights: list[float], length: int = 30) -> str:
    # Word frequencies in real text follow Zipf's law: a few words everywhere, most words rare.
    return " ".join(rng.choices(words, weights=weights, k=length))


# Features add their bulk data for benchmarks (ideas and votes, …), run after the members exist:
# step(rng, member_ids, words, weights, verbose=…). They write no events.
ScaleStep = Callable[..., Awaitable[None]]
_scale_steps: list[ScaleStep] = []



async def seed_scale(count: int, *, batch: int = 1000, verbose: bool = True) -> int:
    """Bulk-create `count` verified members with profiles for benchmarks, then every feature's bulk
    data (declared by each feature: the idea board adds 5 ideas and 100 votes per member),
    then rebuild the search index once and the planner's statistics; returns members created. Bulk
    data writes no events (nobody is notified). Prints timings."""
    rng = random.Random(count)
    words = vocabulary()
    weights = [1 / rank ** 1.1 for rank in range(1, len(words) + 1)]
    password_hash = passwords.hash_password("bench-member-pass")
    start = await Member.all().count()
    created = 0
    member_ids: list[int] = []
    moment = now()
    clock = time.perf_counter()
    while created < count:
        size = min(batch, count - created)
        rows = []
        for i in range(start + created, start + created + size):
            rows.append(Member(
                email=f"bench{i}@example.com", display_name=f"Bench Rider {i}", handle=f"bench_{i}",
                password_hash=password_hash, roles=["member"], language=rng.choice(("en", "de")),
                email_verified_at=moment, status="active"))
        async with in_transaction():
            await Member.bulk_create(rows)
            ids: list[int] = await Member.filter(  # type: ignore[assignment]  # Tortoise types flat=True as tuples
                handle__in=[m.handle for m in rows]).values_list("id", flat=True)
            await Profile.bulk_create([
                Profile(member_id=member_id, **with_html(bio=zipf_text(rng, words, weights)),
                        country=rng.choice(("DE", "AT", "CH", "GB", "US")),
                        interests=rng.sample(demo_content.INTEREST_TAGS, 3))
                for member_id in ids])
        member_ids.extend(ids)
        created += size
    say(verbose, f"members and profiles: {created:,} in {time.perf_counter() - clock:.1f} s")
    if member_ids:
        for step in _scale_steps:
            await step(rng, sorted(member_ids), words, weights, verbose=verbose)
    clock = time.perf_counter()
    documents = await search.reindex()
    say(verbose, f"search index: {documents:,} documents in {time.perf_counter() - clock:.1f} s")
    clock = time.perf_counter()
    await refresh_statistics(thorough=True)  # without them PostgreSQL guessed 259 rows for 50,017 ideas
    say(verbose, f"planner statistics (ANALYZE): {time.perf_counter() - clock:.1f} s")
    return created


def say(verbose: bool, message: str) -> None:
    if verbose:
        print(f"seed --scale: {message}", flush=True)


async def execute_many(columns: str, table: str, rows: list[tuple]) -> None:
    """One multi-row INSERT batch in its own transaction (raw: Tortoise model instances for a
    million rows cost more than the database does)."""
    async with in_transaction() as conn:
        names = [c.strip() for c in columns.split(",")]
        if conn.capabilities.dialect == "sqlite":
            marks = ", ".join("?" for _ in names)
        else:
            marks = ", ".join(f"${i}" for i in range(1, len(names) + 1))
        # Tortoise annotates the rows as lists; both drivers take any sequence of rows.
        await conn.execute_many(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # type: ignore[arg-type]
