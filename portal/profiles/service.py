"""The customer-owned profile: creation, editing, per-field visibility, what each viewer sees."""
from __future__ import annotations

import re
import unicodedata
from email.utils import parseaddr
from functools import lru_cache

from babel import Locale
from tortoise.transactions import in_transaction

from portal.event_kinds import ProfileUpdated
from portal import events, search, settings
from portal.accounts import permissions
from portal.accounts.models import Member
from portal.db import estimated_rows
from portal.errors import N_, Invalid, NotFound
from portal.i18n import LANGUAGES
from portal.markdown import HTML_SUFFIX, with_html
from portal.notify.kinds import KINDS
from portal.profiles import access_log
from portal.profiles.fields import (BY_NAME, CHOOSABLE, DIGEST_CHOICES, EDITABLE, SEES, VISIBILITY_LEVELS,
                                    viewer_kind, visibility_of)
from portal.profiles.models import Profile

HANDLE_RE = re.compile(r"^[a-z0-9_]{3,24}$")
# An interest: a tag's slug, or a free entry in any language ("kälte", "e-bike"): letters and
# digits of any script, and hyphens between.
TAG_RE = re.compile(r"^[^\W_][\w-]{0,23}$")
# Handles that would pass for the site or one of its pages; the installed features' names and top
# paths are added at install (see reserve_handles).
RESERVED_HANDLES = {"admin", "staff", "me", "api", "static", "login", "logout", "signup", "search",
                    "vox", "support", "root", "team", "moderator"}
_reserved: set[str] = set(RESERVED_HANDLES)


def reserve_handles(names) -> None:
    """Reserve the installed features' names and the first segments of their paths as handles."""
    _reserved.clear()
    _reserved.update(RESERVED_HANDLES, (name.lower() for name in names))


# Two-letter codes Babel lists that are no country: unknown, groupings and private-use codes.
NOT_COUNTRIES = {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"}


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """ISO 3166 two-letter codes with their names in English (for validation)."""
    return {code: name for code, name in Locale("en").territories.items()
            if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES}


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    return (slug or "member")[:20]


async def free_handle(display_name: str) -> str:
    """A handle derived from a name that nobody has yet (jane_doe, jane_doe2, …)."""
    base = _slug(display_name)
    if len(base) < 3 or base in _reserved:
        base = f"{base}_member"[:20]
    candidate, n = base, 1
    while await Member.filter(handle=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


async def create_for(member: Member) -> Profile:
    """Create the empty profile of a new member (inside the sign-up transaction)."""
    return await Profile.create(member=member)


async def get_profile(member: Member) -> Profile:
    profile = await Profile.get_or_none(member_id=member.pk)
    return profile or await Profile.create(member=member)


def _clean_text(value, name: str) -> str:
    field = BY_NAME[name]
    text = str(value if value is not None else "").strip()
    if len(text) > field.max_length:
        raise Invalid(name, N_("Please keep this under %(n)s characters."), n=field.max_length)
    return text


# Characters a name may not hold: controls and line breaks (Cc, Zl, Zp: a line break in a name broke
# the subject of the mails that quote it) and invisible formatting (Cf: bidi overrides such as
# U+202E, zero-width spaces and joiners, U+FEFF), which make a name read other than it is.
REFUSED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co"}
# Names that would pass for the team: reserved for admins, in any case, spacing or look-alike letters.
STAFF_WORDS = ("team", "admin", "administrator", "moderator", "mod", "staff", "support", "official",
               "service", "helpdesk")
# Letters that look alike, folded before names are compared (Cyrillic and Greek look-alikes, digits
# and signs used as letters). l, 1, | and I all read as one stroke.
_LOOKALIKES = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "к": "k", "м": "m", "т": "t", "в": "b", "н": "h", "α": "a", "ε": "e", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "ν": "v", "κ": "k", "ι": "i", "χ": "x", "0": "o", "1": "i", "l": "i", "|": "i", "!": "i",
    "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s",
})

def _name_key(name: str) -> str:
    """A name reduced to what it looks like: no case, accents, spacing, punctuation or look-alikes."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_LOOKALIKES)
    return "".join(ch for ch in text if ch.isalnum())


def site_name() -> str:
    """The community's name, as the mail sender shows it (PORTAL_MAIL_FROM, "Vox" by default)."""
    name, _ = parseaddr(settings.current().mail_from)
    return name or "Vox"


def _passes_for_staff(name: str) -> bool:
    """"Vox Team", "vox-team", "VOX  TEAM", "V0x Τeam" (Greek T), "Admin", "Vox Support Desk" …"""
    key, site = _name_key(name), _name_key(site_name())
    words = [_name_key(word) for word in STAFF_WORDS]
    if key in {site, *words, *(site + word for word in words), *(word + site for word in words)}:
        return True
    # The site's name followed by a staff word starts many imitations ("Vox Team Berlin").
    return any(key.startswith(site + word) for word in words if len(word) >= 4)


