"""Search: one interface, two backends. Features register their document types (`DocType`); the
`search` consumer keeps the index in step with the database; `portal reindex` rebuilds it; readers
search with plain words and see only what they may (visibility bands and audiences).

The backend is chosen by the settings (`search_backend`, from PORTAL_SEARCH): Whoosh under the data
dir (the embedded default) or PostgreSQL full-text search in the site's database (the default
there). Both answer the same questions the same way; see documents.py for what they share.

Searches never stall the rest of the site: each process runs at most the backend's
`max_concurrent` searches at once (the others wait their turn), and no search counts every match of
a common word (`Results.exact` says whether the total is exact)."""
from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterable

from portal import events, settings
from portal.search import cache as related_cache
from portal.search.documents import (BANDS, STOP_WORDS, Backend, Doc, DocType, Hit, HitGroup, Results, bands_for,
                                     count_cap, grouped, query_words)

__all__ = ["BANDS", "STOP_WORDS", "Backend", "Doc", "DocType", "Hit", "HitGroup", "Results", "bands_for", "backend",
           "close", "grouped", "index_document", "install", "query_words", "reindex", "reindex_if_outdated", "related",
           "reset_for_tests", "search", "similar", "type_filters", "type_labels"]

ERASED = "member.erased"
# Matches are counted up to this many (and always past the next page); more shows "more than N".
COUNT_CAP = 1000
REINDEX_BATCH = 1000  # documents loaded (and written) at once by `portal reindex`

_doc_types: dict[str, DocType] = {}
_backends: dict[str, Backend] = {}
_gates: dict[str, tuple[asyncio.AbstractEventLoop, asyncio.Semaphore]] = {}


def backend() -> Backend:
    """The backend the settings name (one instance per process)."""
    name = settings.current().search_backend
    found = _backends.get(name)
    if found is None:
        if name == "postgres":
            from portal.search.postgres_backend import PostgresBackend

            found = PostgresBackend()
        else:
            from portal.search.whoosh_backend import WhooshBackend

            found = WhooshBackend()
        _backends[name] = found
    return found


def _gate(chosen: Backend) -> asyncio.Semaphore:
    """The semaphore bounding this process's concurrent searches (one per event loop: tests run
    each on a loop of its own)."""
    loop = asyncio.get_running_loop()
    held = _gates.get(chosen.name)
    if held is None or held[0] is not loop:
        held = _gates[chosen.name] = (loop, asyncio.Semaphore(chosen.max_concurrent))
    return held[1]


def install(doc_types: Iterable[DocType]) -> events.Subscription:
    """Replace the document types with the installed features'; returns the `search` consumer's
    subscription to their events (and to erasure, which purges the index files).

    Idempotent by document key: each event re-reads its subject and upserts (or deletes) the
    document `type:id`, so handling an event twice leaves the index as it was."""
    _doc_types.clear()
    _doc_types.update((doc_type.name, doc_type) for doc_type in doc_types)
    kinds = frozenset({ERASED}).union(*(doc_type.kinds for doc_type in _doc_types.values()))
    return events.Subscription("search", kinds, _on_event)


def type_labels() -> dict[str, str]:
    """What each installed document type's results are called (message ids, to translate)."""
    return {name: doc_type.label or name for name, doc_type in _doc_types.items()}


def type_filters() -> dict[str, str]:
    """The search page's filters: each installed document type with its plural (a message id)."""
    return {name: doc_type.plural or doc_type.label or name for name, doc_type in _doc_types.items()}


async def index_document(type_name: str, doc_id: int) -> None:
    """Bring one document in the index up to date with the database (idempotent), and forget the
    cached related documents that named it. Called by the `search` consumer."""
    doc = await _doc_types[type_name].load(doc_id)
    key = f"{type_name}:{doc_id}"
    if doc is None:
        await backend().write([], [key])
    else:
        await backend().write([doc], [])
    await related_cache.forget([key])


async def _on_event(event: events.Event) -> None:
    for doc_type in _doc_types.values():
        if event.kind in doc_type.kinds and event.subject_id is not None:
            await index_document(doc_type.name, event.subject_id)
    if event.kind == ERASED:
        # The erased person's documents are gone from the results, not yet from the files.
        await backend().purge()


async def _load(doc_type: DocType, ids: list[int]) -> list[Doc]:
    if doc_type.load_many is not None:
        found = await doc_type.load_many(ids)
        docs = [found.get(doc_id) for doc_id in ids]
    else:
        docs = [await doc_type.load(doc_id) for doc_id in ids]
    return [doc for doc in docs if doc is not None]


async def _batches() -> AsyncIterator[list[Doc]]:
    """Every document of every type, REINDEX_BATCH ids at a time (one query per batch where the
    type has a batch loader)."""
    for doc_type in _doc_types.values():
        ids: list[int] = []
        async for doc_id in doc_type.all_ids():
            ids.append(doc_id)
            if len(ids) >= REINDEX_BATCH:
                yield await _load(doc_type, ids)
                ids = []
        if ids:
            yield await _load(doc_type, ids)


async def reindex() -> int:
    """Rebuild the whole index from the database; returns the number of documents. Readers keep
    seeing the previous index until the new one is written. Called by `portal reindex` and
    `portal seed`; emits nothing."""
    count = await backend().rebuild(_batches())
    await related_cache.forget_all()
    return count


async def reindex_if_outdated() -> int | None:
    """Rebuild the index when an earlier version wrote it in another layout; returns the number of
    documents, or None when it was current. Called by `portal migrate`; emits nothing."""
    if not await backend().outdated():
        return None
    return await reindex()


async def search(reader, q: str, *, page: int = 1, per_page: int = 20,
                 types: tuple[str, ...] | None = None) -> Results:
    """Search everything the reader may see: documents with every word of `q`, best first.
    Anyone may call it; it emits nothing."""
    q = (q or "").strip()[:200]
    if not q:
        return Results([], 0, 1, per_page)
    page = max(1, page)
    chosen = backend()
    async with _gate(chosen):
        return await chosen.search(q, bands_for(reader), types, page, per_page,
                                   count_cap(page, per_page, COUNT_CAP))


def _title_words(text: str) -> str:
    return " ".join(re.findall(r"\w{3,}", text or "")[:12])


async def similar(reader, text: str, *, types: tuple[str, ...], limit: int = 5) -> list[Hit]:
    """Documents whose titles share words with `text` (say, ideas like the one being typed), best
    first. Anyone may call it; it emits nothing."""
    words = _title_words(text)
    if not words:
        return []
    chosen = backend()
    async with _gate(chosen):
        return await chosen.similar(words, bands_for(reader), types, limit)


async def related(reader, type_name: str, doc_id: int, title: str, *, types: tuple[str, ...],
                  limit: int = 5) -> list[Hit]:
    """The documents most like this one (by its title), itself left out: cached per document and
    kind of reader until it or one of its neighbours changes (portal/search/cache.py). Anyone may
    call it; it emits nothing (a first look writes the cache entry)."""
    key = f"{type_name}:{doc_id}"
    scope = related_cache.scope_of(bands_for(reader), types)
    hits = await related_cache.cached(key, scope)
    if hits is None:
        hits = [hit for hit in await similar(reader, title, types=types, limit=limit + 1) if hit.key != key][:limit]
        await related_cache.store(key, scope, hits)
    return hits[:limit]


def close() -> None:
    """End what the backends run beside this process (Whoosh's search child). Called by the app
    as it shuts down; emits nothing."""
    for chosen in _backends.values():
        chosen.close()


def reset_for_tests() -> None:
    for chosen in _backends.values():
        chosen.reset()
    _gates.clear()
