"""The profile's sections that features contribute (portal/profiles/activity.py)."""
from portal import core, features
from portal.profiles import activity
from portal.profiles.activity import ProfileSection
from tests.conftest import make_member


async def test_sections_come_in_order_and_those_with_nothing_to_show_are_left_out(db):
    ada = await make_member()
    asked = []

    async def found(viewer, member):
        asked.append((viewer, member.pk))
        return {"items": ["one"]}

    async def nothing(viewer, member):
        return None

    activity.install([ProfileSection("late", "late.html", found, order=90),
                      ProfileSection("empty", "empty.html", nothing, order=10),
                      ProfileSection("early", "early.html", found, order=20)])
    try:
        shown = await activity.sections(None, ada)
    finally:
        features.install(core.installed(None))
    assert [(section.name, data) for section, data in shown] == [("early", {"items": ["one"]}),
                                                                 ("late", {"items": ["one"]})]
    assert asked == [(None, ada.pk), (None, ada.pk)]

