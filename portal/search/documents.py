"""What every search backend shares: documents, document types, visibility bands, results, and how
a reader's text becomes words.

A reader's text is plain words and nothing else: both backends split it here and build their
queries word by word, so no character a reader types ever acts as query syntax (a field name, a
wildcard, quotes, "-", OR, NOT), and both backends answer the same question."""
from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from whoosh.analysis.tokenizers import default_pattern as WORD
from whoosh.lang import stopwords_for_language

BANDS = ("public", "members", "staff")
# Both analyses drop the stop words of both languages: a German "und" must not make every German
# text match an English query (and the other way round), which also keeps queries fast.
STOP_WORDS = frozenset(stopwords_for_language("en")) | frozenset(stopwords_for_language("de"))
# A reader's query uses at most this many distinct words (the rest of a long paste is ignored).
MAX_WORDS = 16
# A document's summary (shown under a result) is its text's first this many characters.
SUMMARY_CHARS = 200


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

    def __post_init__(self) -> None:
        self.summary = self.summary[:SUMMARY_CHARS]

    @property
    def key(self) -> str:
        return f"{self.type}:{self.id}"


@dataclass(frozen=True)
class DocType:
    """A kind of searchable thing. `load` returns the current document or None when it must not be
    found (deleted, hidden, erased); `all_ids` lists every id for a rebuild; `kinds` are the event
    kinds whose subject is one of these documents. `load_many` (optional) loads many ids at once
    for `portal reindex`: {id: document or None}, the same answers `load` gives one by one.
    `label` names a result of this type on the search page, `plural` the filter for them."""

    name: str
    kinds: frozenset[str]
    load: Callable[[int], Awaitable[Doc | None]]
    all_ids: Callable[[], AsyncIterator[int]]
    load_many: Callable[[list[int]], Awaitable[dict[int, Doc | None]]] | None = None
    label: str = ""  # what a result of this type is called (a message id, N_), e.g. "Comment"
    plural: str = ""  # the search page's filter for this type (a message id), e.g. "Comments"


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
    key: str = ""  # the document's "type:id"

    @property
    def summary_cut(self) -> bool:
        """Whether the summary stops where the text went on (it may end mid-word)."""
        return len(self.summary) >= SUMMARY_CHARS


@dataclass
class HitGroup:
    """The hits of one page that are about the same thing (an idea and the comments on it): the
    thing's own hit, when it matched too, and the others, which link into its page."""

    url: str
    title: str
    head: Hit | None
    parts: list[Hit]


def grouped(hits: list[Hit]) -> list[HitGroup]:
    """The hits of a page grouped by the page they lead to (the url without its #fragment), in the
    order the best hit of each group came."""
    groups: dict[str, HitGroup] = {}
    for hit in hits:
        path, _, fragment = hit.url.partition("#")
        group = groups.setdefault(path, HitGroup(path, hit.title, None, []))
        if fragment or group.head is not None:
            group.parts.append(hit)
        else:
            group.head = hit
    return list(groups.values())


@dataclass
class Results:
    """One page of hits. `total` is exact when `exact`; otherwise more than `total` documents
    match (counting every match of a common word costs more than the search itself)."""

    hits: list[Hit]
    total: int
    page: int
    per_page: int
    exact: bool = True

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def words_of(text: str) -> list[str]:
    """The distinct words of a reader's text, lower-cased, in order: every character that is not
    part of a word only separates words."""
    seen: dict[str, None] = {}
    for match in WORD.finditer(text):
        seen.setdefault(match.group().lower(), None)
        if len(seen) >= MAX_WORDS:
            break
    return list(seen)


def count_cap(page: int, per_page: int, cap: int) -> int:
    """Count matches up to this many: at least `cap`, and always past the page after this one, so
    the pager knows whether there is a next page."""
    return max(cap, (page + 1) * per_page)


def query_words(text: str) -> list[str]:
    """The words of a reader's text that a query looks for: stop words of either language and
    one-letter words dropped, as the Whoosh analysers drop them."""
    return [word for word in words_of(text) if len(word) >= 2 and word not in STOP_WORDS]


class Backend(Protocol):
    """What a search backend does. Writes come from the `search` consumer and `portal reindex`
    only; reads from any web process. Every method is a coroutine: a backend that blocks runs its
    work off the event loop itself."""

    name: str
    max_concurrent: int  # searches at once per process; more wait (the site must not stall)

    async def write(self, updates: Sequence[Doc], deletions: Sequence[str]) -> None:
        """Upsert `updates` and delete the documents with the keys `deletions`."""

    async def purge(self) -> None:
        """After an erasure: no stored copy of a deleted document may remain readable."""

    async def rebuild(self, batches: AsyncIterator[list[Doc]]) -> int:
        """Replace everything indexed with the documents of `batches`; returns how many."""

    async def search(self, words: str, bands: tuple[str, ...], types: tuple[str, ...] | None,
                     page: int, per_page: int, cap: int) -> Results:
        """Documents with every word (in the title or a band the reader may see), best first;
        counted exactly up to `cap`."""

    async def similar(self, words: str, bands: tuple[str, ...], types: tuple[str, ...],
                      limit: int) -> list[Hit]:
        """Documents whose titles share any of the words, those sharing more first."""

    async def outdated(self) -> bool:
        """Whether the index was written in a layout this version does not read (`portal migrate`
        then rebuilds it)."""

    def close(self) -> None:
        """End what the backend runs beside the web process (the app's shutdown)."""

    def reset(self) -> None:
        """Forget cached handles (tests: a new data dir or database each time)."""