def clean_display_name(value, *, actor: Member | None = None) -> str:
    """The name shown with everything a member posts: required, within the field's length, free of
    control, line-break and invisible characters (checked after NFKC normalisation, which is also
    what is kept), and not one that passes for the team ("Vox Team", "Admin", the site's name …)
    unless `actor`, the one choosing the name, is an admin. Sign-up (actor None), the profile form
    and the API use this one rule. Raises Invalid("display_name")."""
    text = unicodedata.normalize("NFKC", str(value if value is not None else ""))
    if any(unicodedata.category(ch) in REFUSED_CATEGORIES for ch in text):
        raise Invalid("display_name", N_("Please use visible characters only: no line breaks, control "
                                         "characters or invisible formatting."))
    text = " ".join(text.split())
    text = _clean_text(text, "display_name")
    if not text:
        raise Invalid("display_name", N_("Please tell us what to call you."))
    if _passes_for_staff(text) and not permissions.can(actor, "profile.staff_name"):
        raise Invalid("display_name", N_("This name is kept for the team. Please choose another one."))
    return text


def _clean_tags(value) -> list[str]:
    items = value if isinstance(value, list) else str(value or "").split(",")
    tags: list[str] = []
    for item in items:
        tag = "-".join(unicodedata.normalize("NFC", str(item)).lower().split())
        if not tag:
            continue
        if not TAG_RE.match(tag) or "_" in tag:
            raise Invalid("interests", N_("Tags use letters, digits and hyphens (up to 24 characters)."))
        if tag not in tags:
            tags.append(tag)
    if len(tags) > BY_NAME["interests"].max_length:
        raise Invalid("interests", N_("Please choose at most 8 interests."))
    return tags


async def _clean(member: Member, changes: dict) -> dict:
    """Validate the editable fields present in `changes`, collecting every error at once."""
    cleaned: dict = {}
    errors: dict[str, str] = {}
    for name in EDITABLE:
        if name not in changes:
            continue
        try:
            value = changes[name]
            if name == "interests":
                cleaned[name] = _clean_tags(value)
            elif name == "handle":
                handle = _clean_text(value, name).lower()
                if not HANDLE_RE.match(handle) or handle in _reserved:
                    raise Invalid(name, N_("Use 3 to 24 lowercase letters, digits or _."))
                if await Member.filter(handle=handle).exclude(id=member.pk).exists():
                    raise Invalid(name, N_("That handle is taken. Please choose another one."))
                cleaned[name] = handle
            elif name == "display_name":
                cleaned[name] = clean_display_name(value, actor=member)
            elif name == "country":
                code = _clean_text(value, name).upper()
                if code and code not in countries():
                    raise Invalid(name, N_("Please choose a country from the list."))
                cleaned[name] = code
            elif name == "language":
                if value not in LANGUAGES:
                    raise Invalid(name, N_("Please choose a language from the list."))
                cleaned[name] = value
            else:
                cleaned[name] = _clean_text(value, name)
        except Invalid as exc:
            errors.update(exc.errors)
    if errors:
        raise Invalid(errors=errors)
    return cleaned


def _clean_visibility(value) -> dict:
    if not isinstance(value, dict):
        raise Invalid("visibility", N_("Please choose who may see each field."))
    result = {}
    for name, level in value.items():
        if name in CHOOSABLE:
            if level not in VISIBILITY_LEVELS:
                raise Invalid("visibility", N_("Please choose who may see each field."))
            result[name] = level
    return result


def _clean_notifications(value) -> dict:
    if not isinstance(value, dict):
        raise Invalid("notifications", N_("Please choose how we notify you."))
    result = {}
    for kind, choice in value.items():
        if kind in KINDS and isinstance(choice, dict):
            result[kind] = {"in_app": bool(choice.get("in_app")), "mail": bool(choice.get("mail"))}
    return result


async def update_profile(actor: Member, changes: dict) -> Member:
    """Change the acting member's own profile, visibility choices and notification preferences.

    Only the member edits their profile; fields they may not set (role, status, points, email,
    anything unknown) are ignored. Emits `profile.updated` with the names of the changed fields."""
    cleaned = await _clean(actor, changes)
    profile = await get_profile(actor)
    changed: list[str] = []
    async with in_transaction():
        for name, value in cleaned.items():
            target = actor if BY_NAME[name].table == "member" else profile
            if getattr(target, name) != value:
                # A Markdown field's HTML is rendered now, and goes with the text when it is emptied.
                for key, stored in (with_html(**{name: value}) if BY_NAME[name].markdown else {name: value}).items():
                    setattr(target, key, stored)
                changed.append(name)
        if "visibility" in changes:
            visibility = {**(profile.visibility or {}), **_clean_visibility(changes["visibility"])}
            if visibility != (profile.visibility or {}):
                profile.visibility = visibility
                changed.append("visibility")
        if "notifications" in changes:
            prefs = {**(profile.notification_prefs or {}), **_clean_notifications(changes["notifications"])}
            if prefs != (profile.notification_prefs or {}):
                profile.notification_prefs = prefs
                changed.append("notifications")
        if "digest" in changes:
            if changes["digest"] not in DIGEST_CHOICES:
                raise Invalid("digest", N_("Please choose one of the digest options."))
            if profile.digest != changes["digest"]:
                profile.digest = changes["digest"]
                changed.append("digest")
        if changed:
            await actor.save()
            await profile.save()
            await events.emit("profile.updated", actor=actor, subject=actor, data=ProfileUpdated(fields=changed))
    return actor


