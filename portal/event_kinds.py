"""The core's event kinds and the facts each carries (the idea board declares its own in
ideas/events.py). The subject of every member event is the member; the actor is who did it."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from portal.events import EventKind, NoFacts, Payload


class RolesChanged(Payload):
    roles: list[str] = Field(description="The member's roles after the change.")


class ProfileUpdated(Payload):
    fields: list[str] = Field(description="The names of the profile fields that changed.")


class MemberErased(Payload):
    by: Literal["self", "admin"] = Field(description="Whether the member or an admin erased the account.")
    reason: str = Field(description="The admin's reason (empty when the member erased themselves).")


class ConsentChanged(Payload):
    purpose: str = Field(description="The consent purpose, e.g. newsletter.")
    granted: bool = Field(description="Whether the member now agrees.")


class NewsletterSent(Payload):
    recipients: int = Field(description="How many members the issue went to.")


class MailQueued(Payload):
    kind: str = Field(description="What the mail is about (a notification kind, digest, verify, …).")


class SsoLinked(Payload):
    issuer: str = Field(description="The OpenID Connect issuer of the linked login.")


class ContentHidden(Payload):
    reason: str = Field(description="The moderator's reason, shown to the author.")
    author: int | None = Field(description="The hidden content's author (None when erased).")


CORE_KINDS = (
    EventKind("member.joined", NoFacts, "Someone signed up (or was created by an admin)."),
    EventKind("member.verified", NoFacts, "A member confirmed their email address."),
    EventKind("password.changed", NoFacts, "A member's password was changed or reset."),
    EventKind("email.changed", NoFacts, "A member's email address was changed."),
    EventKind("member.roles_changed", RolesChanged, "An admin changed a member's roles."),
    EventKind("profile.updated", ProfileUpdated, "A member changed their profile."),
    EventKind("member.erased", MemberErased, "A member's account and personal data were erased."),
    EventKind("consent.changed", ConsentChanged, "A member gave or withdrew a consent."),
    EventKind("newsletter.sent", NewsletterSent, "An admin sent a newsletter issue."),
    EventKind("mail.queued", MailQueued, "A mail was written to the spool, to be sent after commit."),
    EventKind("sso.linked", SsoLinked, "A member linked a single sign-on login."),
    EventKind("sso.unlinked", SsoLinked, "A member removed a single sign-on login."),
    EventKind("content.hidden", ContentHidden, "A moderator hid content (an idea, a post, …)."),
)
