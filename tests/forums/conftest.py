"""Helpers for the forums' tests: members of each role and three categories (open to everyone,
to members, to the team)."""
import dataclasses

import pytest

from forums import categories, trust
from tests.conftest import make_member


@pytest.fixture
async def people(db):
    """A member who asks, another who answers, a new unverified one, staff of each kind."""
    return {
        "ada": await make_member("ada@example.org", name="Ada"),
        "bob": await make_member("bob@example.org", name="Bob"),
        "una": await make_member("una@example.org", name="Una", verified=False),
        "sam": await make_member("sam@example.org", name="Sam Service", role="service"),
        "mod": await make_member("mod@example.org", name="Mo Mod", role="moderator"),
        "root": await make_member("root@example.org", name="Ann Admin", role="admin"),
    }


@pytest.fixture
async def forum(people):
    """Categories for everyone, for members, and for the team."""
    admin = people["root"]
    return {
        "help": await categories.create_category(admin, name="Help", slug="help", description="Ask anything."),
        "lounge": await categories.create_category(admin, name="Members' lounge", slug="lounge", read="members"),
        "team": await categories.create_category(admin, name="Team room", slug="team", read="staff", post="staff"),
    }


@pytest.fixture
def paced():
    """Ask for it to keep the trust levels' pace limits (forums/trust.py) in a test."""


@pytest.fixture(autouse=True)
def relaxed_pace(request, monkeypatch):
    """Most tests post many times in a second: they run without the pace limits, unless they ask
    for `paced`. Every other limit (links, mentions, held posts) stays."""
    if "paced" in request.fixturenames:
        return
    monkeypatch.setattr(trust, "LIMITS", {level: dataclasses.replace(limits, post_seconds=0, thread_seconds=0)
                                          for level, limits in trust.LIMITS.items()})
