"""Export and erasure across every package, checked from the models themselves: a member with
content everywhere takes it all home, then leaves without a trace."""
import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from tortoise import Tortoise
from tortoise.fields.relational import ForeignKeyFieldInstance, OneToOneFieldInstance
from tortoise.transactions import in_transaction

from ideas import board, comments, decisions, team, votes
from ideas.models import Idea, Vote
from portal import personal_data, search
from portal.search import whoosh_backend
from portal.search.models import SearchDocument
from portal.accounts import api_tokens
from portal.accounts import service as accounts
from portal.accounts.models import Member, SsoLink
from portal.clock import now
from portal.errors import Forbidden, Invalid
from portal.events import Event
from portal.notify import mail
from portal.notify.models import Notification
from portal.profiles import consents, erasure, export
from portal.profiles import service as profiles
from portal.profiles.models import AccessEntry
from tests.conftest import SEARCH_BACKENDS, drain, login, mailbox, make_member, post_form

NAME, SURNAME, EMAIL, HANDLE = "Ada Lovelace", "Lovelace", "countess@example.org", "ada_lovelace"


def _member_foreign_keys():
    """(model, field name) of every foreign key to a member, in every app."""
    for app in Tortoise.apps.values():
        for model in app.values():
            for name, field in model._meta.fields_map.items():
                if isinstance(field, (ForeignKeyFieldInstance, OneToOneFieldInstance)) and \
                        field.related_model is Member:
                    yield model, name


async def test_every_table_that_names_a_member_is_declared(db):
    declared = {(h.model, h.owner) for h in personal_data.holdings()}
    missing = [f"{model.__name__}.{name}" for model, name in _member_foreign_keys()
               if (model, name) not in declared]
    assert not missing, f"declare these in the package's personal.py: {missing}"
    assert (Member, "id") in declared


@pytest.fixture
async def ada(db, settings, tags, people):
    """Ada Lovelace with something in every table: profile, consents, logins, tokens, a linked
    login, an idea, a vote and a comment on Bob's idea, a co-author request, notifications, mail,
    and staff having looked at her data."""
    member = await make_member(EMAIL, name=NAME)
    await profiles.update_profile(member, {"handle": HANDLE, "bio": "Analytical engines and bikes.",
                                           "company": "Engines Ltd", "country": "GB", "interests": ["battery"]})
    await consents.set_consents(member, {"contact": True, "newsletter": True})
    await accounts.login(EMAIL, "correct horse battery", user_agent="Firefox")
    await accounts.request_password_reset(EMAIL)
    await api_tokens.create(member, "CRM", ["read"])
    await SsoLink.create(member=member, issuer="https://login.example.com", subject="ada-1", email=EMAIL)
    own = await board.submit(member, "Battery range in winter", "Show a realistic range when it is cold.",
                             ["battery"])
    bobs = await board.submit(people["bob"], "Dark mode for the app", "Easier on the eyes.", ["app"])
    await votes.set_vote(member, bobs.pk, True)
    await comments.add_comment(member, bobs.pk, "Yes please, for night rides.")
    await team.request_coauthor(member, bobs.pk)
    await decisions.change_status(people["pm"], own.pk, "under_review", "")
    await profiles.view(people["mod"], member)
    await drain()
    return {"member": await Member.get(id=member.pk), "own": own, "bobs": bobs}


async def test_the_export_holds_every_declared_column_and_no_secret(ada):
    member = ada["member"]
    document = await export.build(member, member.pk)
    assert document["format"] == "vox.member-export" and document["version"] == export.VERSION
    for holding in personal_data.holdings():
        if not holding.section:
            continue
        rows = document["sections"][holding.section]
        stored = [name for name in holding.model._meta.fields_db_projection]
        # The HTML stored beside a Markdown text is derived: the export carries the text itself.
        expected = [name for name in stored if name not in holding.omit
                    and name.removesuffix("_id") not in holding.omit
                    and not (name.endswith("_html") and name.removesuffix("_html") in stored)]
        if holding.describe is not None:  # told in the page's words (the access log)
            expected = list(holding.described_fields)
        assert document["columns"][holding.section] == expected
        for row in rows:
            assert list(row) == expected, holding.section
    sections = document["sections"]
    for name in ("account", "profile", "consents", "consent_history", "sessions", "one_time_links",
                 "api_tokens", "linked_logins", "ideas", "votes", "comments", "follows", "idea_roles",
                 "notifications", "access_log", "activity"):
        assert sections[name], f"{name} is empty"
    assert sections["account"][0]["email"] == EMAIL
    assert sections["profile"][0]["company"] == "Engines Ltd"
    assert sections["comments"][0]["body"] == "Yes please, for night rides."
    assert {"body", "title"} <= set(sections["ideas"][0]) and "body_html" not in sections["ideas"][0]
    assert "<p>" not in json.dumps(sections["comments"]) + json.dumps(sections["ideas"])
    text = json.dumps(document)
    assert "password_hash" not in text and "token_hash" not in text and "$argon2" not in text


