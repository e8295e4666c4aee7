"""The search index (Whoosh) and the document types each feature registers in it.

Every document carries its text in three visibility bands (public, members, staff), each analysed
twice: with English and with German stemming, so "Kundenbindung" finds "Kundenbindungen" and
"batteries" finds "battery". A reader's query only looks at the bands they may see, and only at
documents whose audience they belong to. The `search` consumer keeps the index in step with the
database; `portal reindex` rebuilds it. Whoosh blocks, so it runs in a worker thread.
"""
from __future__ import annotations

import shutil
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from whoosh import index as whoosh_index
from whoosh.analysis import LanguageAnalyzer, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.query import Or, Term

from portal import events, settings

BANDS = ("public", "members", "staff")
ANALYZERS = {"en": StemmingAnalyzer, "de": lambda: LanguageAnalyzer("de")}
WRITER_TIMEOUT = 30.0


@dataclass
class Doc:
    type: str
    id: int
    title: str
    url: str
    summary: str = ""
    audience: str = "public"
    texts: dict[str, str] = field(default_factory=dict)  # band -> text
    tags: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.type}:{self.id}"


@dataclass(frozen=True)
class DocType:
    """A kind of searchable thing. `load` returns the current document or None when it must not be
    found (deleted, hidden, erased); `all_ids` lists every id for a rebuild; `kinds` are the event
    kinds whose subject is one of these documents."""

    name: str
    kinds: frozenset[str]
    load: Callable[[int], Awaitable[Doc | None]]
    all_ids: Callable[[], AsyncIterator[int]]


_doc_types: dict[str, DocType] = {}
_indexes: dict[Path, whoosh_index.Index] = {}
_lock = threading.Lock()


def register(doc_type: DocType) -> None:
    """Register a document type; its events reach the `search` consumer."""
    _doc_types[doc_type.name] = doc_type
    events.register("search", doc_type.kinds, _on_event)


def _schema() -> Schema:
    spec = {"key": ID(unique=True, stored=True), "type": ID(stored=True), "audience": ID,
            "title": STORED, "url": STORED, "summary": STORED, "tags": KEYWORD(commas=True, lowercase=True)}
    for lang, make in ANALYZERS.items():
        spec[f"title_{lang}"] = TEXT(analyzer=make(), field_boost=2.0)
        for band in BANDS:
            spec[f"{band}_{lang}"] = TEXT(analyzer=make())
    return Schema(**spec)


def _index_dir() -> Path:
    return settings.current().data_dir / "search"


def _index() -> whoosh_index.Index:
    path = _index_dir()
    with _lock:
        ix = _indexes.get(path)
        if ix is None:
            path.mkdir(parents=True, exist_ok=True)
            if whoosh_index.exists_in(str(path)):
                ix = whoosh_index.open_dir(str(path))
            else:
                ix = whoosh_index.create_in(str(path), _schema())
            _indexes[path] = ix
        return ix


def _fields(doc: Doc) -> dict:
    values = {"key": doc.key, "type": doc.type, "audience": doc.audience, "title": doc.title,
              "url": doc.url, "summary": doc.summary, "tags": ",".join(doc.tags)}
    for lang in ANALYZERS:
        values[f"title_{lang}"] = doc.title
        for band in BANDS:
            values[f"{band}_{lang}"] = doc.texts.get(band, "")
    return values


def _write(updates: list[Doc], deletions: list[str]) -> None:
    writer = _index().writer(timeout=WRITER_TIMEOUT)
    try:
        for key in deletions:
            writer.delete_by_term("key", key)
        for doc in updates:
            writer.update_document(**_fields(doc))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


async def index_document(type_name: str, doc_id: int) -> None:
    """Bring one document in the index up to date with the database (idempotent)."""
    doc = await _doc_types[type_name].load(doc_id)
    if doc is None:
        await run_in_threadpool(_write, [], [f"{type_name}:{doc_id}"])
    else:
        await run_in_threadpool(_write, [doc], [])


async def _on_event(event: events.Event) -> None:
    for doc_type in _doc_types.values():
        if event.kind in doc_type.kinds and event.subject_id is not None:
            await index_document(doc_type.name, event.subject_id)


async def reindex() -> int:
    """Rebuild the whole index from the database; returns the number of documents."""
    path = _index_dir()
    with _lock:
        _indexes.pop(path, None)
    if path.exists():
        shutil.rmtree(path)
    count = 0
    for doc_type in _doc_types.values():
        batch: list[Doc] = []
        async for doc_id in doc_type.all_ids():
            doc = await doc_type.load(doc_id)
            if doc is not None:
                batch.append(doc)
            if len(batch) >= 500:
                await run_in_threadpool(_write, batch, [])
                count += len(batch)
                batch = []
        if batch:
            await run_in_threadpool(_write, batch, [])
            count += len(batch)
    return count


def bands_for(reader) -> tuple[str, ...]:
    """Which visibility bands a reader may search: anonymous, member or staff."""
    if reader is None:
        return BANDS[:1]
    if reader.is_staff:
        return BANDS
    return BANDS[:2]


@dataclass
class Hit:
    type: str
    title: str
    url: str
    summary: str


@dataclass
class Results:
    hits: list[Hit]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _search(q: str, bands: tuple[str, ...], types: tuple[str, ...] | None, page: int,
            per_page: int) -> Results:
    ix = _index()
    fieldnames = [f"title_{lang}" for lang in ANALYZERS]
    fieldnames += [f"{band}_{lang}" for band in bands for lang in ANALYZERS]
    parser = MultifieldParser(fieldnames, ix.schema, group=OrGroup.factory(0.9))
    query = parser.parse(q)
    allowed = Or([Term("audience", band) for band in bands])
    if types:
        allowed = allowed & Or([Term("type", t) for t in types])
    with ix.searcher() as searcher:
        found = searcher.search_page(query, page, pagelen=per_page, filter=allowed)
        hits = [Hit(h["type"], h["title"], h["url"], h.get("summary", "")) for h in found]
        return Results(hits, found.total, page, per_page)


async def search(reader, q: str, *, page: int = 1, per_page: int = 20,
                 types: tuple[str, ...] | None = None) -> Results:
    """Search everything the reader may see. Anyone may call it; it emits nothing."""
    q = (q or "").strip()[:200]
    if not q:
        return Results([], 0, 1, per_page)
    return await run_in_threadpool(_search, q, bands_for(reader), types, max(1, page), per_page)


def reset_for_tests() -> None:
    with _lock:
        _indexes.clear()
