"""Demo and bulk data: `portal seed --demo` (the Fahrtwind community) and `portal seed --scale N`."""
from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
import re
import time
from datetime import timedelta

from tortoise.transactions import in_transaction

from portal import demo_content, search
from portal.accounts import passwords, service as accounts
from portal.accounts.models import Member
from portal.accounts.tokens import now
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


# Features add what their part of the demo community writes (ideas, threads, …), run in this
# order after the members exist. Each step must do nothing when its content is already there.
DemoStep = Callable[[], Awaitable[None]]
_demo_steps: list[DemoStep] = []


def register_demo(step: DemoStep) -> None:
    if step not in _demo_steps:
        _demo_steps.append(step)


async def seed_demo() -> bool:
    """Create the demo community once; False when its members were already there. Every
    feature's demo step runs either way (each skips itself when its content exists)."""
    created = False
    if not await Member.filter(email=DEMO_MARKER).exists():
        for entry in [*demo_content.DEMO_ACCOUNTS, *demo_content.MEMBERS]:
            await _demo_member(entry)
        created = True
    for step in _demo_steps:
        await step()
    return created


def demo_logins() -> list[tuple[str, str, str]]:
    """(role, email, password) of the demo accounts, for `make run` to print."""
    return [(e["role"] if e["email"] != "advocate@example.org" else "advocate", e["email"], e["password"])
            for e in demo_content.DEMO_ACCOUNTS]


def _vocabulary() -> list[str]:
    """The words of the demo community's bios, most frequent first (a real, bilingual vocabulary)."""
    counts: dict[str, int] = {}
    for entry in [*demo_content.DEMO_ACCOUNTS, *demo_content.MEMBERS]:
        for word in re.findall(r"[^\W\d_]+", entry["bio"].lower()):
            counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda w: (-counts[w], w))


def _zipf_bio(rng: random.Random, words: list[str], weights: list[float], length: int = 30) -> str:
    # Word frequencies in real text follow Zipf's law: a few words everywhere, most words rare.
    return " ".join(rng.choices(words, weights=weights, k=length))


async def seed_scale(count: int, *, batch: int = 1000, ideas: int | None = None, votes: int | None = None,
                     verbose: bool = True) -> int:
    """Bulk-create `count` verified members with profiles for benchmarks, then ideas and votes on
    the idea board, then rebuild the search index; returns members created.

    Ideas default to 5 per member and votes to 100 per member (capped by the possible
    (idea, member) pairs), so `--scale 10000` makes 50,000 ideas and 1,000,000 votes, written by
    and cast by the members created here (see `_seed_ideas`). Bulk data writes no events at all
    (nobody is notified, no follows are created, the idea board's counters are set from the votes
    by one aggregate UPDATE), and the search index is rebuilt once at the end. Prints timings."""
    rng = random.Random(count)
    words = _vocabulary()
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
            ids = await Member.filter(handle__in=[m.handle for m in rows]).values_list("id", flat=True)
            await Profile.bulk_create([
                Profile(member_id=member_id, bio=_zipf_bio(rng, words, weights),
                        country=rng.choice(("DE", "AT", "CH", "GB", "US")),
                        interests=rng.sample(demo_content.INTEREST_TAGS, 3))
                for member_id in ids])
        member_ids.extend(ids)
        created += size
    _say(verbose, f"members and profiles: {created:,} in {time.perf_counter() - clock:.1f} s")
    ideas = 5 * len(member_ids) if ideas is None else ideas
    votes = 100 * len(member_ids) if votes is None else votes
    if member_ids and ideas > 0:
        await _seed_ideas(rng, sorted(member_ids), ideas, min(votes, ideas * len(member_ids)), words,
                          weights, verbose=verbose)
    clock = time.perf_counter()
    documents = await search.reindex()
    _say(verbose, f"search index: {documents:,} documents in {time.perf_counter() - clock:.1f} s")
    return created


def _say(verbose: bool, message: str) -> None:
    if verbose:
        print(f"seed --scale: {message}", flush=True)


_STATUS_SPREAD = (("new", 60), ("under_review", 12), ("planned", 10), ("in_progress", 6),
                  ("shipped", 7), ("declined", 5))  # never merged: a merged idea needs its target


def _vote_shares(rng: random.Random, ideas: int, votes: int, cap: int) -> list[int]:
    """How many votes each idea gets: Zipf-like (a few ideas very popular, most with a handful),
    in random order of the ideas, each at most `cap` (the number of voters), summing to `votes`."""
    ranks = list(range(1, ideas + 1))
    rng.shuffle(ranks)
    weight = [1 / r ** 0.9 for r in ranks]
    shares = [0] * ideas
    left = votes
    while left > 0:
        open_ = [i for i in range(ideas) if shares[i] < cap]
        if not open_:
            break
        total = sum(weight[i] for i in open_)
        handed = 0
        for i in open_:
            add = min(cap - shares[i], int(left * weight[i] / total))
            shares[i] += add
            handed += add
        if handed == 0:  # the rounding remainder: one more each to the most popular open ideas
            for i in sorted(open_, key=lambda i: -weight[i])[:left]:
                shares[i] += 1
                handed += 1
        left -= handed
    return shares


