"""A member's picture: an uploaded one, checked and re-encoded, or a generated one (initials on a
colour of their own).

An upload is checked, decoded and re-encoded by portal/images.py (trusted by nothing it says
about itself, no metadata kept), cropped to the middle square and scaled to SIZE. Files live under
the data dir with a random name; a new upload, a removal and erasure delete the old file."""
from __future__ import annotations

import hashlib
from pathlib import Path

from tortoise.transactions import in_transaction

from portal import events, images
from portal.accounts.models import Member
from portal.event_kinds import ProfileUpdated

SIZE = 256  # stored pixels per side; pages show it at 24 to 128 px
MAX_BYTES = images.MAX_BYTES
SUFFIX = images.SUFFIX
FOLDER = "avatars"

# Background colours of generated avatars: each gives white text at least 4.5:1 contrast (WCAG AA),
# in light and dark mode alike (tests/portal/profiles/test_avatars.py checks the ratios).
PALETTE = ("#1f5f99", "#8a3b12", "#2e6b30", "#7b2d7f", "#a3213a", "#245f66", "#5b4a9e", "#6b5412",
           "#3c5a14", "#8c2f5c", "#1d5c4a", "#4d4d4d")


def path_of(name: str) -> Path | None:
    """Where a stored avatar lives, or None for a name that is not one of ours (no path tricks)."""
    return images.path_of(FOLDER, name)


def initials(person) -> str:
    """Up to two letters from the name: "Ada Lovelace" -> "AL", "ada" -> "A", a former member "?"."""
    words = [w for w in str(getattr(person, "display_name", "") or "").split() if w[:1].isalnum()]
    if not words:
        return "?"
    letters = words[0][:1] + (words[-1][:1] if len(words) > 1 else "")
    return letters.upper()


def colour_index(person) -> int:
    """The member's colour among PALETTE: from their id, so it stays when the name changes."""
    key = str(getattr(person, "pk", None) or getattr(person, "display_name", "") or "")
    return hashlib.sha256(key.encode()).digest()[0] % len(PALETTE)


def colour(person) -> str:
    """The background of the member's generated avatar (white initials on it read at 4.5:1 or more)."""
    return PALETTE[colour_index(person)]


def encode(data: bytes) -> bytes:
    """The stored form of an upload (WebP, SIZE × SIZE, no metadata), or Invalid("avatar")."""
    return images.to_webp(images.square(images.decode(data, "avatar"), SIZE))


def _write(content: bytes) -> str:
    return images.write(FOLDER, content)


def delete_file(name: str) -> None:
    """Delete a stored avatar's file (a name that is not ours is ignored)."""
    images.delete(FOLDER, name)


async def upload(actor: Member, data: bytes) -> Member:
    """Make `data` (the uploaded file's bytes) the acting member's picture, replacing any earlier
    one, whose file is deleted. Only the member changes their own picture (there is no member to
    name: it is always the actor's). Invalid("avatar") for a file that is empty, too large, has too
    many pixels or is no picture; what was saved before stays. Emits `profile.updated`."""
    content = encode(data)
    name = _write(content)
    old = actor.avatar
    try:
        async with in_transaction():
            await Member.filter(id=actor.pk).update(avatar=name)
            await events.emit("profile.updated", actor=actor, subject=actor, data=ProfileUpdated(fields=["avatar"]))
    except BaseException:
        delete_file(name)
        raise
    actor.avatar = name
    delete_file(old)
    return actor


async def remove(actor: Member) -> Member:
    """Remove the acting member's picture (they get the generated one again) and delete its file.
    Only the member themselves. Emits `profile.updated` when there was one."""
    old = actor.avatar
    if not old:
        return actor
    async with in_transaction():
        await Member.filter(id=actor.pk).update(avatar="")
        await events.emit("profile.updated", actor=actor, subject=actor, data=ProfileUpdated(fields=["avatar"]))
    actor.avatar = ""
    delete_file(old)
    return actor


async def erase(member) -> None:
    """Erasure step: the picture's file leaves the disk with the account (the row is emptied by
    the accounts step). Called by erasure only."""
    row = await Member.get_or_none(id=member.pk).only("id", "avatar")
    if row is not None and row.avatar:
        delete_file(row.avatar)
        await Member.filter(id=member.pk).update(avatar="")


def exported(member_id_avatar: str) -> dict | None:
    """The stored picture as the export carries it: its file name and bytes, or None."""
    path = path_of(member_id_avatar)
    if path is None or not path.is_file():
        return None
    return {"name": "avatar" + SUFFIX, "content_type": "image/webp", "content": path.read_bytes()}
