"""Search: German and English stemming, and only what the reader may see."""
import pytest

from portal import search
from portal.profiles import service as profiles
from tests.conftest import SEARCH_BACKENDS, drain, make_member

# Every test here runs on each search backend of the run (both on the PostgreSQL leg).
pytestmark = pytest.mark.parametrize("search_backend", SEARCH_BACKENDS)


async def _titles(reader, q):
    return [hit.title for hit in (await search.search(reader, q)).hits]


async def test_german_and_english_words_are_found_by_their_stems(db):
    owner = await make_member("owner@example.org", name="Olga Owner")
    await profiles.update_profile(owner, {"bio": "Mir geht es um Kundenbindungen und lange Akkulaufzeiten. "
                                                 "I love batteries."})
    await drain()
    assert await _titles(None, "Kundenbindung") == ["Olga Owner"]
    assert await _titles(None, "battery") == ["Olga Owner"]
    assert await _titles(None, "quantenphysik") == []


async def test_results_respect_each_fields_visibility(db):
    owner = await make_member("owner@example.org", name="Olga Owner")
    await profiles.update_profile(owner, {
        "bio": "public words about lastenrad", "company": "Geheimfirma",
        "visibility": {"company": "staff"}})
    member = await make_member("m@example.org")
    staff = await make_member("s@example.org", role="moderator")
    await drain()
    assert await _titles(None, "lastenrad") == ["Olga Owner"]
    assert await _titles(None, "Geheimfirma") == []
    assert await _titles(member, "Geheimfirma") == []
    assert await _titles(staff, "Geheimfirma") == ["Olga Owner"]


async def test_a_changed_profile_is_reindexed_and_a_hidden_field_disappears(db):
    owner = await make_member("owner@example.org", name="Olga Owner")
    await profiles.update_profile(owner, {"bio": "zahnriemen"})
    await drain()
    assert await _titles(None, "zahnriemen") == ["Olga Owner"]
    await profiles.update_profile(owner, {"visibility": {"bio": "private"}})
    await drain()
    assert await _titles(None, "zahnriemen") == []


async def test_reindex_rebuilds_from_the_database(db):
    await make_member("a@example.org", name="Anna Alpha")
    await make_member("b@example.org", name="Bert Beta")
    assert await search.reindex() == 2
    assert await _titles(None, "Alpha") == ["Anna Alpha"]


async def test_odd_queries_do_not_break(db):
    await make_member()
    await drain()
    for q in ["", "   ", "AND", "(", '"unclosed', "*", "a" * 500, "title_en:x"]:
        results = await search.search(None, q)
        assert results.total >= 0


# -- the search box takes plain words: no syntax reaches a field the reader may not see ----------

STAFF_WORD, MEMBERS_WORD = "Zorblatwerk", "Quimbotech"

# What a visitor might type to reach hidden profile text: field names, wildcards, ranges, fuzzy
# and boosted terms, phrases, groups and operators. Each must find nothing from a hidden field.
PROBES = [
    "staff_en:zorblatwerk", "staff_de:zorblatwerk", "staff_en:zorb*", "staff_de:z*", "staff_en:s*",
    "zorb*", "zorblatwer?", "zorblatwerc~", "zorblatwerk~2", "zorblatwerk^3", '"zorblatwerk"',
    "staff_en:[a TO zz]", "staff_en:{a TO zz}", "(staff_en:zorblatwerk OR title_en:nobody)",
    "nobody OR staff_en:zorblatwerk", "NOT nobody", "staff_en:*", "*:*", "*",
    "members_en:quimbotech", "members_de:quim*", "quimbo*", "quimbotec?", "members_en:q*",
    "members_de:[a TO zz]", "quimbotec~", "nobody OR members_en:quimbotech",
    # The Whoosh fields' names (one field per band) and the PostgreSQL backend's columns.
    "staff:zorblatwerk", "staff:zorb*", "staff:[a TO zz]", "members:quimbotech", "members:q*",
    "staff_tsv:zorblatwerk", "(staff:zorblatwerk OR in_title:nobody)",
]


@pytest.fixture
async def hidden_words(db):
    """Olga's company is for staff only and her interests for members only; her bio is public."""
    owner = await make_member("owner@example.org", name="Olga Owner")
    await profiles.update_profile(owner, {
        "bio": "Ich fahre Lastenrad.", "company": STAFF_WORD, "interests": [MEMBERS_WORD],
        "visibility": {"company": "staff", "interests": "members"}})
    people = {"member": await make_member("m@example.org", name="Mia Member"),
              "staff": await make_member("s@example.org", name="Sam Staff", role="moderator")}
    await drain()
    return people


async def test_query_syntax_never_reaches_a_hidden_field(hidden_words):
    for probe in PROBES:
        assert "Olga Owner" not in await _titles(None, probe), probe
    for probe in [p for p in PROBES if "quimbo" not in p.lower()]:
        assert "Olga Owner" not in await _titles(hidden_words["member"], probe), probe


