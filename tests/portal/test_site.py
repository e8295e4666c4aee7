"""The site is built from a list of features: with none, the core works on its own and nothing
points to a missing feature; with the idea board in the list, the board appears everywhere it
should (header, front page, API description, notifications, privacy export, customer view)."""
import httpx
import pytest

from ideas import board
from portal import core, features
from portal.app import create_app
from portal.events import EventKind, Payload
from tests.conftest import drain, fresh_database, login, make_member, post_form
from tests.portal.profiles.test_routes import FULL_FORM

CORE_ONLY = [core.CORE]


@pytest.fixture
async def core_client(settings):
    """A browser on a site built from the core alone, with a database of the core's tables."""
    async with fresh_database(settings, CORE_ONLY):
        app = create_app(settings, site=CORE_ONLY)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=("127.0.0.1", 5000)),
                                     base_url="http://testserver") as client:
            yield client
    features.install(core.installed(None))


async def test_the_core_alone_signs_up_logs_in_and_keeps_a_profile(core_client):
    response = await post_form(core_client, "/signup", {"email": "new@example.org",
                                                        "password": "correct horse battery",
                                                        "display_name": "New Person"}, token_from="/signup")
    assert response.status_code == 200
    await make_member("ada@example.org", name="Ada Lovelace")
    await login(core_client)
    saved = await post_form(core_client, "/me", FULL_FORM, token_from="/me")
    assert saved.status_code == 303
    assert (await core_client.get("/u/ada")).status_code == 200
    assert (await core_client.get("/me/privacy")).status_code == 200
    export = await core_client.get("/me/export.json")
    assert export.status_code == 200
    assert "votes" not in export.json()["sections"] and "profile" in export.json()["sections"]


async def test_the_core_alone_searches_and_serves_its_api(core_client):
    await make_member("ada@example.org", name="Ada Lovelace")
    await drain()
    found = await core_client.get("/search", params={"q": "Ada"})
    assert found.status_code == 200 and "Ada Lovelace" in found.text
    spec = (await core_client.get("/api/v1/openapi.json")).json()
    assert "/me" in spec["paths"] and not any(path.startswith("/ideas") for path in spec["paths"])
    await login(core_client)
    assert (await core_client.get("/api/v1/me")).status_code == 200


async def test_the_core_alone_points_to_no_missing_feature(core_client):
    await make_member("pat@example.org", role="product")
    home = await core_client.get("/")
    assert home.status_code == 200
    assert 'href="/ideas"' not in home.text and "Trending ideas" not in home.text
    assert (await core_client.get("/ideas")).status_code == 404
    await login(core_client, "pat@example.org")
    me = await core_client.get("/me/notifications/settings")
    assert "News about ideas you follow" not in me.text
    assert 'href="/staff/ideas"' not in (await core_client.get("/")).text


async def test_the_idea_board_appears_where_it_should(client):
    pat = await make_member("pat@example.org", role="product")
    await board.submit(pat, "Dark mode for the app", "Easier on the eyes at night.")
    home = await client.get("/")
    assert 'href="/ideas"' in home.text and 'href="/roadmap"' in home.text and 'href="/campaigns"' in home.text
    assert "Trending ideas" in home.text and "Dark mode for the app" in home.text
    spec = (await client.get("/api/v1/openapi.json")).json()
    assert any(path.startswith("/ideas") for path in spec["paths"])
    await login(client, "pat@example.org")
    assert 'href="/staff/ideas"' in (await client.get("/")).text
    assert "News about ideas you follow" in (await client.get("/me/notifications/settings")).text
    export = await client.get("/me/export.json")
    assert {"votes", "comments", "ideas"} <= set(export.json()["sections"])


async def test_a_member_may_not_take_a_feature_name_as_handle(client):
    await make_member("ada@example.org")
    await login(client)
    taken = await post_form(client, "/me", {**FULL_FORM, "handle": "roadmap"}, token_from="/me")
    assert taken.status_code == 422
    assert (await post_form(client, "/me", {**FULL_FORM, "handle": "ideas"}, token_from="/me")).status_code == 422


def test_a_site_names_every_feature_once():
    twice = features.Feature(name="twice", permissions={"staff.access": frozenset({"admin"})})
    with pytest.raises(ValueError, match="staff.access"):
        features.install([core.CORE, twice])

    class Nothing(Payload):
        pass

    doubled = features.Feature(name="doubled", events=(EventKind("x.happened", Nothing, "."),) * 2)
    with pytest.raises(ValueError, match="x.happened"):
        features.install([core.CORE, doubled])
    features.install(core.installed(None))


def test_portal_features_names_an_unknown_feature_clearly():
    with pytest.raises(ValueError, match="nonsense"):
        features.select(["nonsense"])
    assert [feature.name for feature in features.select([])] == []


def test_portal_features_in_the_environment_names_the_site(tmp_path):
    from portal.settings import load_settings

    env = {"PORTAL_DATA_DIR": str(tmp_path), "PORTAL_SECRET_KEY": "k" * 48}
    assert load_settings(env).features is None  # unset: every installed feature
    assert load_settings({**env, "PORTAL_FEATURES": ""}).features == ()  # the core alone
    assert load_settings({**env, "PORTAL_FEATURES": "ideas, forums"}).features == ("ideas", "forums")


def test_the_search_backend_follows_the_database_unless_portal_search_names_one(tmp_path):
    from portal.settings import Settings, load_settings

    def _search_env(tmp_path, **more):
        return {"PORTAL_DATA_DIR": str(tmp_path), "PORTAL_SECRET_KEY": "k" * 48, **more}

    pg = "postgres://vox@db.example.org:5432/vox"
    assert load_settings(_search_env(tmp_path)).search_backend == "whoosh"
    assert load_settings(_search_env(tmp_path, DATABASE_URL=pg)).search_backend == "postgres"
    assert load_settings(_search_env(tmp_path, DATABASE_URL=pg.replace("postgres", "postgresql", 1))).search_backend == "postgres"
    assert load_settings(_search_env(tmp_path, DATABASE_URL=pg, PORTAL_SEARCH="whoosh")).search_backend == "whoosh"
    assert load_settings(_search_env(tmp_path, PORTAL_SEARCH=" Whoosh ")).search_backend == "whoosh"
    with pytest.raises(ValueError, match="PORTAL_SEARCH='elastic' is not a search backend; choose one of: whoosh, postgres"):
        load_settings(_search_env(tmp_path, PORTAL_SEARCH="elastic"))
    with pytest.raises(ValueError, match="PORTAL_SEARCH=postgres needs a PostgreSQL database"):
        load_settings(_search_env(tmp_path, PORTAL_SEARCH="postgres"))
    with pytest.raises(ValueError, match="needs a PostgreSQL database"):
        Settings(search_backend="postgres")
