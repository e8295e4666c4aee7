"""A member's picture: an uploaded one, checked and re-encoded, or a generated one (initials on a
colour of their own).

An upload is trusted by nothing it says about itself (neither its name nor its content type):
Pillow must recognise it as a JPEG, PNG, WebP or GIF, its pixel count is checked before it is
decoded (a small file can unpack into gigabytes), and it is decoded, turned upright, cropped to
the middle square, scaled to SIZE and written anew as WebP from its pixels alone, so no EXIF,
location, comment or colour profile of the original reaches the stored file. Files live under
the data dir with a random name; a new upload, a removal and erasure delete the old file."""
from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from tortoise.transactions import in_transaction

from portal import events, settings
from portal.accounts.models import Member
from portal.errors import N_, Invalid
from portal.event_kinds import ProfileUpdated

SIZE = 256  # stored pixels per side; pages show it at 24 to 128 px
MAX_BYTES = 5_000_000  # an upload larger than this is refused (a phone photo fits)
MAX_PIXELS = 40_000_000  # width × height of the upload, checked before decoding
FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})
SUFFIX = ".webp"
NAME_RE = re.compile(r"^[A-Za-z0-9_-]{22}\.webp$")
FOLDER = "avatars"

# Background colours of generated avatars: each gives white text at least 4.5:1 contrast (WCAG AA),
# in light and dark mode alike (tests/portal/profiles/test_avatars.py checks the ratios).
PALETTE = ("#1f5f99", "#8a3b12", "#2e6b30", "#7b2d7f", "#a3213a", "#245f66", "#5b4a9e", "#6b5412",
           "#3c5a14", "#8c2f5c", "#1d5c4a", "#4d4d4d")


def folder() -> Path:
    return settings.current().data_dir / FOLDER


def path_of(name: str) -> Path | None:
    """Where a stored avatar lives, or None for a name that is not one of ours (no path tricks)."""
    return folder() / name if NAME_RE.match(name or "") else None


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


def _decoded(data: bytes) -> Image.Image:
    """The upload as an upright, square, SIZE-pixel RGB(A) image, or Invalid("avatar")."""
    if not data:
        raise Invalid("avatar", N_("Please choose a picture to upload."))
    if len(data) > MAX_BYTES:
        raise Invalid("avatar", N_("This picture is too large. Please choose one under %(n)s MB."),
                      n=MAX_BYTES // 1_000_000)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice that: treat it as the refusal it is.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data))  # reads the header only
            if opened.format not in FORMATS:
                raise Invalid("avatar", N_("Please upload a JPEG, PNG, WebP or GIF picture."))
            width, height = opened.size
            if width * height > MAX_PIXELS:
                raise _too_many_pixels()
            opened.seek(0)  # an animated GIF or WebP: its first frame
            opened.load()
            image: Image.Image = ImageOps.exif_transpose(opened)  # upright before the EXIF goes
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise Invalid("avatar", N_("This file is not a picture we can read. Please upload a JPEG, PNG, "
                                   "WebP or GIF picture.")) from None
    if width < 32 or height < 32:
        raise Invalid("avatar", N_("This picture is too small. Please choose one at least 32 pixels wide and high."))
    mode = "RGBA" if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info else "RGB"
    square = ImageOps.fit(image.convert(mode), (SIZE, SIZE), Image.Resampling.LANCZOS)
    # A new image from the pixels alone: nothing of the original's metadata can come along.
    return Image.frombytes(mode, square.size, square.tobytes())


def _too_many_pixels() -> Invalid:
    return Invalid("avatar", N_("This picture has too many pixels. Please choose one under %(n)s megapixels."),
                   n=MAX_PIXELS // 1_000_000)


def encode(data: bytes) -> bytes:
    """The stored form of an upload (WebP, SIZE × SIZE, no metadata), or Invalid("avatar")."""
    out = io.BytesIO()
    _decoded(data).save(out, format="WEBP", quality=85, method=4)
    return out.getvalue()


def _write(content: bytes) -> str:
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    name = secrets.token_urlsafe(16) + SUFFIX  # 22 characters: nobody guesses another's picture
    partial = target / (name + ".part")
    partial.write_bytes(content)
    os.replace(partial, target / name)  # whole or not at all
    return name


def delete_file(name: str) -> None:
    """Delete a stored avatar's file (a name that is not ours is ignored)."""
    path = path_of(name)
    if path is not None:
        path.unlink(missing_ok=True)


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
