"""The `portal` command as an operator uses it, each run in its own process on a fresh database."""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ON_POSTGRES

PORTAL = [sys.executable, "-m", "portal.cli"]


@pytest.fixture
def env(tmp_path):
    """Environment for a fresh SQLite database (or a fresh PostgreSQL database on the PG leg)."""
    values = {**os.environ, "PORTAL_DATA_DIR": str(tmp_path / "data")}
    if ON_POSTGRES:
        base, test_db = os.environ["TEST_DATABASE_URL"].rsplit("/", 1)
        # Named after the test database, so runs against other test databases on the same server
        # (other checkouts) do not drop this one under it.
        name = f"{test_db}_cli"
        admin = subprocess.run(["psql", f"{base}/postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {name}",
                                "-c", f"CREATE DATABASE {name}"], capture_output=True, text=True)
        assert admin.returncode == 0, admin.stderr
        values["DATABASE_URL"] = f"{base}/{name}"
    else:
        values["DATABASE_URL"] = f"sqlite://{tmp_path / 'vox.sqlite3'}"
    return values


def _site_models():
    """Every model of the core and every installed feature (initialised here, so a test run alone
    sees them as well as one that runs after others)."""
    from tortoise import Tortoise

    from portal import core, features
    from portal.db import tortoise_config

    features.install(core.installed(None))
    models = [model for label, app in tortoise_config("sqlite://:memory:")["apps"].items()
              for model in Tortoise.init_app(label, app["models"]).values()]
    assert {"Member", "SiteKey", "Idea"} <= {model.__name__ for model in models}
    return models


def test_no_model_docstring_holds_a_semicolon():
    """Tortoise puts a model's docstring into its migration SQL as a comment, and its SQLite runner
    splits statements at semicolons: one in a docstring breaks `portal migrate`."""
    for model in _site_models():
        assert ";" not in (model._meta.table_description or ""), model.__name__


def portal(env, *args, check=True):
    result = subprocess.run([*PORTAL, *args], env=env, capture_output=True, text=True, timeout=120)
    if check:
        assert result.returncode == 0, result.stderr[-2000:]
    return result