async def test_hidden_words_are_found_by_those_who_may_see_them(hidden_words):
    member, staff = hidden_words["member"], hidden_words["staff"]
    assert await _titles(staff, STAFF_WORD) == ["Olga Owner"]
    assert await _titles(staff, MEMBERS_WORD.lower()) == ["Olga Owner"]
    assert await _titles(member, MEMBERS_WORD) == ["Olga Owner"]
    assert await _titles(member, STAFF_WORD) == []
    assert await _titles(None, MEMBERS_WORD) == []
    assert await _titles(None, STAFF_WORD) == []


async def test_operators_and_punctuation_are_plain_text(hidden_words):
    # Every word must match, whatever stands between them: OR, NOT and quotes are no operators.
    assert await _titles(None, '"Lastenrad"') == ["Olga Owner"]
    assert await _titles(None, "lastenrad (olga)") == ["Olga Owner"]
    assert await _titles(None, "lastenrad OR quantenphysik") == []
    assert await _titles(None, "olga NOT lastenrad") == ["Olga Owner"]
    assert await _titles(None, "title_en:olga") == []  # "title_en" is just a word nobody wrote
    assert await _titles(None, "in_title:olga") == []


async def test_similar_titles_match_any_word_and_ignore_syntax(hidden_words):
    assert [h.title for h in await search.similar(None, "Olga und Ottokar", types=("profile",))] == [
        "Olga Owner"]
    assert await search.similar(None, "staff_en:zorblatwerk zorb*", types=("profile",)) == []


ODD = ["", "   ", "AND", "OR NOT", "(", ")", '"unclosed', "*", "?", "~", "^2", "[a TO", "{", ":", "a:b:c",
       "title_en:", "staff_en:*", "\\", "a" * 500, "ü" * 300, "\x00", "%", "''", "--", "<script>"]


async def test_odd_search_input_never_breaks_the_search_page_or_the_idea_board(client, hidden_words):
    for q in ODD:
        for path in ("/search", "/ideas"):
            response = await client.get(path, params={"q": q})
            assert response.status_code == 200, (path, q)
            assert STAFF_WORD not in response.text and MEMBERS_WORD not in response.text
    found = await client.get("/search", params={"q": "staff_en:zorblatwerk"})
    assert "Olga Owner" not in found.text


async def test_results_name_their_type_in_the_readers_language_and_show_plain_marked_snippets(client):
    from ideas import board, comments

    author = await make_member("author@example.org", name="Author")
    idea = await board.submit(author, "Ladegrenze", "Die **Akkus** schonen: <b>bis</b> 80 % laden. " + "Mehr " * 60)
    await comments.add_comment(author, idea.pk, "Mein _Akku_ hält so länger.")
    await drain()
    english = (await client.get("/search", params={"q": "akku"})).text
    assert ">Idea</span>" in english and ">Comment</span>" in english
    german = (await client.get("/search", params={"q": "akku"}, headers={"Accept-Language": "de"})).text
    assert ">Idee</span>" in german and ">Kommentar</span>" in german
    # No Markdown marks; the reader's word marked; typed HTML shown as text; cut at a word with "…".
    assert "Die <mark>Akkus</mark> schonen: &lt;b&gt;bis&lt;/b&gt; 80 % laden. Mehr" in english
    assert "Mein <mark>Akku</mark> hält so länger." in english
    assert "**" not in english and "_Akku_" not in english
    assert "Mehr…</p>" in english and "Mehr Mehr…" in english


async def test_comment_hits_come_under_their_idea_and_filters_narrow_by_type(client):
    from ideas import board, comments

    author = await make_member("author@example.org", name="Author")
    first = await board.submit(author, "Ladegrenze einstellen", "Akku schonen.")
    second = await board.submit(author, "Kartenansicht", "Nichts dazu.")
    own = await comments.add_comment(author, first.pk, "Mit Akku bis 80 %.")
    other = await comments.add_comment(author, second.pk, "Der Akku hält nicht.")
    await drain()
    page = (await client.get("/search", params={"q": "akku"})).text
    assert page.count('<input type="search"') == 1  # the page's box, not the header's too
    results = page[page.index('class="item-list search-results"'):]
    # The idea and its comment are one entry; a comment whose idea did not match leads its own.
    assert results.count(f'<a href="/ideas/{first.pk}"><strong>') == 1
    assert results.index(f'href="/ideas/{first.pk}#comment-{own.pk}"') > results.index(f'href="/ideas/{first.pk}"')
    assert f'<a href="/ideas/{second.pk}"><strong>Kartenansicht</strong></a>' in results
    assert f'href="/ideas/{second.pk}#comment-{other.pk}"' in results

    only = (await client.get("/search", params={"q": "akku", "type": "comment"})).text
    listed = only[only.index('class="item-list search-results"'):]
    assert f'#comment-{own.pk}"' in listed and "2 results" in only
    assert ">Idea</span>" not in listed
    assert 'aria-current="page">Comments</a>' in only and '<input type="hidden" name="type" value="comment">' in only
    # A type that is not installed is no filter, never an error.
    odd = await client.get("/search", params={"q": "akku", "type": "idea' OR 1=1"})
    assert odd.status_code == 200 and "3 results" in odd.text