async def test_the_zip_has_a_spreadsheet_per_section(ada):
    member = ada["member"]
    archive = zipfile.ZipFile(io.BytesIO(export.as_zip(await export.build(member, member.pk))))
    names = set(archive.namelist())
    assert {"export.json", "README.txt", "ideas.csv", "votes.csv", "consent_history.csv"} <= names
    ideas_csv = archive.read("ideas.csv").decode()
    assert ideas_csv.splitlines()[0].startswith("id,title,body")
    assert "Battery range in winter" in ideas_csv


async def test_members_download_their_own_export_and_nobody_elses(client, ada):
    await login(client, EMAIL)
    response = await client.get("/me/export.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    assert response.json()["sections"]["account"][0]["handle"] == HANDLE
    assert (await client.get("/me/export.zip")).headers["content-type"] == "application/zip"
    assert (await client.get("/me/export.csv")).status_code == 404
    with pytest.raises(Forbidden):
        await export.build(ada["member"], (await Member.get(email="bob@example.org")).pk)


async def test_an_admin_export_on_request_is_in_the_members_log(client, ada):
    await make_member("root@example.org", role="admin", name="Root Admin")
    await login(client, "root@example.org")
    response = await post_form(client, f"/staff/members/{ada['member'].pk}/export.zip", {"why": "account"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    entry = await AccessEntry.get(member_id=ada["member"].pk, action="export.downloaded")
    assert entry.reason == "Looking after your account, at your request"


async def test_the_api_export_through_a_token_is_logged(client, ada):
    _, raw = await api_tokens.create(ada["member"], "Backup script", ["read"])
    response = await client.get("/api/v1/me/export", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200 and response.json()["member_id"] == ada["member"].pk
    entry = await AccessEntry.filter(member_id=ada["member"].pk, action="export.downloaded").first()
    assert entry.actor_label == "API token “Backup script”"


# -- erasure -----------------------------------------------------------------------------------

async def _everything_stored() -> str:
    """Every row of every table, as one lower-case text."""
    parts = []
    for app in Tortoise.apps.values():
        for model in app.values():
            for row in await model.all().values():
                parts.append(json.dumps(row, default=str, ensure_ascii=False))
    return "\n".join(parts).lower()


async def _everything_indexed() -> str:
    """The search index as text: on PostgreSQL its table (with its text-search vectors), on Whoosh
    every stored field and every term of the index files."""
    if search.backend().name == "postgres":
        rows = await SearchDocument.all().values()
        return "\n".join(json.dumps(row, ensure_ascii=False) for row in rows).lower()
    index = whoosh_backend.index()
    with index.reader() as reader:
        stored = [json.dumps(fields, ensure_ascii=False) for fields in reader.all_stored_fields()]
        terms = [text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
                 for _, text in reader.all_terms()]
    return ("\n".join(stored) + "\n" + " ".join(terms)).lower()


def _traces_in(text: str) -> list[str]:
    return [trace for trace in (EMAIL, SURNAME.lower(), HANDLE, "engines ltd", "analytical engines")
            if trace.lower() in text]


@pytest.mark.parametrize("search_backend", SEARCH_BACKENDS)
async def test_erasure_leaves_no_trace_in_any_table_the_index_or_the_mail(client, settings, ada, people):
    member = ada["member"]
    assert _traces_in(await _everything_stored()) and _traces_in(await _everything_indexed())
    # A mail still in the spool that quotes her.
    async with in_transaction():
        await mail.queue("bob@example.org", "mail/notification.txt",
                         {"member": people["bob"], "text": f"{NAME} (@{HANDLE}) replied.", "url": "/"},
                         language="en", member=people["bob"], kind="idea_comment")
    votes_before = (await Idea.get(id=ada["bobs"].pk)).vote_count

    await login(client, EMAIL)
    response = await post_form(client, "/me/delete", {"password": "correct horse battery", "understood": "on"},
                               token_from="/me/delete")
    assert response.status_code == 303
    await drain()

    assert _traces_in(await _everything_stored()) == []
    assert _traces_in(await _everything_indexed()) == []
    for message in mailbox(settings):
        assert _traces_in(message.as_string().lower()) == [], message["Subject"]
    # The conversation stays: her idea and comment read "former member"; her vote still counts.
    page = (await client.get(f"/ideas/{ada['bobs'].pk}")).text
    assert "Yes please, for night rides." in page and "former member" in page
    assert (await Idea.get(id=ada["bobs"].pk)).vote_count == votes_before
    assert await Vote.filter(idea_id=ada["bobs"].pk, member_id=None).count() == 1
    assert (await client.get(f"/ideas/{ada['own'].pk}")).status_code == 200
    # Bob's notification about her comment no longer names her.
    note = await Notification.get(member_id=people["bob"].pk, kind="idea_comment")
    assert note.data["name"] == "A former member" and note.actor_id is None
    # She is logged out everywhere and cannot log in again.
    assert (await client.get("/me")).status_code == 303
    failed = await post_form(client, "/login", {"email": EMAIL, "password": "correct horse battery"},
                             token_from="/login")
    assert failed.status_code == 422
    erased = await Event.get(kind="member.erased")
    assert erased.subject_id == member.pk and erased.data == {"by": "self", "reason": ""}


async def test_erasure_needs_the_password_and_the_confirmation(client, ada):
    await login(client, EMAIL)
    wrong = await post_form(client, "/me/delete", {"password": "not my password", "understood": "on"},
                            token_from="/me/delete")
    assert wrong.status_code == 422 and "That password is not right." in wrong.text
    unticked = await post_form(client, "/me/delete", {"password": "correct horse battery"},
                               token_from="/me/delete")
    assert unticked.status_code == 422
    no_csrf = await client.post("/me/delete", data={"password": "correct horse battery", "understood": "on"})
    assert no_csrf.status_code == 403
    assert (await Member.get(id=ada["member"].pk)).status == "active"


async def test_a_member_without_password_confirms_with_a_fresh_single_sign_on(ada):
    member = ada["member"]
    await Member.filter(id=member.pk).update(password_hash=None)
    member = await Member.get(id=member.pk)
    old = await member.sessions.all().first()
    with pytest.raises(Forbidden):
        await erasure.erase_self(member, session=old)
    old.via, old.created_at = "sso", now() - timedelta(minutes=30)
    with pytest.raises(Forbidden):
        await erasure.erase_self(member, session=old)
    old.created_at = now()
    await erasure.erase_self(member, session=old)
    assert (await Member.get(id=member.pk)).status == "erased"


async def test_admins_erase_on_request_with_a_reason_others_may_not(client, ada, people):
    member = ada["member"]
    with pytest.raises(Forbidden):
        await erasure.erase_by_admin(people["mod"], member.pk, "asked")
    admin = await make_member("root@example.org", role="admin", name="Root Admin")
    with pytest.raises(Invalid):
        await erasure.erase_by_admin(admin, member.pk, "  ")
    await login(client, "root@example.org")
    response = await post_form(client, f"/staff/members/{member.pk}/erase",
                               {"reason": "Asked by mail on 20 November", "understood": "on", "why": "account"},
                               token_from="/staff/members")
    assert response.status_code == 303
    assert (await Member.get(id=member.pk)).status == "erased"
    logged = await AccessEntry.get(member_id=member.pk, action="member.erased")
    assert logged.actor_id == admin.pk and logged.reason == "Asked by mail on 20 November"
    event = await Event.get(kind="member.erased")
    assert event.actor_id == admin.pk and event.data["by"] == "admin"
    assert (await client.get(f"/staff/members/{member.pk}")).status_code == 404


def test_the_readme_describes_every_export_section():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    missing = [h.section for h in personal_data.holdings() if h.section and f"`{h.section}`" not in readme]
    assert not missing, f"add these to the README's personal data table: {missing}"


async def test_the_last_admin_cannot_be_erased(db):
    from portal.errors import Conflict

    admin = await make_member("root@example.org", role="admin")
    with pytest.raises(Conflict):
        await erasure.erase_self(admin, password="correct horse battery")
    second = await make_member("second@example.org", role="admin")
    await erasure.erase_self(admin, password="correct horse battery")
    assert (await Member.get(id=admin.pk)).status == "erased"
    with pytest.raises(Conflict):
        await erasure.erase_self(second, password="correct horse battery")
