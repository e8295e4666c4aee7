"""A member's public name: one rule for every page, notification and API answer."""
from portal.accounts.models import Member
from portal.profiles.names import public_name
from portal.rendering import environment


def test_a_member_is_named_by_their_display_name_and_a_former_member_by_nothing():
    assert public_name(Member(display_name="Ada", status="active")) == "Ada"
    assert public_name(Member(display_name="", status="erased")) is None
    assert public_name(Member(display_name="Ada", status="erased")) is None  # mid-erasure
    assert public_name(Member(display_name="", status="active")) is None
    assert public_name(None) is None


def test_templates_ask_the_same_rule():
    template = environment().from_string("{{ public_name(m) or 'former member' }}|{{ m | public_name }}")
    assert template.render(m=Member(display_name="Ada", status="active")) == "Ada|Ada"
    assert template.render(m=Member(display_name="", status="erased")).startswith("former member|")
