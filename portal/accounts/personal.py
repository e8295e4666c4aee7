"""What accounts hold about a person (declared for export and erasure, see portal/personal_data.py)."""
from __future__ import annotations

from portal.accounts.models import ApiToken, Member, OneTimeToken, Session, SsoLink
from portal.events import Event
from portal.personal_data import Holding

SECRET = "a one-way hash of a secret: of no use to you, and a risk if it leaked"


async def _empty_member_row(member) -> None:
    """Keep the row (contributions point at it) but nothing that says who it was."""
    await Member.filter(id=member.pk).update(
        email=None, email_verified_at=None, password_hash=None, display_name="", handle=None,
        roles=[], language="en", status="erased")


# Declared in this package's feature declaration (see portal/features.py).
HOLDINGS = (
    Holding(Member, "id", "account", erase="custom",
            purpose="Your account: email address to log in and to reach you, name, handle and "
                    "picture (its file name; the picture itself is in the export too) shown with what you "
                    "post, language, roles.",
            kept="while you have an account; erasure empties every field and keeps an anonymous "
                 "row so your contributions stay readable as “former member”",
            omit={"password_hash": SECRET}),
    Holding(Session, "member", "sessions", erase="delete",
            purpose="Your logins: when, from which browser and address, so you can see and end them.",
            kept="until you log out or 30 days without use", omit={"token_hash": SECRET}),
    Holding(OneTimeToken, "member", "one_time_links", erase="delete",
            purpose="Links we mailed you to confirm your address or reset your password.",
            kept="until used or expired (at most 2 days), then only as a record of their use",
            omit={"token_hash": SECRET}),
    Holding(ApiToken, "member", "api_tokens", erase="delete",
            purpose="Tokens you created for the API: name, scopes, last use.",
            kept="until you revoke them", omit={"token_hash": SECRET}),
    Holding(Event, "actor_id", "activity", erase="keep",
            purpose="The record of what you did (posted, voted, changed a setting), which tells "
                    "the other parts of Vox to act on it. It holds ids and titles, no profile data.",
            kept="for as long as the community runs; after erasure it names nobody"),
    Holding(SsoLink, "member", "linked_logins", erase="delete",
            purpose="Logins at your company's sign-on service that you linked to this account.",
            kept="until you remove the link"),
)
ERASERS = (_empty_member_row,)
