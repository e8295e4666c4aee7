"""Bulk forum data for bench/forums.py: categories, threads with their posts, tags, likes, accepted
answers, and every kept count set as the services would have left it (forums/threads.py
start_thread, forums/posts.py counted and set_like, forums/trust.py liked). Raw multi-row INSERTs
(portal.seed.execute_many), explicit ids, no events, no notifications, no follows.

Runs inside the project's Python with Tortoise initialised (bench/forums.py does that)."""
from __future__ import annotations

import itertools
import random
import time
from datetime import datetime, timedelta

from portal.seed import execute_many

# slug, name, who reads, who posts, share of the threads
CATEGORIES = (
    ("bench-help", "Help and questions", "everyone", "members", 0.45),
    ("bench-howto", "How do I …", "everyone", "members", 0.25),
    ("bench-rides", "Rides and routes", "everyone", "members", 0.20),
    ("bench-lounge", "Members' lounge", "members", "members", 0.10),
)
SOLVABLE = {"bench-help", "bench-howto"}  # where questions get accepted answers
TAGS = ("battery", "motor", "display", "app", "brakes", "tyres", "charger", "firmware", "gps", "navigation",
        "akku", "reifen", "bremse", "schaltung", "licht", "rahmen", "winter", "regen", "pendeln", "touren",
        "update", "bluetooth", "range", "reichweite", "garantie", "service", "sattel", "kette", "alarm", "lock")
STAFF_EMAILS = ("service@example.org", "product@example.org", "moderator@example.org")
OPENERS = ("How do I", "Why does", "Can I", "Wie kann ich", "Warum", "Problem with", "Question about",
           "Frage zu", "Tips for", "Erfahrungen mit")

THREAD_COLUMNS = ("id, category_id, title, author_id, accepted_post_id, post_count, reply_count, like_count, "
                  "staff_replied, first_reply_at, pinned, held, hidden_reason, became, created_at, last_posted_at")
POST_COLUMNS = ("id, thread_id, author_id, body, body_html, excerpt, official, held, like_count, hidden_reason, "
                "created_at")


def say(message: str) -> None:
    print(f"[forums seed {time.strftime('%H:%M:%S')}] {message}", flush=True)


def _reply_counts(rng: random.Random, threads: int, replies: int, cap: int = 600) -> list[int]:
    """Answers per thread: heavy-tailed (most threads get a few, some hundreds), summing to
    `replies`; a tenth of the threads get none (unanswered)."""
    weights = [0.0 if rng.random() < 0.1 else min(rng.paretovariate(1.3), 200.0) for _ in range(threads)]
    total = sum(weights)
    shares = [min(cap, int(replies * w / total)) for w in weights]
    answered = [i for i, w in enumerate(weights) if w > 0]
    left = replies - sum(shares)
    while left > 0:
        i = rng.choice(answered)
        if shares[i] < cap:
            shares[i] += 1
            left -= 1
    return shares


def _title(rng: random.Random, words: list[str], weights: list[float]) -> str:
    text = " ".join(rng.choices(words, weights, k=rng.randint(3, 7)))
    if rng.random() < 0.5:
        text = f"{rng.choice(OPENERS)} {text}?"
    return text[:1].upper() + text[1:]


class Bodies:
    """Post texts as people write them (15–90 words: one to three paragraphs, now and then a list
    or a bold word), with the HTML and excerpt the services store beside them (portal/markdown.py
    with_html and excerpt). Rendering 200,000 texts one by one takes minutes: the blocks are drawn
    from a pool rendered once, and a text's HTML is its blocks' HTML in order (CommonMark renders
    blocks separated by a blank line one after the other), its excerpt cut from their plain texts.
    `check()` compares a sample with the services' own rendering."""

    def __init__(self, rng: random.Random, words: list[str], weights: list[float], paragraphs: int = 10000,
                 lists: int = 1000) -> None:
        from portal.markdown import plain_text, render_markdown

        self.rng = rng
        sources = []
        for n in range(paragraphs):
            text = " ".join(rng.choices(words, weights, k=rng.randint(8, 35))).capitalize() + "."
            if n % 7 == 0:
                text = f"**{rng.choice(words)}** " + text
            sources.append(text)
        self.paragraphs = [(text, str(render_markdown(text)), plain_text(text)) for text in sources]
        sources = ["\n".join(f"- {' '.join(rng.choices(words, weights, k=rng.randint(2, 5)))}"
                             for _ in range(rng.randint(2, 4))) for _ in range(lists)]
        self.lists = [(text, str(render_markdown(text)), plain_text(text)) for text in sources]

    def draw(self) -> tuple[str, str, str]:
        """(body, body_html, excerpt) of a new text."""
        from portal.markdown import EXCERPT_CHARS, _cut

        blocks = self.rng.choices(self.paragraphs, k=self.rng.choice((1, 1, 2, 3)))
        if self.rng.random() < 0.2:
            blocks.append(self.rng.choice(self.lists))
        plain, cut = _cut(" ".join(block[2] for block in blocks), EXCERPT_CHARS)
        return ("\n\n".join(block[0] for block in blocks), "".join(block[1] for block in blocks),
                plain + ("…" if cut else ""))

    def check(self, samples: int = 300) -> int:
        """How many of `samples` drawn texts the services would store differently (0 expected)."""
        from portal.markdown import excerpt, with_html

        wrong = 0
        for _ in range(samples):
            body, html, cut = self.draw()
            wrong += (with_html(body=body)["body_html"], excerpt(body)) != (html, cut)
        return wrong


