"""The customer-owned profile: editing, validation, and what each kind of viewer sees."""
import pytest

from portal.accounts.models import Member
from portal.errors import Invalid, NotFound
from portal.events import Event
from portal.profiles import service
from tests.conftest import make_member


async def _profile_with_every_level():
    owner = await make_member("owner@example.org", name="Olga Owner")
    await service.update_profile(owner, {
        "bio": "I ride to work.", "company": "Acme", "country": "AT", "interests": "app, battery",
        "visibility": {"bio": "public", "company": "members", "country": "staff", "interests": "private"},
    })
    return owner


@pytest.mark.parametrize("viewer_kind,expected", [
    ("anonymous", {"display_name", "handle", "bio"}),
    ("member", {"display_name", "handle", "bio", "company"}),
    ("staff", {"display_name", "handle", "bio", "company", "country"}),
    ("self", {"display_name", "handle", "bio", "company", "country", "interests", "email", "language"}),
])
async def test_each_viewer_sees_exactly_the_fields_they_may(db, viewer_kind, expected):
    owner = await _profile_with_every_level()
    viewer = {
        "anonymous": lambda: None,
        "member": lambda: make_member("someone@example.org"),
        "staff": lambda: make_member("staff@example.org", role="service"),
        "self": lambda: Member.get(id=owner.pk),
    }[viewer_kind]()
    viewer = await viewer if viewer is not None else None
    visible = await service.view(viewer, owner)
    assert set(visible) == expected


async def test_update_saves_fields_and_emits_one_event_with_their_names(db):
    owner = await make_member()
    await service.update_profile(owner, {"bio": "Hello", "handle": "ada_rides", "language": "de"})
    member = await Member.get(id=owner.pk)
    assert member.handle == "ada_rides" and member.language == "de"
    profile = await service.get_profile(member)
    assert profile.bio == "Hello"
    event = await Event.filter(kind="profile.updated").order_by("-id").first()
    assert set(event.data["fields"]) == {"bio", "handle", "language"}


async def test_fields_the_member_may_not_set_are_ignored(db):
    owner = await make_member()
    await service.update_profile(owner, {"roles": ["admin"], "status": "erased", "email": "x@evil.example",
                                         "points": 1000, "bio": "ok"})
    member = await Member.get(id=owner.pk)
    assert member.roles == ["member"] and member.status == "active" and member.email == "ada@example.org"


async def test_nothing_changed_means_no_event(db):
    owner = await make_member()
    before = await Event.filter(kind="profile.updated").count()
    await service.update_profile(owner, {"bio": ""})
    assert await Event.filter(kind="profile.updated").count() == before


@pytest.mark.parametrize("changes,field", [
    ({"handle": "ab"}, "handle"),
    ({"handle": "Has Spaces"}, "handle"),
    ({"handle": "admin"}, "handle"),
    ({"display_name": "   "}, "display_name"),
    ({"bio": "x" * 501}, "bio"),
    ({"country": "XX"}, "country"),
    ({"language": "fr"}, "language"),
    ({"interests": "a, b, c, d, e, f, g, h, i"}, "interests"),
    ({"interests": "<script>"}, "interests"),
])
async def test_bad_input_is_refused_with_the_field_named_and_nothing_saved(db, changes, field):
    owner = await make_member()
    with pytest.raises(Invalid) as caught:
        await service.update_profile(owner, {**changes, "company": "Saved?"})
    assert field in caught.value.errors
    assert (await service.get_profile(owner)).company == ""


async def test_every_error_is_reported_at_once(db):
    owner = await make_member()
    with pytest.raises(Invalid) as caught:
        await service.update_profile(owner, {"handle": "!", "country": "XX", "bio": "x" * 600})
    assert set(caught.value.errors) == {"handle", "country", "bio"}


async def test_a_taken_handle_is_refused(db):
    await make_member("bob@example.org", name="Bob")
    owner = await make_member()
    with pytest.raises(Invalid) as caught:
        await service.update_profile(owner, {"handle": "bob"})
    assert "handle" in caught.value.errors


async def test_new_members_get_a_free_handle_from_their_name(db):
    first = await make_member("j1@example.org", name="Jürgen Groß")
    second = await make_member("j2@example.org", name="Jürgen Groß")
    assert first.handle == "jurgen_gro"
    assert second.handle == "jurgen_gro2"


async def test_unknown_and_erased_handles_are_not_found(db):
    owner = await make_member()
    with pytest.raises(NotFound):
        await service.get_by_handle("nobody_here")
    await Member.filter(id=owner.pk).update(status="erased")
    with pytest.raises(NotFound):
        await service.get_by_handle(owner.handle)


async def test_the_pulse_counts_active_members_newest_first(db):
    await make_member("a@example.org", name="Anna")
    await make_member("b@example.org", name="Bert")
    pulse = await service.community_pulse()
    assert pulse["members"] == 2
    assert [m.display_name for m in pulse["newest"]] == ["Bert", "Anna"]
