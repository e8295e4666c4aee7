"""The Whoosh backend: the embedded index under the data dir (the default on SQLite).

Every word is indexed as both the English and the German stemmer leave it (once when they agree),
so "Kundenbindung" finds "Kundenbindungen" and "batteries" finds "battery" in one field. A
document has its title, and one field per visibility band (public, members, staff); the public
band also holds the title, so "every word in the title or a text the reader may see" is one field
for a visitor. A query looks only at the bands the reader may see, and only at documents whose
audience they belong to. After an erasure the index files that still held the erased documents
are rewritten. Writing blocks, so it runs in a worker thread. Searching scores in pure Python: in
the web process it would hold the interpreter the event loop needs, so it runs in a child process
(one per web process, started at the first search) that opens the index read-only by its path and
answers with plain hits. The child is spawned, so it imports the main module of the process
again: every entry point (uvicorn, `portal`, pytest) keeps its start behind
`if __name__ == "__main__"`, and a script of your own that searches must too.
"""
from __future__ import annotations

import asyncio
import functools
import multiprocessing
import os
import shutil
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from whoosh import index as whoosh_index
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.collectors import FilterCollector, TopCollector
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.lang import porter, stemmer_for_language
from whoosh.query import And, Or, Query, Term
from whoosh.reading import SegmentReader
from whoosh.writing import CLEAR

from portal import settings
from portal.search.documents import BANDS, STOP_WORDS, Doc, Hit, Results, words_of


# English keeps Whoosh's default Porter stemmer (it also folds "akkus" to "akku").
_stem_en = functools.lru_cache(maxsize=100_000)(porter.stem)
_stem_de = functools.lru_cache(maxsize=100_000)(stemmer_for_language("de"))


class BothStems(Filter):
    """Each word as the English stemmer leaves it and, when that differs, as the German one does.
    One field then serves readers of both languages: a word of the query is one term, or two,
    in one field, where two fields per language made every word a union of four posting lists
    (which Whoosh walks in Python)."""

    is_morph = True

    def __call__(self, tokens):
        for token in tokens:
            text = token.text
            token.text = _stem_en(text)
            yield token
            german = _stem_de(text)
            if german != token.text:
                token.text = german
                yield token


# Letters and digits, and nothing else: Whoosh's default pattern keeps "*" (for its wildcards) and
# "_" in a word, so a word in Markdown emphasis ("**Akkus**", "_Akku_") was indexed as "**akkus**"
# and found by nobody.
TOKEN = r"[^\W_]+(\.?[^\W_]+)*"


def _analyzer():
    return RegexTokenizer(TOKEN) | LowercaseFilter() | StopFilter(stoplist=STOP_WORDS) | BothStems()


WRITER_TIMEOUT = 30.0
REBUILD_COMMIT = 10_000  # documents per commit while rebuilding

_indexes: dict[Path, whoosh_index.Index] = {}
_lock = threading.Lock()


def _schema() -> Schema:
    # No positions (phrase=False): queries are words, never phrases, and positions would double
    # what a rebuild writes.
    spec = {"key": ID(unique=True, stored=True), "type": ID(stored=True), "audience": ID,
            "title": STORED, "url": STORED, "summary": STORED, "tags": KEYWORD(commas=True, lowercase=True),
            "in_title": TEXT(analyzer=_analyzer(), phrase=False)}
    for band in BANDS:
        spec[band] = TEXT(analyzer=_analyzer(), phrase=False)
    return Schema(**spec)


def _index_dir() -> Path:
    return settings.current().data_dir / "search"


def index(path: Path | None = None) -> whoosh_index.Index:
    """The index under the data dir, or at `path` (opened once per process, created when missing)."""
    path = path or _index_dir()
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
    values["in_title"] = doc.title
    for band in BANDS:
        values[band] = doc.texts.get(band, "")
    # Whoever may see the document sees its title: the public band holds it too.
    values["public"] = f"{doc.title}\n{values['public']}"
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


def _write(updates: Sequence[Doc], deletions: Sequence[str], *, clear: bool = False,
           purge: bool = False) -> None:
    """Write to the index; with clear=True, everything indexed before is dropped in the commit;
    with purge=True, no file keeps a deleted or replaced document (after an erasure)."""
    writer = index().writer(timeout=WRITER_TIMEOUT)
    try:
        for key in deletions:
            writer.delete_by_term("key", key)
        for doc in updates:
            # A rebuild starts from nothing: adding is enough and much cheaper than updating.
            (writer.add_document if clear else writer.update_document)(**_fields(doc))
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=CLEAR if clear else _rewrite_deleted if purge else None)


def _outdated() -> bool:
    path = _index_dir()
    return (whoosh_index.exists_in(str(path))
            and set(whoosh_index.open_dir(str(path)).schema.names()) != set(_schema().names()))


def _drop_if_schema_changed() -> None:
    if _outdated():
        with _lock:
            _indexes.pop(_index_dir(), None)
        shutil.rmtree(_index_dir())


