"""The core's own API: /me (your profile) and /me/export (everything Vox holds about you)."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import ConfigDict, Field

from portal.profiles import access_log, consents, export
from portal.profiles import service as profiles
from portal.profiles.fields import CHOOSABLE, VISIBILITY_LEVELS, visibility_of

from .operations import Call, Operation
from .types import Input, Line, Omittable, Output, Text

if TYPE_CHECKING:  # the choices are known only when the code runs: to the checker they are text
    Level = str
    Chosen = str
else:
    Level = Literal[VISIBILITY_LEVELS]
    Chosen = Literal[CHOOSABLE]
# The purposes depend on the features installed (portal/profiles/consents.py): an unknown one is
# refused by the service with 422, like any other invalid value.
Purpose = str
Digest = Literal["off", "daily", "weekly"]
Language = Literal["en", "de"]


class Me(Output):
    """Your own profile, as you see it."""

    id: int
    email: str | None
    email_verified: bool
    display_name: str
    handle: str | None
    bio: str
    company: str
    country: str = Field(description="ISO 3166 alpha-2 code, or empty")
    interests: list[str]
    language: str
    roles: list[str]
    visibility: dict[str, Level]
    digest: Digest
    consents: dict[str, bool] = Field(description="Each purpose: true while you consent")
    created_at: datetime


class MeChanges(Input):
    """The fields you may change; send only those you change (never null). Fields you may not
    change here (email, roles, status, …) and unknown ones are ignored, as they always were."""

    model_config = ConfigDict(strict=True, extra="ignore")

    display_name: Annotated[str, Line(80, 1)] = Omittable()
    handle: Annotated[str, Line(24, 3)] = Omittable()
    bio: Annotated[str, Text(500)] = Omittable()
    company: Annotated[str, Line(100)] = Omittable()
    country: Annotated[str, Line(2)] = Omittable("ISO 3166 alpha-2 code, or empty")
    interests: Annotated[list[Annotated[str, Line(24)]], Field(max_length=8)] = Omittable()
    language: Language = Omittable()
    visibility: dict[Chosen, Level] = Omittable()
    digest: Digest = Omittable()
    consents: dict[Purpose, bool] = Omittable("Purposes to give (true) or withdraw (false)")


class Export(Output):
    """The vox.member-export document (see the README): sections of rows, what each is for."""

    model_config = ConfigDict(extra="allow")

    format: str
    version: int | str
    exported_at: datetime
    member_id: int
    sections: dict[str, list[dict]]
    about: dict[str, str]
    columns: dict[str, list[str]]


async def me_of(member) -> Me:
    profile = await profiles.get_profile(member)
    return Me(
        id=member.pk, email=member.email, email_verified=member.is_verified,
        display_name=member.display_name, handle=member.handle, bio=profile.bio,
        company=profile.company, country=profile.country, interests=list(profile.interests or []),
        language=member.language, roles=list(member.roles or []),
        visibility={name: visibility_of(profile, name) for name in CHOOSABLE}, digest=profile.digest,
        consents={name: at is not None for name, at in (await consents.current(member)).items()},
        created_at=member.created_at,
    )


async def get_me(call: Call) -> Me:
    member = call.require()
    if call.token_label:
        await access_log.record(member.pk, "api.read", actor=member, actor_label=call.token_label)
    return await me_of(member)


async def patch_me(call: Call) -> Me:
    member = call.require()
    changes = call.body_as(MeChanges).model_dump(exclude_unset=True)
    wanted = changes.pop("consents", None)
    if wanted:
        consents.clean(wanted)  # an unknown purpose is refused before anything is saved
    await profiles.update_profile(member, changes)
    if wanted:
        await consents.set_consents(member, wanted, via="api")
    return await me_of(member)


async def get_my_export(call: Call) -> Export:
    member = call.require()
    return Export(**await export.build(member, member.pk, token_label=call.token_label))


operations = [
    Operation("GET", "/me", get_me, "getMe", "me", "Your own profile", scopes=("read",), response=Me),
    Operation("PATCH", "/me", patch_me, "updateMe", "me",
              "Change your own profile (fields you may not change, and unknown ones, are ignored)",
              scopes=("write",), body=MeChanges, response=Me),
    Operation("GET", "/me/export", get_my_export, "exportMe", "me",
              "Everything Vox holds about you (format vox.member-export, see the README)",
              scopes=("read",), response=Export),
]
