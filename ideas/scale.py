"""Bulk data of the idea board for benchmarks (`portal seed --scale N`): 5 ideas and 100 votes
per bench member, so `--scale 10000` makes 50,000 ideas and 1,000,000 votes. Registered with
portal.seed by the app; writes no events and no follows."""
from __future__ import annotations

import random
import time
from datetime import timedelta

from tortoise.transactions import in_transaction

from ideas import demo_content as idea_content
from ideas import counts, ranking
from ideas.models import Idea, Tag
from portal.clock import now
from portal.markdown import excerpt, with_html
from portal.seed import execute_many, say, zipf_text

IDEAS_PER_MEMBER = 5
VOTES_PER_MEMBER = 100

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


async def seed_scale(rng: random.Random, member_ids: list[int], words: list[str], weights: list[float], *,
                     verbose: bool) -> None:
    """The idea board's share of `portal seed --scale`: ideas and votes by the bench members."""
    ideas = IDEAS_PER_MEMBER * len(member_ids)
    votes = min(VOTES_PER_MEMBER * len(member_ids), ideas * len(member_ids))
    await _seed_ideas(rng, member_ids, ideas, votes, words, weights, verbose=verbose)


async def _seed_ideas(rng: random.Random, member_ids: list[int], ideas: int, votes: int, words: list[str],
                      weights: list[float], *, verbose: bool, batch: int = 5000) -> None:
    """`ideas` ideas by random members among `member_ids` (1–2 tags each, created over the last
    year, statuses spread as _STATUS_SPREAD) and `votes` votes by them, unique per (idea, member),
    each cast between its idea's creation and now, with the weight the ranking gives that moment.
    No events, no follows; vote_count and trend are set by one UPDATE from the votes, the board's
    totals (ideas/counts.py) recounted."""
    clock = time.perf_counter()
    for tag in idea_content.TAGS:
        await Tag.get_or_create(slug=tag["slug"], defaults={"name_en": tag["name_en"], "name_de": tag["name_de"]})
    tag_ids = list(await Tag.filter(slug__in=[t["slug"] for t in idea_content.TAGS]).values_list("id", flat=True))
    statuses, status_weights = zip(*_STATUS_SPREAD)
    moment = now()
    year = timedelta(days=365).total_seconds()
    last: list[int] = await Idea.all().order_by("-id").limit(1).values_list("id", flat=True)  # type: ignore[assignment]  # Tortoise types flat=True as tuples
    last_id = last[0] if last else 0
    made = 0
    while made < ideas:
        size = min(batch, ideas - made)
        rows: list[tuple] = []
        for _ in range(size):
            created = moment - timedelta(seconds=rng.random() * year)
            title = zipf_text(rng, words, weights, rng.randint(4, 8)).capitalize()
            body = with_html(body=zipf_text(rng, words, weights, 40))
            rows.append((title[:200], body["body"], body["body_html"], excerpt(body["body"]), rng.choice(member_ids),
                         rng.choices(statuses, status_weights)[0], 0, 0, 0, 0.0, "", created, created))
        await execute_many("title, body, body_html, excerpt, author_id, status, vote_count, comment_count, "
                            "follower_count, trend, hidden_reason, created_at, updated_at", "idea", rows)
        made += size
    new = await Idea.filter(id__gt=last_id).order_by("id").values_list("id", "created_at")
    say(verbose, f"ideas: {len(new):,} in {time.perf_counter() - clock:.1f} s")

    clock = time.perf_counter()
    links = [(idea_id, tag) for idea_id, _ in new for tag in rng.sample(tag_ids, rng.choice((1, 1, 2)))]
    for i in range(0, len(links), batch * 4):
        await execute_many("idea_id, tag_id", "idea_tags", links[i:i + batch * 4])
    say(verbose, f"idea tags: {len(links):,} in {time.perf_counter() - clock:.1f} s")

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
            await execute_many("idea_id, member_id, weight, created_at", "idea_vote", rows)
            cast, rows = cast + len(rows), []
    if rows:
        await execute_many("idea_id, member_id, weight, created_at", "idea_vote", rows)
        cast += len(rows)
    say(verbose, f"votes: {cast:,} in {time.perf_counter() - clock:.1f} s"
         f" (most on one idea: {max(shares, default=0):,})")

    clock = time.perf_counter()
    async with in_transaction() as conn:
        await conn.execute_query(
            "UPDATE idea SET vote_count = (SELECT count(*) FROM idea_vote v WHERE v.idea_id = idea.id), "
            "trend = (SELECT coalesce(sum(v.weight), 0) FROM idea_vote v WHERE v.idea_id = idea.id) "
            f"WHERE id > {int(last_id)}")
    say(verbose, f"vote counts and trends: {time.perf_counter() - clock:.1f} s")
    await counts.recount()  # the board's totals: these ideas came in without the services
