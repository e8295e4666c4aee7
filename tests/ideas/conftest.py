"""Helpers for the idea board's tests: tags, and members of each role."""
import pytest

from ideas.models import Tag
from tests.conftest import make_member


@pytest.fixture
async def tags(db):
    return [await Tag.create(slug=slug, name_en=slug.title(), name_de=slug.title())
            for slug in ("app", "battery", "navigation")]


@pytest.fixture
async def people(db):
    """A member who posts, two more voters, a product manager, a moderator."""
    return {
        "ada": await make_member("ada@example.org", name="Ada"),
        "bob": await make_member("bob@example.org", name="Bob"),
        "cy": await make_member("cy@example.org", name="Cy"),
        "pm": await make_member("pm@example.org", name="Pat PM", role="product"),
        "mod": await make_member("mod@example.org", name="Mo Mod", role="moderator"),
    }