async def _next_id(table: str) -> int:
    from tortoise.connection import get_connections

    _, rows = await get_connections().get("default").execute_query(f"SELECT MAX(id) FROM {table}")
    value = rows[0][0] if rows else None
    return int(value or 0) + 1


async def _fix_sequences(tables: tuple[str, ...]) -> None:
    """PostgreSQL: rows with explicit ids leave the serial sequence behind; move it past them."""
    from tortoise.connection import get_connections

    connection = get_connections().get("default")
    if connection.capabilities.dialect == "sqlite":
        return
    for table in tables:
        await connection.execute_script(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")


async def seed_forums(*, threads: int, posts: int, seed: int = 7, batch: int = 5000) -> dict:
    """`threads` threads with `posts` posts in all (the opening posts included) by the bench
    members, in CATEGORIES; returns what was made and how long each part took."""
    from forums.models import Category, Standing
    from portal.accounts.models import Member
    from portal.clock import now
    from portal.seed import vocabulary

    rng = random.Random(seed)
    words = vocabulary()
    weights = [1 / rank ** 1.1 for rank in range(1, len(words) + 1)]
    timings: dict[str, float] = {}
    members: list[int] = list(await Member.filter(handle__startswith="bench_", status="active")
                              .values_list("id", flat=True))  # type: ignore[arg-type]
    if len(members) < 10:
        raise SystemExit("seed the bench members first (portal seed --scale N)")
    staff: list[int] = list(await Member.filter(email__in=STAFF_EMAILS).values_list("id", flat=True))  # type: ignore[arg-type]
    # A few members write much of what is written (a forum's regulars): draw authors Zipf-like.
    # (cumulative weights: random.choices would add up 2,000 weights again for each of 200,000 posts)
    author_weights = list(itertools.accumulate(1 / (rank + 1) ** 0.7 for rank in range(len(members))))

    clock = time.perf_counter()
    bodies = Bodies(rng, words, weights)
    mismatches = bodies.check()
    timings["texts_s"] = round(time.perf_counter() - clock, 1)
    say(f"text blocks rendered in {timings['texts_s']} s; drawn texts stored unlike the services: "
        f"{mismatches} of 300")
    if mismatches:
        raise SystemExit("the drawn texts' HTML or excerpts differ from portal.markdown's: fix Bodies")
    clock = time.perf_counter()
    categories = []
    for position, (slug, name, read, post, share) in enumerate(CATEGORIES, start=100):
        category, _ = await Category.get_or_create(slug=slug, defaults={
            "name": name, "description": f"Bench data: {name.lower()}.", "read": read, "post": post,
            "position": position})
        categories.append((category, share))
    moment = now()
    year = timedelta(days=365).total_seconds()
    thread_id, post_id = await _next_id("forum_thread"), await _next_id("forum_post")
    first_thread = thread_id
    replies_of = _reply_counts(rng, threads, posts - threads)
    per_category = {c.pk: 0 for c, _ in categories}
    last_in_category: dict[int, datetime] = {}
    received: dict[int, int] = {}
    thread_rows, post_rows, tag_rows, like_rows = [], [], [], []
    counts = {"threads": 0, "posts": 0, "tags": 0, "likes": 0, "accepted": 0}

    async def flush(final: bool = False) -> None:
        nonlocal thread_rows, post_rows, tag_rows, like_rows
        if len(post_rows) >= batch or final:
            if thread_rows:
                await execute_many(THREAD_COLUMNS, "forum_thread", thread_rows)
            if post_rows:
                await execute_many(POST_COLUMNS, "forum_post", post_rows)
            if tag_rows:
                await execute_many("thread_id, tag", "forum_thread_tag", tag_rows)
            if like_rows:
                await execute_many("post_id, member_id, created_at", "forum_post_like", like_rows)
            thread_rows, post_rows, tag_rows, like_rows = [], [], [], []

    category_choice = [c for c, _ in categories]
    category_weights = [share for _, share in categories]
    for n in range(threads):
        category = rng.choices(category_choice, category_weights)[0]
        per_category[category.pk] += 1
        author = rng.choices(members, cum_weights=author_weights)[0]
        created = moment - timedelta(seconds=rng.random() * year)
        # Answers come within days (a long thread over weeks), never after now.
        span = min((moment - created).total_seconds(), rng.choice((2, 7, 30)) * 86400.0)
        times = sorted(created + timedelta(seconds=rng.random() * span) for _ in range(replies_of[n]))
        thread_posts = [(post_id, author, created, False)]
        for offset, at in enumerate(times, start=1):
            roll = rng.random()
            if roll < 0.05 and staff:
                writer, official = rng.choice(staff), True
            elif roll < 0.20:
                writer, official = author, False  # the asker comes back
            else:
                writer, official = rng.choices(members, cum_weights=author_weights)[0], False
            thread_posts.append((post_id + offset, writer, at, official))
        post_id += len(thread_posts)
        thread_likes = 0
        by_others = [p for p in thread_posts[1:] if p[1] != author]
        for pid, writer, at, official in thread_posts:
            body, body_html, cut = bodies.draw()
            likes = 0 if rng.random() < 0.55 else min(len(members) - 1, 1 + int(rng.expovariate(0.4)))
            likers = set()
            while len(likers) < likes:
                liker = rng.choice(members)
                if liker != writer:
                    likers.add(liker)
            like_rows.extend((pid, liker, at + timedelta(seconds=rng.random() * 3600)) for liker in likers)
            received[writer] = received.get(writer, 0) + likes
            thread_likes += likes
            post_rows.append((pid, thread_id, writer, body, body_html, cut, official,
                              False, likes, "", at))
        accepted = None
        if category.slug in SOLVABLE and by_others and rng.random() < 0.45:
            accepted = rng.choice(by_others)[0]
            counts["accepted"] += 1
        last = thread_posts[-1][2]
        thread_rows.append((
            thread_id, category.pk, _title(rng, words, weights)[:200], author, accepted, len(thread_posts),
            len(by_others), thread_likes, any(p[3] for p in by_others), by_others[0][2] if by_others else None,
            False, False, "", "", created, last))
        for tag in rng.sample(TAGS, rng.choice((0, 1, 1, 2, 2, 3))):
            tag_rows.append((thread_id, tag))
            counts["tags"] += 1
        last_in_category[category.pk] = max(last, last_in_category.get(category.pk, last))
        counts["threads"] += 1
        counts["posts"] += len(thread_posts)
        counts["likes"] += thread_likes
        thread_id += 1
        await flush()
    await flush(final=True)
    timings["rows_s"] = round(time.perf_counter() - clock, 1)
    say(f"{counts['threads']:,} threads, {counts['posts']:,} posts, {counts['likes']:,} likes, "
        f"{counts['accepted']:,} accepted answers in {timings['rows_s']} s")

    clock = time.perf_counter()
    await _fix_sequences(("forum_thread", "forum_post"))
    from forums.models import Thread

    # The counts start_thread and counted() keep, and a few pinned threads per category.
    for category, _ in categories:
        await Category.filter(id=category.pk).update(
            thread_count=category.thread_count + per_category[category.pk],
            last_posted_at=last_in_category.get(category.pk, category.last_posted_at))
        pinned = await Thread.filter(category_id=category.pk, id__gte=first_thread).order_by("id").limit(2) \
            .values_list("id", flat=True)
        await Thread.filter(id__in=list(pinned)).update(pinned=True)
    # trust.liked: the likes each author received, on their standing.
    existing = set(await Standing.filter(member_id__in=list(received)).values_list("member_id", flat=True))
    await execute_many("member_id, verified_customer, days_visited, posts_read, likes_received, silence_reason",
                       "forum_standing", [(m, False, 0, 0, n, "") for m, n in received.items() if m not in existing])
    for member_id in existing:
        standing = await Standing.get(member_id=member_id)
        await Standing.filter(member_id=member_id).update(likes_received=standing.likes_received + received[member_id])
    timings["counts_s"] = round(time.perf_counter() - clock, 1)
    return {"counts": counts, "timings": timings, "first_thread": first_thread, "last_thread": thread_id - 1}


async def index_threads(first: int, last: int, batch: int = 1000, commit: int = 10000) -> float:
    """The bench threads into the search index through the backend's bulk write (the forums'
    batch loader, forums/listeners.py: two queries per thousand threads); returns seconds."""
    from forums.listeners import _thread_docs
    from portal import search

    clock = time.perf_counter()
    pending = []
    for start in range(first, last + 1, batch):
        ids = list(range(start, min(last, start + batch - 1) + 1))
        docs = await _thread_docs(ids)
        pending.extend(doc for doc in docs.values() if doc is not None)
        if len(pending) >= commit:
            await search.backend().write(pending, [])
            pending = []
    if pending:
        await search.backend().write(pending, [])
    return round(time.perf_counter() - clock, 1)