def test_migrate_builds_every_table_and_column_and_is_repeatable(env, tmp_path):
    portal(env, "migrate")
    assert "up to date" in portal(env, "migrate").stdout
    if ON_POSTGRES:
        return  # the PostgreSQL leg checks that migrations run there; the columns are checked on SQLite
    with sqlite3.connect(tmp_path / "vox.sqlite3") as connection:
        for model in _site_models():
            table = model._meta.db_table
            columns = {row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')}
            assert set(model._meta.fields_db_projection.values()) <= columns, table


def test_users_and_tokens_for_operators(env):
    portal(env, "migrate")
    created = portal(env, "users", "create", "ops@example.org", "--role", "admin", "--password",
                     "a long admin passphrase", "--name", "Ops")
    assert "ops@example.org" in created.stdout and "admin" in created.stdout
    weak = portal(env, "users", "create", "x@example.org", "--password", "short", check=False)
    assert weak.returncode != 0 and "8 characters" in weak.stderr
    token = portal(env, "tokens", "create", "ops@example.org", "--scope", "read", "--scope", "staff")
    assert token.stdout.strip().splitlines()[-1].startswith("vox_")
    unknown = portal(env, "tokens", "create", "nobody@example.org", check=False)
    assert unknown.returncode != 0 and "No active member" in unknown.stderr


def test_demo_seed_is_idempotent_and_search_can_be_rebuilt(env):
    portal(env, "migrate")
    assert "created" in portal(env, "seed", "--demo").stdout
    assert "already there" in portal(env, "seed", "--demo").stdout
    indexed = portal(env, "reindex").stdout
    assert int(indexed.split()[1]) >= 40
    replayed = portal(env, "replay", "notify").stdout
    assert "Replayed" in replayed
    assert portal(env, "replay", "nonsense", check=False).returncode != 0


def in_site(env, body: str, *, init: bool = True) -> str:
    """Run `body` (an async function's statements, with `url`, `config`, `Tortoise` and `migrate` at
    hand) in a fresh process against env's database, with the site's features installed; Tortoise
    is set up first unless `init` is False (the body migrates by hand). Returns what it printed."""
    code = ("import asyncio, json\n"
            "from tortoise import Tortoise\n"
            "from tortoise.migrations.api.migrate import migrate\n"
            "from portal import core, features, settings\n"
            "from portal.db import tortoise_config\n"
            "features.install(core.installed(None))\n"
            "async def main():\n"
            "    url = settings.current().database_url\n"
            "    config = tortoise_config(url)\n"
            + ("    await Tortoise.init(config=config)\n" if init else "")
            + textwrap.indent(textwrap.dedent(body).strip() + "\n", "    ")
            + "    await Tortoise.close_connections()\n"
            "asyncio.run(main())\n")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def _planner_rows(env, tmp_path, table: str) -> int | None:
    """How many rows the planner's statistics say `table` holds (None: no statistics)."""
    if ON_POSTGRES:
        done = subprocess.run(["psql", env["DATABASE_URL"], "-tAq", "-c",
                               f"SELECT reltuples::bigint FROM pg_class WHERE relname = '{table}' "
                               f"AND EXISTS (SELECT 1 FROM pg_stat_user_tables WHERE relname = '{table}' "
                               "AND last_analyze IS NOT NULL)"], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return int(done.stdout) if done.stdout.strip() else None
    with sqlite3.connect(tmp_path / "vox.sqlite3") as connection:
        if not connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            return None
        row = connection.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = ? AND idx IS NOT NULL", [table]).fetchone()
        return int(row[0].split()[0]) if row else 0


def test_migrate_and_seed_leave_statistics_for_the_planner(env, tmp_path):
    """Without them PostgreSQL guessed 259 rows for 50,017 ideas and SQLite has none at all: after
    `portal migrate` and after `portal seed` the planner knows how big the tables are."""
    portal(env, "migrate")
    assert _planner_rows(env, tmp_path, "idea") is not None
    portal(env, "seed", "--demo")
    portal(env, "seed", "--scale", "40")  # 200 ideas and 4,000 votes on top of the demo's
    for table, model in (("idea", "Idea"), ("idea_vote", "Vote"), ("member", "Member")):
        real = int(in_site(env, f"""
            from ideas.models import Idea, Vote
            from portal.accounts.models import Member
            print(await {model}.all().count())"""))
        estimate = _planner_rows(env, tmp_path, table)
        assert estimate is not None and abs(estimate - real) <= real * 0.1, (table, estimate, real)


def test_migrate_from_0004_keeps_events_and_cursors_in_place(env):
    """A database at 0004 (before the spine's columns) is brought up to date: old events get tx 0
    and old cursors keep their place."""
    in_site(env, """
        await migrate(config=config, app_labels=['portal'], target='portal.0004_one_time_secrets_at_send')
        conn = Tortoise.get_connection('default')
        await conn.execute_script(
            "INSERT INTO event (kind, subject_type, data, created_at) VALUES ('member.joined', '', '{}', CURRENT_TIMESTAMP); "
            "INSERT INTO consumer_cursor (name, last_event_id, failures, last_error, updated_at) "
            "VALUES ('notify', 1, 0, '', CURRENT_TIMESTAMP)")""", init=False)
    portal(env, "migrate")
    seen = in_site(env, """
        from portal.events import ConsumerCursor, Event, DeadLetter
        event = await Event.get(id=1)
        cursor = await ConsumerCursor.get(name='notify')
        print(event.tx, cursor.last_tx, cursor.last_event_id, await DeadLetter.all().count())""")
    assert seen.split() == ["0", "0", "1", "0"]


def test_migrate_renders_the_html_of_texts_written_before_it_was_stored(env):
    """Rows written before the *_html columns existed get their HTML once, in the migration: a bio,
    an idea, a comment, a status note and a campaign description, each with Markdown."""
    in_site(env, """
        await migrate(config=config, app_labels=['portal', 'ideas'], target='ideas.0003_member_indexes')
        await migrate(config=config, app_labels=['portal'], target='portal.0005_event_spine')
        conn = Tortoise.get_connection('default')
        for sql in (
            "INSERT INTO member (display_name, roles, language, status, created_at) VALUES ('Ada', '[]', 'en', 'active', CURRENT_TIMESTAMP)",
            "INSERT INTO profile (member_id, bio, company, country, interests, visibility, notification_prefs, digest, updated_at) VALUES (1, 'Rides *every* day', '', '', '[]', '{}', '{}', 'off', CURRENT_TIMESTAMP)",
            "INSERT INTO campaign (title, description, deadline, created_at) VALUES ('Trips', 'Tell us **all**', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
            "INSERT INTO idea (title, body, status, vote_count, comment_count, follower_count, trend, hidden_reason, created_at, updated_at) VALUES ('Maps', 'Maps <script>x</script> **offline**', 'new', 0, 0, 0, 0, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
            "INSERT INTO idea (title, body, status, vote_count, comment_count, follower_count, trend, hidden_reason, created_at, updated_at) VALUES ('Empty', '', 'new', 0, 0, 0, 0, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
            "INSERT INTO idea_comment (idea_id, body, official, created_at) VALUES (1, 'Yes _please_', false, CURRENT_TIMESTAMP)",
            "INSERT INTO idea_status_change (idea_id, from_status, to_status, note, created_at) VALUES (1, 'new', 'planned', 'Soon: `v2`', CURRENT_TIMESTAMP)",
        ):
            await conn.execute_query(sql)""", init=False)
    portal(env, "migrate")
    seen = in_site(env, """
        from ideas.models import Campaign, Comment, Idea, StatusChange
        from portal.profiles.models import Profile
        print(json.dumps([(await Profile.get(member_id=1)).bio_html, (await Campaign.get(id=1)).description_html,
                          *[i.body_html for i in await Idea.all().order_by('id')],
                          (await Comment.get(id=1)).body_html, (await StatusChange.get(id=1)).note_html]))""")
    assert json.loads(seen.strip().splitlines()[-1]) == [
        "<p>Rides <em>every</em> day</p>\n", "<p>Tell us <strong>all</strong></p>\n",
        "<p>Maps &lt;script&gt;x&lt;/script&gt; <strong>offline</strong></p>\n", "",
        "<p>Yes <em>please</em></p>\n", "<p>Soon: <code>v2</code></p>\n"]


def test_events_catalogue_command(env, tmp_path):
    out = tmp_path / "events.md"
    portal(env, "events", "catalogue", "--output", str(out))
    assert "`idea.voted`" in out.read_text() and "`member.erased`" in out.read_text()


def test_migrate_rebuilds_a_search_index_an_earlier_version_wrote(env, tmp_path):
    """An upgrade that changes the Whoosh index's layout needs no manual step: the release's
    `portal migrate` rebuilds it, once, and search finds the site's ideas right after."""
    env = {**env, "PORTAL_SEARCH": "whoosh"}
    portal(env, "migrate")
    portal(env, "seed", "--demo")
    from whoosh import index
    from whoosh.fields import ID, TEXT, Schema

    old = tmp_path / "data" / "search"
    shutil.rmtree(old, ignore_errors=True)
    old.mkdir(parents=True)
    # The layout before one field per band: one field per band and language.
    index.create_in(str(old), Schema(key=ID(unique=True, stored=True), title_en=TEXT(), public_en=TEXT()))
    assert "Rebuilt the search index" in portal(env, "migrate").stdout
    assert "Rebuilt" not in portal(env, "migrate").stdout
    found = in_site(env, """
        from portal import search
        results = await search.search(None, "Ladegrenze Akku")
        print(json.dumps([hit.title for hit in results.hits]))
    """)
    assert "Ladegrenze für den Akku einstellen (z. B. 80 %)" in json.loads(found.strip().splitlines()[-1])
