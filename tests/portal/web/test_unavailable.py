"""While the database is away (a restart, a failover), pages and the API answer 503 with
Retry-After instead of 500, and the next request after it is back works again."""
import asyncpg
import httpx
import pytest

from portal import db as portal_db
from portal.profiles import service as profiles

AWAY = [
    ConnectionRefusedError(111, "Connection refused"),
    asyncpg.CannotConnectNowError("the database system is starting up"),
    asyncpg.AdminShutdownError("terminating connection due to administrator command"),
    asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
]


def _raising(error):
    async def broken(*args, **kwargs):
        raise RuntimeError("wrapped") from error
    return broken


@pytest.mark.parametrize("error", AWAY, ids=lambda e: type(e).__name__)
async def test_a_page_says_503_and_when_to_try_again_then_works_again(db, app, monkeypatch, error):
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        with monkeypatch.context() as patched:
            patched.setattr(profiles, "community_pulse", _raising(error))
            away = await client.get("/")
            german = await client.get("/", headers={"Accept-Language": "de"})
        back = await client.get("/")
    assert away.status_code == german.status_code == 503
    assert away.headers["retry-after"] == str(portal_db.RETRY_AFTER_SECONDS)
    assert "Back in a moment" in away.text and "Nothing you saved is lost" in away.text
    assert "Gleich wieder da" in german.text
    assert back.status_code == 200


async def test_the_api_says_503_as_problem_details(db, app, monkeypatch):
    from ideas import board

    monkeypatch.setattr(board, "list_after", _raising(ConnectionResetError(104, "Connection reset by peer")))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        away = await client.get("/api/v1/ideas")
    assert away.status_code == 503 and away.headers["retry-after"] == str(portal_db.RETRY_AFTER_SECONDS)
    assert away.headers["content-type"].startswith("application/problem+json")
    assert away.json()["status"] == 503


def test_a_bug_is_not_mistaken_for_an_absent_database():
    assert not portal_db.unavailable(RuntimeError("database on fire"))
    assert not portal_db.unavailable(asyncpg.InterfaceError("cannot perform operation: another operation is in progress"))
    assert not portal_db.unavailable(ValueError("x"))
    assert portal_db.unavailable(asyncpg.InterfaceError("connection is closed"))
