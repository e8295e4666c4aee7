"""Uploaded pictures, checked and stored the one way Vox does it (avatars, pictures in forum posts).

An upload is trusted by nothing it says about itself (neither its name nor its content type):
Pillow must recognise it as a JPEG, PNG, WebP or GIF, its pixel count is checked before it is
decoded (a small file can unpack into gigabytes), and it is decoded, turned upright and written
anew as WebP from its pixels alone, so no EXIF, location, comment or colour profile of the
original reaches the stored file. Files live in a folder under the data dir with a random name
that nobody can guess; `path_of` accepts only names of that shape, so no path tricks.

The caller (a service) decides what a picture is for: `square` for an avatar, `fit_within` for a
picture in a post, then `to_webp`, `write`, and `delete` when it goes."""
from __future__ import annotations

import io
import os
import re
import secrets
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from portal import settings
from portal.errors import N_, Invalid

MAX_BYTES = 5_000_000  # an upload larger than this is refused (a phone photo fits)
MAX_PIXELS = 40_000_000  # width × height of the upload, checked before decoding
FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})
SUFFIX = ".webp"
CONTENT_TYPE = "image/webp"
MIN_SIDE = 32  # a picture smaller than this on a side shows nothing anyone could make out
NAME_RE = re.compile(r"^[A-Za-z0-9_-]{22}\.webp$")


def folder(name: str) -> Path:
    """The folder of one kind of picture ("avatars", "forum-images") under the data dir."""
    return settings.current().data_dir / name


def path_of(kind: str, name: str) -> Path | None:
    """Where a stored picture of `kind` lives, or None for a name that is not one of ours."""
    return folder(kind) / name if NAME_RE.match(name or "") else None


def _too_many_pixels(field: str) -> Invalid:
    return Invalid(field, N_("This picture has too many pixels. Please choose one under %(n)s megapixels."),
                   n=MAX_PIXELS // 1_000_000)


def decode(data: bytes, field: str) -> Image.Image:
    """The upload as an upright RGB or RGBA image made from its pixels alone, or Invalid(field)
    for a file that is empty, over MAX_BYTES, no JPEG/PNG/WebP/GIF, over MAX_PIXELS or smaller
    than MIN_SIDE pixels on a side. An animated picture gives its first frame."""
    if not data:
        raise Invalid(field, N_("Please choose a picture to upload."))
    if len(data) > MAX_BYTES:
        raise Invalid(field, N_("This picture is too large. Please choose one under %(n)s MB."),
                      n=MAX_BYTES // 1_000_000)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice that: treat it as the refusal it is.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data))  # reads the header only
            if opened.format not in FORMATS:
                raise Invalid(field, N_("Please upload a JPEG, PNG, WebP or GIF picture."))
            width, height = opened.size
            if width * height > MAX_PIXELS:
                raise _too_many_pixels(field)
            opened.seek(0)  # an animated GIF or WebP: its first frame
            opened.load()
            image: Image.Image = ImageOps.exif_transpose(opened)  # upright before the EXIF goes
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(field) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise Invalid(field, N_("This file is not a picture we can read. Please upload a JPEG, PNG, "
                                "WebP or GIF picture.")) from None
    if width < MIN_SIDE or height < MIN_SIDE:
        raise Invalid(field, N_("This picture is too small. Please choose one at least 32 pixels wide and high."))
    mode = "RGBA" if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info else "RGB"
    converted = image.convert(mode)
    # A new image from the pixels alone: nothing of the original's metadata can come along.
    return Image.frombytes(mode, converted.size, converted.tobytes())


def square(image: Image.Image, size: int) -> Image.Image:
    """The middle square of the image, scaled to `size` pixels per side."""
    return ImageOps.fit(image, (size, size), Image.Resampling.LANCZOS)


def fit_within(image: Image.Image, max_side: int) -> Image.Image:
    """The image scaled down, keeping its aspect ratio, so neither side exceeds `max_side`
    (a smaller one stays as it is)."""
    if max(image.size) <= max_side:
        return image
    scaled = image.copy()
    scaled.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return scaled


def to_webp(image: Image.Image) -> bytes:
    """The image as WebP bytes (no metadata: `decode` made it from pixels alone)."""
    out = io.BytesIO()
    image.save(out, format="WEBP", quality=85, method=4)
    return out.getvalue()


def write(kind: str, content: bytes) -> str:
    """Store `content` in the folder of `kind` under a new random name, whole or not at all;
    returns the name."""
    target = folder(kind)
    target.mkdir(parents=True, exist_ok=True)
    name = secrets.token_urlsafe(16) + SUFFIX  # 22 characters: nobody guesses another's picture
    partial = target / (name + ".part")
    partial.write_bytes(content)
    os.replace(partial, target / name)
    return name


def delete(kind: str, name: str) -> None:
    """Delete a stored picture's file (a name that is not ours is ignored)."""
    path = path_of(kind, name)
    if path is not None:
        path.unlink(missing_ok=True)