# Each thread that searches (the search process's one) keeps its own searcher (Whoosh searchers
# are not shared between threads), refreshed before every query, and per index generation the set
# of documents each kind of reader may not see.
_local = threading.local()


def _up_to_date(searcher) -> bool:
    try:
        return searcher.up_to_date()
    except OSError:  # the index was rebuilt from nothing under us (a schema change)
        with _lock:
            _indexes.clear()
        return False


def _searcher_and_hidden(path: Path, bands: tuple[str, ...], types: tuple[str, ...] | None):
    """The searcher, and the documents a reader of `bands` may not see (or that are not of
    `types`). The hidden ones are the few (profiles for members or staff only): a set of them is
    made in a millisecond where the set of every visible document took tens, and it is made
    again after every write to the index, which on a busy site is every few seconds."""
    searcher = getattr(_local, "searcher", None)
    # Whoosh's own refresh() re-uses readers and trips over single-segment ones: open anew instead.
    if searcher is not None and not _up_to_date(searcher):
        searcher.close()
        searcher = None
    ix = index(path)
    if searcher is None or getattr(_local, "ix", None) is not ix:
        if searcher is not None:
            searcher.close()
        searcher = _local.searcher = ix.searcher()
        _local.ix = ix
        _local.hidden = {}
    key = (bands, types)
    if key not in _local.hidden:
        reader = searcher.reader()
        hide = [Term("audience", audience) for audience in reader.field_terms("audience") if audience not in bands]
        if types:
            hide += [Term("type", kind) for kind in reader.field_terms("type") if kind not in types]
        _local.hidden[key] = set(searcher.docs_for_query(Or(hide))) if hide else set()
    return searcher, _local.hidden[key]


def _word_queries(searcher, text: str, fieldnames: list[str]) -> list[Query | None]:
    """One query per distinct word of the reader's text (documents.words_of): the word in any of
    `fieldnames`, analysed as the fields analyse what they index (both stems; a stop word gives no
    query; the parts of "staff_en" must all be there). Terms no document holds are left out, so Whoosh does not walk a union for nothing;
    a word no document holds in those fields gives None.

    We never hand the text to Whoosh's query parser, whose syntax (`staff:…`, `secr*`, `~`,
    `^`, quotes, AND/OR/NOT) would let a reader name a field they may not see, or probe a hidden
    word letter by letter. A query touches the given fields alone."""
    reader = searcher.reader()
    analyzer = searcher.schema[fieldnames[0]].analyzer
    queries: dict[tuple, Query | None] = {}
    for word in words_of(text):
        # A word may hold several ("staff_en", "a-b"): each must be there, as on PostgreSQL; the
        # two stems of one of them share its position, and either will do.
        stems: dict[int, set[str]] = {}
        for token in analyzer(word, positions=True):
            stems.setdefault(token.pos, set()).add(token.text)
        if not stems:  # stop words only
            continue
        parts: list[Query | None] = []
        for position in sorted(stems):
            terms = [Term(name, stem) for name in fieldnames for stem in sorted(stems[position])
                     if (name, stem) in reader]
            parts.append((terms[0] if len(terms) == 1 else Or(terms)) if terms else None)
        key = tuple(tuple(sorted(stems[position])) for position in sorted(stems))
        queries.setdefault(key, None if None in parts else parts[0] if len(parts) == 1 else And(parts))
    return list(queries.values())


def _widest(searcher, word: Query) -> Query:
    """Of a word's stems, the one most titles hold. Both stems of a word nearly always find the
    same documents, and walking the two lists doubles the work of ranking the titles; a title
    found only by the other stem still comes, in the texts' tier (the public band holds titles)."""
    if not isinstance(word, Or):
        return word
    reader = searcher.reader()
    return max(word.subqueries, key=lambda term: reader.doc_frequency(term.fieldname, term.text))


def _hit(found) -> Hit:
    return Hit(found["type"], found["title"], found["url"], found.get("summary", ""), found["key"])


def _count(searcher, query: Query, hidden: set[int], cap: int) -> int:
    """How many documents the reader may see match, counting no further than cap + 1 (without
    scoring: Whoosh yields the matching document numbers)."""
    count = 0
    for docnum in searcher.docs_for_query(query):
        if docnum not in hidden:
            count += 1
            if count > cap:
                break
    return count


class _Counting(TopCollector):
    """Keeps the best `limit` as TopCollector does, and counts every match it is given. Without
    skipping blocks (usequality) or trading the matcher for one that leaves out what cannot make
    the top (replace), it is given every match the reader may see."""

    def __init__(self, limit: int):
        super().__init__(limit=limit, usequality=False, replace=0)
        self.seen = 0

    def collect(self, sub_docnum):
        self.seen += 1
        return super().collect(sub_docnum)


