"""The cache of related documents ("ideas like this one"), shared by every web process through
the database, so it holds on PostgreSQL with many machines as on SQLite with one.

A document's neighbours are cached per kind of reader (their bands and the types asked for) until
the document or one of its neighbours is indexed again: the `search` consumer calls `forget` with
the keys it writes, and a rebuild forgets everything. A document that was not a neighbour when
the list was made (a new idea) joins the list when the entry is older than MAX_AGE."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from tortoise.transactions import in_transaction

from portal.clock import now
from portal.search.documents import Hit
from portal.search.models import RelatedHit

MAX_AGE = timedelta(minutes=15)


def scope_of(bands: tuple[str, ...], types: tuple[str, ...]) -> str:
    return ",".join(bands) + "|" + ",".join(types)


async def cached(doc_key: str, scope: str) -> list[Hit] | None:
    """The cached neighbours, best first; None when there is no fresh entry."""
    rows = await RelatedHit.filter(doc_key=doc_key, scope=scope, created_at__gte=now() - MAX_AGE).order_by("rank")
    if not rows:
        return None
    return [Hit(row.type, row.title, row.url, row.summary, row.neighbour) for row in rows if row.rank >= 0]


async def store(doc_key: str, scope: str, hits: list[Hit]) -> None:
    """Replace the entry of this document and scope (an empty list is cached as one marker row)."""
    rows = [RelatedHit(doc_key=doc_key, scope=scope, rank=rank, neighbour=hit.key, type=hit.type,
                       title=hit.title, url=hit.url, summary=hit.summary)
            for rank, hit in enumerate(hits)] or [RelatedHit(doc_key=doc_key, scope=scope, rank=-1)]
    async with in_transaction():
        await RelatedHit.filter(doc_key=doc_key, scope=scope).delete()
        await RelatedHit.bulk_create(rows)


async def forget(keys: Iterable[str]) -> None:
    """Drop the entries of these documents and of every document that lists one as a neighbour
    (called by the `search` consumer after it indexed them)."""
    keys = list(keys)
    owners = await RelatedHit.filter(neighbour__in=keys).values_list("doc_key", flat=True)
    await RelatedHit.filter(doc_key__in=list({*keys, *owners})).delete()


async def forget_all() -> None:
    await RelatedHit.all().delete()
