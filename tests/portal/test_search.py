"""Search: German and English stemming, and only what the reader may see."""
from portal import search
from portal.profiles import service as profiles
from tests.conftest import drain, make_member


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
