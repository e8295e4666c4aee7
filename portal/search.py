"""The search index (Whoosh) and the document types each feature registers in it.

Every document carries its text in three visibility bands (public, members, staff), each analysed
twice: with English and with German stemming, so "Kundenbindung" finds "Kundenbindungen" and
"batteries" finds "battery". A reader's query is plain words (no query syntax), looks only at the
bands they may see, and only at documents whose audience they belong to. The `search` consumer
keeps the index in step with the database, and after an erasure rewrites the index files that
still held the erased documents; `portal reindex` rebuilds it. Whoosh blocks, so it runs in a
worker thread.
"""
from __future__ import annotations

import functools
import re
import shutil
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from whoosh import index as whoosh_index
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.analysis.tokenizers import default_pattern as WORD
from whoosh.lang import stopwords_for_language
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.query import And, Or, Query, Term
from whoosh.reading import SegmentReader
from whoosh.writing import CLEAR

from portal import events, settings

BANDS = ("public", "members", "staff")
# Both analyses drop the stop words of both languages: a German "und" must not make every German
# text match an English query (and the other way round), which also keeps queries fast.
STOP_WORDS = frozenset(stopwords_for_language("en")) | frozenset(stopwords_for_language("de"))


def _analyzer(lang: str):
    # English keeps Whoosh's default Porter stemmer (it also folds "akkus" to "akku").
    stemmer = StemFilter() if lang == "en" else StemFilter(lang=lang)
    return RegexTokenizer() | LowercaseFilter() | StopFilter(stoplist=STOP_WORDS) | stemmer


ANALYZERS = {"en": lambda: _analyzer("en"), "de": lambda: _analyzer("de")}
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


def install(doc_types: Iterable[DocType]) -> events.Subscription:
    """Replace the document types with the installed features'; returns the `search` consumer's
    subscription to their events (and to erasure, which purges the index files).

    Idempotent by document key: each event re-reads its subject and upserts (or deletes) the
    document `type:id`, so handling an event twice leaves the index as it was."""
    _doc_types.clear()
    _doc_types.update((doc_type.name, doc_type) for doc_type in doc_types)
    kinds = frozenset({ERASED}).union(*(doc_type.kinds for doc_type in _doc_types.values()))
    return events.Subscription("search", kinds, _on_event)


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


def _rewrite_deleted(writer, segments):
    """A merge policy: every segment holding deleted documents is written anew without them, and
    its files go with the commit. Whoosh only marks a document deleted; its stored fields and its
    words stay in the segment's files until the segment is merged."""
    kept = []
    for segment in segments:
        if not segment.has_deletions():
            kept.append(segment)
            continue
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return kept


def _write(updates: list[Doc], deletions: list[str], *, clear: bool = False, purge: bool = False) -> None:
    """Write to the index; with clear=True, everything indexed before is dropped in the commit;
    with purge=True, no file keeps a deleted or replaced document (after an erasure)."""
    writer = _index().writer(timeout=WRITER_TIMEOUT)
    try:
        for key in deletions:
            writer.delete_by_term("key", key)
        for doc in updates:
            writer.update_document(**_fields(doc))
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=CLEAR if clear else _rewrite_deleted if purge else None)


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
    if event.kind == ERASED:
        # The erased person's documents are gone from the results, not yet from the files.
        await run_in_threadpool(functools.partial(_write, [], [], purge=True))


ERASED = "member.erased"


def _drop_if_schema_changed() -> None:
    path = _index_dir()
    if whoosh_index.exists_in(str(path)):
        if set(whoosh_index.open_dir(str(path)).schema.names()) != set(_schema().names()):
            with _lock:
                _indexes.pop(path, None)
            shutil.rmtree(path)


async def reindex() -> int:
    """Rebuild the whole index from the database; returns the number of documents.

    The first batch's commit drops what was indexed before, so readers (in this and other
    processes) simply see a new generation of the index."""
    await run_in_threadpool(_drop_if_schema_changed)
    count = 0
    clear = True
    for doc_type in _doc_types.values():
        batch: list[Doc] = []
        async for doc_id in doc_type.all_ids():
            doc = await doc_type.load(doc_id)
            if doc is not None:
                batch.append(doc)
            if len(batch) >= 500:
                await run_in_threadpool(functools.partial(_write, batch, [], clear=clear))
                count, batch, clear = count + len(batch), [], False
        if batch:
            await run_in_threadpool(functools.partial(_write, batch, [], clear=clear))
            count, clear = count + len(batch), False
    if clear:  # nothing to index at all
        await run_in_threadpool(functools.partial(_write, [], [], clear=True))
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


