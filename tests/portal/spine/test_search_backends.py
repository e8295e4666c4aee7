"""One search interface, two backends: which one the settings choose, plain words only on both,
counts that stop at a cap, bounded concurrency, fast rebuilds, and the cache of related ideas."""
import asyncio
import dataclasses
import functools

import pytest

from ideas import board
from portal import search
from portal.search import cache as related_cache
from portal.search.models import RelatedHit
from tests.conftest import SEARCH_BACKENDS, drain, make_member

pytestmark = pytest.mark.parametrize("search_backend", SEARCH_BACKENDS)


# -- which backend ------------------------------------------------------------------------------

async def test_the_chosen_backend_answers(settings):
    assert search.backend().name == settings.search_backend


# -- plain words, whatever the backend's own query language -------------------------------------

@pytest.fixture
async def olga(db):
    owner = await make_member("owner@example.org", name="Olga Owner")
    await make_member("other@example.org", name="Otto Other")
    from portal.profiles import service as profiles

    await profiles.update_profile(owner, {"bio": "Ich fahre Lastenrad und Tandem."})
    await drain()
    return owner


async def _titles(q):
    return [hit.title for hit in (await search.search(None, q)).hits]


async def test_websearch_and_tsquery_syntax_are_plain_words(olga):
    # "-", "or", quotes and tsquery operators are no operators: every word must be there.
    assert await _titles('"lastenrad tandem"') == ["Olga Owner"]
    assert await _titles("lastenrad -tandem") == ["Olga Owner"]
    assert await _titles("lastenrad or quantenphysik") == []
    assert await _titles("lastenrad | quantenphysik") == []
    assert await _titles("lastenrad & !tandem") == ["Olga Owner"]
    assert await _titles("lastenr:*") == []
    assert await _titles("lastenrad:A") == ["Olga Owner"]
    assert await _titles("'lastenrad' <-> 'tandem'") == ["Olga Owner"]
    assert await _titles("Otto -Olga") == []  # Otto's profile holds no "Olga"


# -- totals stop at a cap -----------------------------------------------------------------------

def _ideas(count: int, word: str = "zwiebelturm") -> list[search.Doc]:
    return [search.Doc(type="idea", id=n, title=f"{word} no{n:02d}", url=f"/ideas/{n}", texts={"public": "text"})
            for n in range(1, count + 1)]


async def test_a_common_word_is_counted_only_up_to_the_cap(db, monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 5)
    await search.backend().write(_ideas(9), [])
    first = await search.search(None, "zwiebelturm", per_page=2)
    # Counted as far as the cap (at least past the next page): more than 5, not exactly.
    assert (len(first.hits), first.total, first.exact) == (2, 5, False)
    third = await search.search(None, "zwiebelturm", page=3, per_page=2)
    assert (len(third.hits), third.total, third.exact) == (2, 8, False)
    few = await search.search(None, "zwiebelturm no07", per_page=2)
    assert ([h.title for h in few.hits], few.total, few.exact) == (["zwiebelturm no07"], 1, True)
    monkeypatch.setattr(search, "COUNT_CAP", 100)
    everything = await search.search(None, "zwiebelturm", per_page=2)
    assert (everything.total, everything.exact, everything.pages) == (9, True, 5)


async def test_the_search_page_says_more_than_when_the_count_stopped(client, monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 5)
    await search.backend().write(_ideas(45), [])
    page = await client.get("/search", params={"q": "zwiebelturm"})
    assert "More than 40 results · page 1" in page.text
    german = await client.get("/search", params={"q": "zwiebelturm"}, headers={"Accept-Language": "de"})
    assert "Mehr als 40 Ergebnisse · Seite 1" in german.text
    exact = await client.get("/search", params={"q": "zwiebelturm no12"})
    assert "1 result" in exact.text and "More than" not in exact.text


# -- titles first --------------------------------------------------------------------------------

async def test_every_word_in_the_title_ranks_first_and_pages_never_repeat(db):
    def idea(n: int, title: str, text: str) -> search.Doc:
        return search.Doc(type="idea", id=n, title=title, url=f"/ideas/{n}", texts={"public": text})

    # Short texts of nothing but the words score high; the long titles hold them among many.
    await search.backend().write(
        [idea(n, f"Idee {n:02d}", "Lastenrad Tandem") for n in range(1, 8)]
        + [idea(100 + n, f"Lastenrad oder Tandem für die ganze Familie, Sommer wie Winter, Stadt und Land {n}",
                "kurz") for n in range(1, 4)]
        + [idea(200, "Lastenrad", "mit Tandem")], [])
    pages = [await search.search(None, "lastenrad tandem", page=n, per_page=4) for n in (1, 2, 3)]
    urls = [hit.url for page in pages for hit in page.hits]
    assert set(urls[:3]) == {"/ideas/101", "/ideas/102", "/ideas/103"}
    assert len(urls) == len(set(urls)) == 11
    assert [(page.total, page.exact) for page in pages] == [(11, True)] * 3


