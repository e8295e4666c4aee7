"""Purpose-bound consents: what the member lets the company do with their data, and since when.

Every purpose is off until the member turns it on. Services that need a consent ask `has()` /
`require()` / `audience()` here, and nowhere else."""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from portal.event_kinds import ConsentChanged
from portal import events, i18n, settings
from portal.accounts.models import Member
from portal.clock import now
from portal.errors import N_, Forbidden, Invalid, Unauthenticated
from portal.profiles.models import Consent, ConsentChange
from portal.profiles.names import public_name


@dataclass(frozen=True)
class Purpose:
    name: str
    label: str
    explanation: str


# The core's purposes; a feature adds its own through its declaration (the surveys feature, say,
# "Invite me to surveys"), so a site never asks for a consent to something it does not have.
CORE_PURPOSES = (
    Purpose("contact", N_("Contact me about my feedback"),
            N_("The team may write to you about something you wrote here, for example to ask a "
               "question or to tell you something was fixed.")),
    Purpose("name_to_product", N_("Share my name with product teams when they read my ideas"),
            N_("Otherwise the product team sees your ideas under a pseudonym such as “Member 4F2A”. "
               "What you post in public stays public either way.")),
    Purpose("newsletter", N_("Newsletter"),
            N_("News about the product and this community, about once a month. "
               "Every issue has a link to stop it.")),
)
PURPOSES: dict[str, Purpose] = {p.name: p for p in CORE_PURPOSES}


def install(purposes: Iterable[Purpose]) -> None:
    """Replace the purposes with the installed features' (the core's included, first)."""
    PURPOSES.clear()
    PURPOSES.update((purpose.name, purpose) for purpose in purposes)


VIA = ("web", "api", "mail", "signup")


async def current(member: Member) -> dict[str, object]:
    """{purpose: granted_at or None} for every purpose. The member, staff views and the export
    call it; it emits nothing."""
    given = {c.purpose: c.granted_at for c in await Consent.filter(member_id=member.pk)}
    return {name: given.get(name) for name in PURPOSES}


async def history(member: Member, limit: int = 100) -> list[ConsentChange]:
    """The member's consent changes, newest first (shown in the privacy center)."""
    return await ConsentChange.filter(member_id=member.pk).order_by("-created_at", "-id").limit(limit)


def clean(choices) -> dict[str, bool]:
    """Choices as {purpose: wanted}; Invalid for anything but known purposes."""
    if not isinstance(choices, dict):
        raise Invalid("consents", N_("Please send the consents as an object of true and false."))
    unknown = [name for name in choices if name not in PURPOSES]
    if unknown:
        raise Invalid("consents", N_("Unknown purpose: %(name)s."), name=unknown[0])
    return {name: bool(wanted) for name, wanted in choices.items()}


async def set_consents(actor: Member, choices: dict[str, bool], *, via: str = "web") -> list[str]:
    """Give or withdraw consents of the acting member; purposes not in `choices` stay as they are.

    Only the member changes their own consents (staff cannot). Each change is kept in the history
    and emits `consent.changed` with the purpose and the new state. Returns the changed purposes."""
    if actor is None:
        raise Unauthenticated()
    choices = clean(choices)
    changed: list[str] = []
    async with in_transaction():
        given = set(await Consent.filter(member_id=actor.pk).values_list("purpose", flat=True))
        for name, wanted in choices.items():
            if wanted == (name in given):
                continue
            if wanted:
                await Consent.create(member_id=actor.pk, purpose=name, granted_at=now())
            else:
                await Consent.filter(member_id=actor.pk, purpose=name).delete()
            await ConsentChange.create(member_id=actor.pk, purpose=name, granted=wanted,
                                       via=via if via in VIA else "web")
            await events.emit("consent.changed", actor=actor, subject=actor,
                              data=ConsentChanged(purpose=name, granted=wanted))
            changed.append(name)
    return changed


async def has(member_id: int, purpose: str) -> bool:
    """Whether the member agreed to `purpose` (and is still an active member)."""
    return await Consent.filter(member_id=member_id, purpose=purpose, member__status="active").exists()


async def require(member: Member, purpose: str) -> None:
    """Raise Forbidden unless the member agreed to `purpose`. Services call it before acting."""
    if not await has(member.pk, purpose):
        raise Forbidden(N_("%(name)s has not agreed to this, so we cannot do it."),
                        name=member.display_name or N_("This member"))


async def audience(purpose: str) -> list[int]:
    """Ids of the active, verified members who agreed to `purpose` (newsletter, survey invitations)."""
    return await Consent.filter(purpose=purpose, member__status="active",
                                member__email_verified_at__isnull=False).order_by(
        "member_id").values_list("member_id", flat=True)  # type: ignore[return-value]  # Tortoise types flat=True as tuples


def pseudonym(member_id: int) -> str:
    """A stable stand-in name for staff who may not see the real one ("Member 4F2A", in German
    "Mitglied 4F2A").

    Keyed with the site's secret, so it cannot be turned back into the member id from outside."""
    digest = hmac.new(settings.current().secret_key.encode(), f"pseudonym:{member_id}".encode(),
                      hashlib.sha256).hexdigest()
    return i18n._("Member %(code)s", code=digest[:4].upper())


async def names_for_product(member_ids) -> dict[int, str]:
    """How product staff see the authors of ideas: the display name where the member agreed
    ("share my name with product teams"), else a pseudonym. Erased members read "former member"
    in the templates, so they get no entry."""
    ids = {i for i in member_ids if i}
    if not ids:
        return {}
    agreed = set(await Consent.filter(member_id__in=ids, purpose="name_to_product").values_list(
        "member_id", flat=True))
    names = {}
    for member in await Member.filter(id__in=ids).only("id", "display_name", "status"):
        if public_name(member) is None:
            continue
        names[member.pk] = member.display_name if member.pk in agreed else pseudonym(member.pk)
    return names