# Each worker thread keeps its own searcher (Whoosh searchers are not shared between threads),
# refreshed before every query, and the set of documents each audience may see, per index
# generation: computing that set costs more than a typical query.
_local = threading.local()


def _searcher_and_allowed(bands: tuple[str, ...], types: tuple[str, ...] | None):
    ix = _index()
    searcher = getattr(_local, "searcher", None)
    # Whoosh's own refresh() re-uses readers and trips over single-segment ones: open anew instead.
    if searcher is None or getattr(_local, "ix", None) is not ix or not searcher.up_to_date():
        if searcher is not None:
            searcher.close()
        searcher = _local.searcher = ix.searcher()
        _local.ix = ix
        _local.allowed = {}
    key = (bands, types)
    if key not in _local.allowed:
        allowed = Or([Term("audience", band) for band in bands])
        if types:
            allowed = allowed & Or([Term("type", t) for t in types])
        _local.allowed[key] = set(searcher.docs_for_query(allowed))
    return searcher, _local.allowed[key]


def _word_queries(schema: Schema, text: str, fieldnames: list[str]) -> list[Query]:
    """One query per distinct word of the reader's text: the word in any of `fieldnames`, analysed
    as each field analyses what it indexes (stemming per language, stop words dropped).

    The text is plain words and nothing else: we never hand it to Whoosh's query parser, whose
    syntax (`staff_en:…`, `secr*`, `~`, `^`, quotes, AND/OR/NOT) would let a reader name a field
    they may not see, or probe a hidden word letter by letter. Here every character that is not
    part of a word only separates words, and a query touches the given fields alone."""
    queries: dict[tuple, Query] = {}
    for match in WORD.finditer(text):
        terms = [Term(name, token.text) for name in fieldnames
                 for token in schema[name].analyzer(match.group())]
        if terms:  # a stop word gives none
            queries.setdefault(tuple((t.fieldname, t.text) for t in terms), Or(terms))
    return list(queries.values())


def _search(q: str, bands: tuple[str, ...], types: tuple[str, ...] | None, page: int,
            per_page: int) -> Results:
    fieldnames = [f"title_{lang}" for lang in ANALYZERS]
    fieldnames += [f"{band}_{lang}" for band in bands for lang in ANALYZERS]
    searcher, allowed = _searcher_and_allowed(bands, types)
    words = _word_queries(searcher.schema, q, fieldnames)
    if not words:
        return Results([], 0, page, per_page)
    # Every word must match (in any field the reader may see), as people expect of a search box.
    found = searcher.search_page(And(words), page, pagelen=per_page, filter=allowed)
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
    _local.__dict__.clear()


def _similar(words: str, bands: tuple[str, ...], types: tuple[str, ...], limit: int) -> list[Hit]:
    searcher, allowed = _searcher_and_allowed(bands, types)
    # Titles only, any word, best few: no total is counted, so Whoosh can stop early.
    fieldnames = [f"title_{lang}" for lang in ANALYZERS]
    queries = _word_queries(searcher.schema, words, fieldnames)
    if not queries:
        return []
    # Documents that share more of the words rank higher (as Whoosh's OrGroup.factory(0.9) does).
    found = searcher.search(Or(queries, scale=0.9), limit=limit, filter=allowed)
    return [Hit(h["type"], h["title"], h["url"], h.get("summary", "")) for h in found]


async def similar(reader, text: str, *, types: tuple[str, ...], limit: int = 5) -> list[Hit]:
    """Documents whose titles share words with `text` (say, ideas like the one being typed), best
    first. Anyone may call it; it emits nothing."""
    words = " ".join(re.findall(r"\w{3,}", text or "")[:12])
    if not words:
        return []
    return await run_in_threadpool(_similar, words, bands_for(reader), types, limit)