def _search(path: Path, q: str, bands: tuple[str, ...], types: tuple[str, ...] | None, page: int,
            per_page: int, cap: int) -> Results:
    searcher, hidden = _searcher_and_hidden(path, bands, types)
    # Every word must match in a band the reader may see (the public band holds the title), as
    # people expect of a search box.
    words = _word_queries(searcher, q, list(bands))
    if not words or None in words:
        return Results([], 0, page, per_page)
    query = And(words)
    limit = page * per_page
    # Documents with every word in their title come first (the best matches), then the others.
    # A word found in most texts would make Whoosh score tens of thousands of documents in Python;
    # titles are short, so while they fill the page the texts are not scored at all.
    title_words = _word_queries(searcher, q, ["in_title"])
    in_titles = [] if None in title_words else list(searcher.search(
        And([_widest(searcher, word) for word in title_words]), limit=limit, mask=hidden or None, terms=False))
    hits = [_hit(h) for h in in_titles]
    if len(in_titles) < limit:  # every title match is on this page or before: the texts follow
        counting = _Counting(limit - len(in_titles))
        collector = FilterCollector(counting, restrict=hidden | {h.docnum for h in in_titles} or None)
        searcher.search_with_collector(query, collector)
        hits += [_hit(h) for h in collector.results()]
        # The texts were walked to the end, so every match is counted: titles and texts.
        count = len(in_titles) + counting.seen
        return Results(hits[(page - 1) * per_page:limit], min(count, cap), page, per_page, exact=count <= cap)
    count = _count(searcher, query, hidden, cap)
    return Results(hits[(page - 1) * per_page:limit], min(count, cap), page, per_page, exact=count <= cap)


def _similar(path: Path, words: str, bands: tuple[str, ...], types: tuple[str, ...], limit: int) -> list[Hit]:
    searcher, hidden = _searcher_and_hidden(path, bands, types)
    # Titles only, any word, best few: no total is counted, so Whoosh can stop early.
    queries = [query for query in _word_queries(searcher, words, ["in_title"]) if query is not None]
    if not queries:
        return []
    # Documents that share more of the words rank higher (as Whoosh's OrGroup.factory(0.9) does).
    found = searcher.search(Or(queries, scale=0.9), limit=limit, mask=hidden or None)
    return [_hit(h) for h in found]


_searchers: ProcessPoolExecutor | None = None
PARENT_CHECK_SECONDS = 1.0


def _end_with(parent: int) -> None:
    """Runs in the search child as it starts: ends it once the web process that started it is
    gone. A web process killed without shutting down (SIGKILL, a crash) would otherwise leave its
    child behind, holding the index files and its memory, one more at every restart."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="vox-parent-watch", daemon=True).start()


def _search_process() -> ProcessPoolExecutor:
    global _searchers
    with _lock:
        if _searchers is None:
            # Spawned, not forked: a fork would copy the event loop, the database connections
            # and the locks other threads hold.
            _searchers = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_end_with, initargs=(os.getpid(),))
        return _searchers


async def _in_search_process(function, *args):
    """Run a search function in this process's search child (started on first use); a child that
    died is replaced once."""
    global _searchers
    for attempt in (1, 2):
        pool = _search_process()
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, function, _index_dir(), *args)
        except BrokenProcessPool:
            with _lock:
                if _searchers is pool:
                    _searchers = None
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


class WhooshBackend:
    """The embedded index: one writer at a time (a file lock), readers in any process."""

    name = "whoosh"
    # One search process per web process: a second search at once would only wait for it.
    max_concurrent = 1

    async def write(self, updates: Sequence[Doc], deletions: Sequence[str]) -> None:
        await run_in_threadpool(_write, updates, deletions)

    async def purge(self) -> None:
        await run_in_threadpool(functools.partial(_write, [], [], purge=True))

    async def rebuild(self, batches: AsyncIterator[list[Doc]]) -> int:
        # The first batch's commit drops what was indexed before, so readers (in this and other
        # processes) simply see a new generation of the index.
        await run_in_threadpool(_drop_if_schema_changed)
        count, clear = 0, True
        pending: list[Doc] = []
        async for batch in batches:
            pending.extend(batch)
            # Each commit merges segments: fewer, larger commits rebuild much faster.
            if len(pending) >= REBUILD_COMMIT:
                await run_in_threadpool(functools.partial(_write, pending, [], clear=clear))
                count, clear, pending = count + len(pending), False, []
        if pending or clear:  # the rest, or nothing at all to index
            await run_in_threadpool(functools.partial(_write, pending, [], clear=clear))
            count += len(pending)
        return count

    async def search(self, words: str, bands: tuple[str, ...], types: tuple[str, ...] | None,
                     page: int, per_page: int, cap: int) -> Results:
        return await _in_search_process(_search, words, bands, types, page, per_page, cap)

    async def similar(self, words: str, bands: tuple[str, ...], types: tuple[str, ...],
                      limit: int) -> list[Hit]:
        return await _in_search_process(_similar, words, bands, types, limit)

    async def outdated(self) -> bool:
        return await run_in_threadpool(_outdated)

    def close(self) -> None:
        global _searchers
        with _lock:
            pool, _searchers = _searchers, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def reset(self) -> None:
        with _lock:
            _indexes.clear()
        _local.__dict__.clear()
