"""Categories: staff make them (name, description, colour, order, who may read and who may post);
everyone sees the ones they may read, with thread counts and the latest activity."""
from __future__ import annotations

import re

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from forums.models import ACCESS, Category
from forums.rules import levels, may_read
from portal.accounts.models import Member
from portal.accounts.permissions import require
from portal.errors import N_, Invalid, NotFound

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
# /forums/{slug} addresses the forums' own pages take (forums/compose_routes.py).
RESERVED_SLUGS = frozenset({"similar"})


async def list_categories(reader: Member | None) -> list[Category]:
    """The categories the reader may read, in the order staff set. Anyone may call it; emits
    nothing."""
    return await Category.filter(read__in=list(levels(reader))).order_by("position", "id")


async def get_category(reader: Member | None, key: str | int) -> Category:
    """One category by id or slug, or NotFound when it does not exist or the reader may not read
    it (the same answer: a hidden category is not there for them). Emits nothing."""
    found = None
    if isinstance(key, int) or str(key).isdigit():
        found = await Category.get_or_none(id=int(key))
    if found is None:
        found = await Category.get_or_none(slug=str(key)[:40])
    if found is None or not may_read(reader, found):
        raise NotFound()
    return found


def _cleaned(name: str, slug: str, description: str, colour: str, read: str, post: str) -> dict:
    name = " ".join((name or "").split())
    slug = (slug or "").strip().lower()
    errors = {}
    if not name or len(name) > 80:
        errors["name"] = N_("Please give the category a name of up to 80 characters.")
    if not SLUG_RE.match(slug):
        errors["slug"] = N_("Use 2 to 40 small letters, digits and dashes, starting with a letter or digit.")
    elif slug in RESERVED_SLUGS:
        errors["slug"] = N_("This address belongs to a page of the forums: please choose another.")
    if len(description or "") > 300:
        errors["description"] = N_("Please keep the description under 300 characters.")
    colour = (colour or "#2f6fdb").strip()
    if not COLOUR_RE.match(colour):
        errors["colour"] = N_("Please choose a colour such as #2f6fdb.")
    if read not in ACCESS:
        errors["read"] = N_("Choose who may read: everyone, members or staff.")
    if post not in ACCESS:
        errors["post"] = N_("Choose who may post: everyone, members or staff.")
    elif read in ACCESS and ACCESS.index(post) < ACCESS.index(read):
        errors["post"] = N_("Who may post must be among those who may read.")
    if errors:
        raise Invalid(errors=errors)
    return {"name": name, "slug": slug, "description": (description or "").strip(), "colour": colour,
            "read": read, "post": post}


async def create_category(actor: Member, *, name: str, slug: str, description: str = "", colour: str = "",
                          read: str = "everyone", post: str = "members", position: int | None = None) -> Category:
    """An admin opens a category. Invalid for a bad field or a slug in use. Emits nothing (a
    category is the site's structure, not someone's contribution)."""
    require(actor, "forums.manage")
    values = _cleaned(name, slug, description, colour, read, post)
    if position is None:
        last = await Category.all().order_by("-position").first()
        position = (last.position + 1) if last else 0
    try:
        async with in_transaction():
            return await Category.create(**values, position=position)
    except IntegrityError:
        raise Invalid("slug", N_("Another category has this address already.")) from None


async def all_categories(actor: Member) -> list[Category]:
    """Every category, hidden ones included, in the order staff set: the admin page's list. Only
    for those who may manage the forums (Forbidden otherwise); emits nothing."""
    require(actor, "forums.manage")
    return await Category.all().order_by("position", "id")
