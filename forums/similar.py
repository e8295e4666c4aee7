"""Similar threads and matching ideas while the title of a new thread is typed, so people find the
answer before they ask. The search index finds them (only in the bands the reader may search);
the threads are then loaded in one query through the forums' own visibility rule, so a thread the
index has not caught up with (moved to the team room, hidden) is never shown. Ideas come from the
idea board through its bridge (portal/bridges.py): the forums never import it."""
from __future__ import annotations

from dataclasses import dataclass, field

from forums.models import Thread
from forums.rules import threads_for
from portal import bridges, search
from portal.accounts.models import Member

MIN_CHARS = 4  # shorter titles say too little to compare
THREADS = 5
IDEAS = 3
# Hits asked of the index beyond what is shown: some may be gone or out of the reader's sight.
SPARE = 3


@dataclass
class Similar:
    """What a title brings up: threads (solved ones first) and ideas ({"title", "url", "status"})."""

    threads: list[Thread] = field(default_factory=list)
    ideas: list[dict] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.threads or self.ideas)


def _ids(hits: list[search.Hit], prefix: str) -> list[int]:
    ids = []
    for hit in hits:
        kind, _, number = hit.key.partition(":")
        if kind == prefix and number.isdigit():
            ids.append(int(number))
    return ids


async def similar_threads(reader: Member | None, title: str, limit: int = THREADS) -> list[Thread]:
    """Up to `limit` threads the reader may read whose titles are like `title`: the best matches,
    solved ones first, each with its category (for the solved mark and the answer count, see the
    Thread). One search and one query, whatever the number of hits. Anyone may call it; emits
    nothing."""
    hits = await search.similar(reader, title, types=("thread",), limit=limit + SPARE)
    ids = _ids(hits, "thread")
    if not ids:
        return []
    found = {thread.pk: thread for thread in await threads_for(reader).filter(id__in=ids).select_related("category")}
    best = [found[thread_id] for thread_id in ids if thread_id in found][:limit]
    return sorted(best, key=lambda thread: not thread.solved)  # stable: solved first, each by relevance


async def matching_ideas(reader: Member | None, title: str, limit: int = IDEAS) -> list[dict]:
    """Up to `limit` ideas whose titles are like `title`, as the idea board describes them
    ({"title", "url", "status"}: the status a message id); none where the idea board is not
    installed. Anyone may call it; emits nothing."""
    bridge = bridges.offered("idea")
    if bridge is None:
        return []
    hits = await search.similar(reader, title, types=("idea",), limit=limit)
    ideas = []
    for idea_id in _ids(hits, "idea"):
        described = await bridge.describe(idea_id)  # at most `limit` small lookups
        if described is not None and described not in ideas:
            ideas.append(described)
    return ideas


async def similar_to(reader: Member | None, title: str) -> Similar:
    """Threads and ideas like the title being typed, as the reader may see them; nothing for a
    title under MIN_CHARS characters. Anyone may call it (the page /forums/similar, the bench);
    emits nothing."""
    title = " ".join((title or "").split())[:200]
    if len(title) < MIN_CHARS:
        return Similar()
    return Similar(await similar_threads(reader, title), await matching_ideas(reader, title))