async def _execute_many(columns: str, table: str, rows: list[tuple]) -> None:
    """One multi-row INSERT batch in its own transaction (raw: Tortoise model instances for a
    million rows cost more than the database does)."""
    async with in_transaction() as conn:
        names = [c.strip() for c in columns.split(",")]
        if conn.capabilities.dialect == "sqlite":
            marks = ", ".join("?" for _ in names)
        else:
            marks = ", ".join(f"${i}" for i in range(1, len(names) + 1))
        await conn.execute_many(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


async def _seed_ideas(rng: random.Random, member_ids: list[int], ideas: int, votes: int, words: list[str],
                      weights: list[float], *, verbose: bool, batch: int = 5000) -> None:
    """`ideas` ideas by random members among `member_ids` (1–2 tags each, created over the last
    year, statuses spread as _STATUS_SPREAD) and `votes` votes by them, unique per (idea, member),
    each cast between its idea's creation and now, with the weight the ranking gives that moment.
    No events, no follows; vote_count and trend are set by one UPDATE from the votes."""
    from ideas import demo_content as idea_content, ranking
    from ideas.models import Idea, Tag

    clock = time.perf_counter()
    for tag in idea_content.TAGS:
        await Tag.get_or_create(slug=tag["slug"], defaults={"name_en": tag["name_en"], "name_de": tag["name_de"]})
    tag_ids = list(await Tag.filter(slug__in=[t["slug"] for t in idea_content.TAGS]).values_list("id", flat=True))
    statuses, status_weights = zip(*_STATUS_SPREAD)
    moment = now()
    year = timedelta(days=365).total_seconds()
    last = await Idea.all().order_by("-id").limit(1).values_list("id", flat=True)
    last_id = last[0] if last else 0
    made = 0
    while made < ideas:
        size = min(batch, ideas - made)
        rows = []
        for _ in range(size):
            created = moment - timedelta(seconds=rng.random() * year)
            title = _zipf_bio(rng, words, weights, rng.randint(4, 8)).capitalize()
            rows.append((title[:200], _zipf_bio(rng, words, weights, 40), rng.choice(member_ids),
                         rng.choices(statuses, status_weights)[0], 0, 0, 0, 0.0, "", created, created))
        await _execute_many("title, body, author_id, status, vote_count, comment_count, follower_count, "
                            "trend, hidden_reason, created_at, updated_at", "idea", rows)
        made += size
    new = await Idea.filter(id__gt=last_id).order_by("id").values_list("id", "created_at")
    _say(verbose, f"ideas: {len(new):,} in {time.perf_counter() - clock:.1f} s")

    clock = time.perf_counter()
    links = [(idea_id, tag) for idea_id, _ in new for tag in rng.sample(tag_ids, rng.choice((1, 1, 2)))]
    for i in range(0, len(links), batch * 4):
        await _execute_many("idea_id, tag_id", "idea_tags", links[i:i + batch * 4])
    _say(verbose, f"idea tags: {len(links):,} in {time.perf_counter() - clock:.1f} s")

    clock = time.perf_counter()
    shares = _vote_shares(rng, len(new), votes, len(member_ids))
    rows = []
    cast = 0
    for (idea_id, created), share in zip(new, shares):
        span = (moment - created).total_seconds()
        for member_id in rng.sample(member_ids, share):
            voted_at = created + timedelta(seconds=rng.random() * span)
            rows.append((idea_id, member_id, ranking.vote_weight(voted_at), voted_at))
        if len(rows) >= batch * 4:
            await _execute_many("idea_id, member_id, weight, created_at", "idea_vote", rows)
            cast, rows = cast + len(rows), []
    if rows:
        await _execute_many("idea_id, member_id, weight, created_at", "idea_vote", rows)
        cast += len(rows)
    _say(verbose, f"votes: {cast:,} in {time.perf_counter() - clock:.1f} s"
         f" (most on one idea: {max(shares, default=0):,})")

    clock = time.perf_counter()
    async with in_transaction() as conn:
        await conn.execute_query(
            "UPDATE idea SET vote_count = (SELECT count(*) FROM idea_vote v WHERE v.idea_id = idea.id), "
            "trend = (SELECT coalesce(sum(v.weight), 0) FROM idea_vote v WHERE v.idea_id = idea.id) "
            f"WHERE id > {int(last_id)}")
    _say(verbose, f"vote counts and trends: {time.perf_counter() - clock:.1f} s")