async def set_language(actor: Member, language: str) -> None:
    """Remember the member's language (the language switch). Emits `profile.updated`."""
    await update_profile(actor, {"language": language})


async def get_by_handle(handle: str) -> Member:
    """The active member with this handle, or NotFound (erased members have no page)."""
    member = await Member.get_or_none(handle=(handle or "").lower(), status="active")
    if member is None:
        raise NotFound()
    return member


async def view(viewer: Member | None, member: Member, *, log: bool = True, html: bool = False) -> dict:
    """The profile as this viewer may see it: {field name: value} for the visible fields only, and
    with `html` also each visible Markdown field's stored HTML as `<name>_html` (the profile page).

    Anyone may call it; the owner sees everything, staff see staff-level fields, members see
    members-level fields, the public sees public fields. A staff viewer's look is written to the
    member's access log (unless the caller logs it itself: `log=False`). Emits nothing."""
    profile = await get_profile(member)
    kind = viewer_kind(viewer, member.pk)
    if kind == "staff" and log:
        await access_log.record(member.pk, "profile.viewed", actor=viewer)
    sees = SEES[kind]
    visible = {}
    for name, field in BY_NAME.items():
        if visibility_of(profile, name) in sees:
            target = member if field.table == "member" else profile
            visible[name] = getattr(target, name)
            if html and field.markdown:
                visible[name + HTML_SUFFIX] = getattr(target, name + HTML_SUFFIX)
    return visible


# -- search: members' profiles as documents ---------------------------------------------------


async def _profile_doc(member_id: int) -> search.Doc | None:
    member = await Member.get_or_none(id=member_id, status="active")
    if member is None or not member.handle:
        return None
    return _as_profile_doc(member, await get_profile(member))


async def _profile_docs(ids: list[int]) -> dict[int, search.Doc | None]:
    members = await Member.filter(id__in=ids, status="active").exclude(handle=None)
    profiles = {p.member_id: p for p in await Profile.filter(member_id__in=[m.pk for m in members])}
    # A member without a profile row yet has the default one (not written here: a rebuild only reads).
    return {m.pk: _as_profile_doc(m, profiles.get(m.pk) or Profile(member_id=m.pk)) for m in members}


def _as_profile_doc(member: Member, profile: Profile) -> search.Doc | None:
    if not member.handle:
        return None
    texts: dict[str, list[str]] = {"public": [member.handle], "members": [], "staff": []}
    for name in CHOOSABLE:
        band = visibility_of(profile, name)  # "private" fields are in no band
        value = getattr(profile, name)
        if band in search.BANDS and value:
            if name == "country":
                value = countries().get(value, value)
            texts[band].append(" ".join(value) if isinstance(value, list) else str(value))
    summary = profile.bio if visibility_of(profile, "bio") == "public" else ""
    return search.Doc(type="profile", id=member.pk, title=member.display_name, url=f"/u/{member.handle}",
                      summary=summary, texts={k: "\n".join(v) for k, v in texts.items()})


async def _profile_ids():
    for member_id in await Member.filter(status="active").order_by("id").values_list("id", flat=True):
        yield member_id


PROFILE_DOCS = search.DocType(
    name="profile",
    kinds=frozenset({"member.joined", "member.verified", "profile.updated", "member.erased"}),
    load=_profile_doc,
    all_ids=_profile_ids,
    load_many=_profile_docs,
    label=N_("Member"),
    plural=N_("Members"),
)


# Up to this many members the front page counts them (a millisecond); beyond, the planner's
# estimate of the table says "about" how many, without reading every row on every request.
COUNT_EXACTLY_BELOW = 10_000


async def community_pulse(newest: int = 8) -> dict:
    """What the front page shows of the community: how many active members (`about`: an estimate
    from the planner's statistics, rounded, once there are many), and the newest ones (only their
    public name and handle). Anyone may call it; it emits nothing."""
    members = Member.filter(status="active")
    estimate = await estimated_rows(Member._meta.db_table)
    about = estimate is not None and estimate >= COUNT_EXACTLY_BELOW
    return {
        "members": round(estimate, -2) if estimate is not None and about else await members.count(),
        "about": about,
        # Newest by id: the primary key index answers at once, whatever the community's size.
        "newest": await members.exclude(handle=None).order_by("-id").limit(newest).only(
            "id", "display_name", "handle", "avatar", "status"),
    }