async def test_a_word_finds_the_titles_either_language_stems_alike(db):
    """"bike" is "bike" to the English stemmer and "bik" to the German one: it finds "Biking"
    (English "bike") and "Biken" (German "bik"); the titles with the form most titles share come
    first, and nothing is counted twice."""
    def idea(n: int, title: str) -> search.Doc:
        return search.Doc(type="idea", id=n, title=title, url=f"/ideas/{n}", texts={"public": "Text"})

    await search.backend().write([idea(1, "Biking to work"), idea(2, "Biking at night"),
                                  idea(3, "Biken im Winter"), idea(4, "Wandern im Winter")], [])
    found = await search.search(None, "bike")
    assert sorted(hit.url for hit in found.hits[:2]) == ["/ideas/1", "/ideas/2"]
    assert [hit.url for hit in found.hits[2:]] == ["/ideas/3"]
    assert (found.total, found.exact) == (3, True)
    assert [hit.url for hit in (await search.search(None, "bike winter")).hits] == ["/ideas/3"]


# -- bounded concurrency ------------------------------------------------------------------------

async def test_no_more_searches_run_at_once_than_the_backend_allows(db, monkeypatch):
    chosen = search.backend()
    running, most = 0, 0
    real = chosen.search

    async def counted(*args):
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.01)  # let the others try to start meanwhile
        running -= 1
        return await real(*args)

    monkeypatch.setattr(chosen, "search", counted)
    await asyncio.gather(*(search.search(None, f"word{n}") for n in range(4)))
    assert most == chosen.max_concurrent < 4


# -- rebuilds load many documents at once -------------------------------------------------------

async def test_reindex_loads_each_batch_at_once_and_finds_the_same(db, monkeypatch):
    owner = await make_member("owner@example.org", name="Olga Owner")
    for n in range(3):
        await board.submit(owner, f"Lastenrad Idee {n}", "Mit Kindersitz")
    await drain()
    before = [(h.type, h.url) for h in (await search.search(None, "lastenrad")).hits]
    one_by_one: list[str] = []

    async def one(doc_id, name):
        one_by_one.append(name)

    for name, doc_type in list(search._doc_types.items()):
        monkeypatch.setitem(search._doc_types, name, dataclasses.replace(
            doc_type, load=functools.partial(one, name=name)))
    monkeypatch.setattr(search, "REINDEX_BATCH", 2)
    assert await search.reindex() == 4  # a profile and 3 ideas (in batches of 2)
    assert one_by_one == []  # every type with a batch loader used it
    assert sorted((h.type, h.url) for h in (await search.search(None, "lastenrad")).hits) == sorted(before)


# -- related ideas, cached until they change ----------------------------------------------------

async def _related(idea):
    return [h.title for h in await search.related(None, "idea", idea.pk, idea.title, types=("idea",))]


async def test_related_ideas_are_cached_until_the_idea_or_a_neighbour_changes(db, monkeypatch):
    ada = await make_member("ada@example.org", name="Ada")
    idea = await board.submit(ada, "Akku Reichweite im Winter", "")
    twin = await board.submit(ada, "Akku Reichweite anzeigen", "")
    await board.submit(ada, "Dunkler Modus", "")
    await drain()
    assert await _related(idea) == ["Akku Reichweite anzeigen"]
    assert await RelatedHit.filter(doc_key=f"idea:{idea.pk}").count() == 1

    # Served from the cache: the index is not asked again.
    chosen = search.backend()

    async def refuse(*args):
        raise AssertionError("the index was asked although the cache holds the answer")

    monkeypatch.setattr(chosen, "similar", refuse)
    assert await _related(idea) == ["Akku Reichweite anzeigen"]
    monkeypatch.undo()

    # A neighbour changes: the entry goes when the search consumer indexes it.
    await board.edit(ada, twin.pk, title="Akku Reichweite in Kilometern", body="")
    await drain()
    assert await RelatedHit.filter(doc_key=f"idea:{idea.pk}").count() == 0
    assert await _related(idea) == ["Akku Reichweite in Kilometern"]
    # The idea itself changes (hidden from the board): its neighbour's entry goes too.
    assert await _related(twin) == ["Akku Reichweite im Winter"]
    await board.hide(await make_member("mod@example.org", role="moderator"), idea.pk, "spam")
    await drain()
    assert await _related(twin) == []
    # "Nothing related" is cached as well, and a rebuild forgets every entry.
    assert await RelatedHit.filter(doc_key=f"idea:{twin.pk}", rank=-1).count() == 1
    await search.reindex()
    assert await RelatedHit.all().count() == 0


async def test_the_idea_page_shows_related_ideas_from_the_cache(client):
    ada = await make_member("ada@example.org", name="Ada")
    idea = await board.submit(ada, "Akku Reichweite im Winter", "")
    await board.submit(ada, "Akku Reichweite anzeigen", "")
    await drain()
    page = await client.get(f"/ideas/{idea.pk}")
    assert "Akku Reichweite anzeigen" in page.text
    cached = await related_cache.cached(f"idea:{idea.pk}", related_cache.scope_of(("public",), ("idea",)))
    assert [hit.title for hit in cached] == ["Akku Reichweite anzeigen"]
