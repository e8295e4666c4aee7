"""The front page and a profile use indexes on a seeded database (the scale seeder's members with
their profiles, ideas and votes): see tests/plans.py for what fails."""
import pytest

from portal import seed
from portal.profiles import service
from tests.conftest import login, make_member
from tests.plans import assert_indexed, captured

MEMBERS = 200


@pytest.fixture
async def site(db, monkeypatch):
    """A seeded community, large enough (for this test) that the front page estimates how many
    members there are instead of counting them."""
    await seed.seed_scale(MEMBERS, verbose=False)
    monkeypatch.setattr(service, "COUNT_EXACTLY_BELOW", MEMBERS // 2)
    await make_member("ada@example.org", name="Ada")


async def test_the_front_page_and_a_profile_use_indexes_for_a_visitor(client, site):
    checked = await assert_indexed(client, ["/", "/u/bench_100", "/u/ada"])
    assert checked >= 4  # the capture saw the pages' statements


async def test_the_front_page_and_a_profile_use_indexes_for_a_member(client, site):
    await login(client, "ada@example.org")
    await assert_indexed(client, ["/", "/u/bench_100", "/u/ada"])


async def test_a_big_community_is_counted_about_and_without_a_count(client, site):
    with captured() as statements:
        page = (await client.get("/")).text
    assert not [sql for sql, _ in statements if "COUNT(" in sql.upper()]
    assert "about 200" in page
