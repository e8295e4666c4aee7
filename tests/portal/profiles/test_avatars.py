"""A member's picture: uploaded (checked by its content, re-encoded without EXIF or location,
limited in bytes and pixels, cut to a square), served with long cache headers, removable, part of
the export and of erasure; without one, generated initials on a colour of the member's own."""
from __future__ import annotations

import base64
import io
import json
import re
import zipfile

import pytest
from PIL import Image

from portal.accounts.models import Member
from portal.profiles import avatars, erasure, export
from tests.conftest import csrf_token, login, make_member

MARKER = "Zqxcamera-7731"  # a camera maker that must not survive the re-encoding


def photo(size=(640, 400), fmt="JPEG", *, gps=True) -> bytes:
    """A photo as a phone writes it: EXIF with the camera, a comment and the place it was taken."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = MARKER  # Make
    exif[0x010E] = "Kitchen table " + MARKER  # ImageDescription
    if gps:
        exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.5), 3: "E", 4: (13.0, 24.0, 36.25)}
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif.tobytes())
    return out.getvalue()


async def upload(client, data: bytes, name="me.jpg", content_type="image/jpeg", *, token=True):
    fields = {"csrf_token": await csrf_token(client, "/me")} if token else {}
    return await client.post("/me/avatar", data=fields, files={"avatar": (name, data, content_type)})


def stored_files(settings) -> list:
    folder = settings.data_dir / "avatars"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
async def ada(client):
    member = await make_member(name="Ada Lovelace")
    await login(client)
    return member


async def test_a_photo_becomes_a_square_webp_under_the_data_dir(client, ada, settings):
    assert b"GPS" in photo() or MARKER.encode() in photo()  # the fixture really carries EXIF
    response = await upload(client, photo())
    assert response.status_code == 303 and response.headers["location"] == "/me#avatar"
    member = await Member.get(id=ada.pk)
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}\.webp", member.avatar)
    [path] = stored_files(settings)
    assert path.name == member.avatar
    with Image.open(path) as stored:
        assert (stored.format, stored.size) == ("WEBP", (avatars.SIZE, avatars.SIZE))
    page = (await client.get("/me")).text
    assert "Your picture is saved." in page
    assert f'src="/avatars/{member.avatar}"' in page  # on /me and in the profile menu
    assert page.count(f'src="/avatars/{member.avatar}"') == 2


async def test_exif_and_location_are_gone_from_the_stored_bytes(client, ada, settings):
    original = photo()
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(0x8825)  # the upload has a location
    await upload(client, original)
    [path] = stored_files(settings)
    content = path.read_bytes()
    assert MARKER.encode() not in content
    assert b"Exif" not in content and b"EXIF" not in content and b"XMP" not in content
    with Image.open(path) as stored:
        assert not stored.getexif() and not stored.getexif().get_ifd(0x8825)
        assert "exif" not in stored.info and "icc_profile" not in stored.info


async def test_the_picture_is_served_with_long_cache_headers(client, ada):
    await upload(client, photo())
    name = (await Member.get(id=ada.pk)).avatar
    response = await client.get(f"/avatars/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/webp"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.content[:4] == b"RIFF"
    for wrong in ("nothere0nothere0nothe.webp", "..%2F..%2Fvox.sqlite3", "a.webp"):
        assert (await client.get(f"/avatars/{wrong}")).status_code == 404


def text_as_png() -> bytes:
    return b"This is not a picture, whatever its name says.\n" * 20


def too_many_pixels() -> bytes:
    out = io.BytesIO()
    Image.new("1", (8000, 6000)).save(out, format="PNG")  # 48 megapixels in a few kilobytes
    return out.getvalue()


def bomb() -> bytes:
    out = io.BytesIO()
    Image.new("1", (15000, 13000)).save(out, format="PNG")  # past twice Pillow's own limit: it refuses to open
    return out.getvalue()


def too_small() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="PNG")
    return out.getvalue()


def too_many_bytes() -> bytes:
    return photo() + b"\0" * (avatars.MAX_BYTES + 1000)


def bmp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64)).save(out, format="BMP")
    return out.getvalue()


def svg() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><script>alert(1)</script></svg>'


@pytest.mark.parametrize("data, name, message", [
    (text_as_png, "me.png", "This file is not a picture we can read."),
    (lambda: b"", "me.png", "Please choose a picture to upload."),
    (too_many_pixels, "big.png", "This picture has too many pixels. Please choose one under 40 megapixels."),
    (bomb, "bomb.png", "This picture has too many pixels."),
    (too_many_bytes, "big.jpg", "This picture is too large. Please choose one under 5 MB."),
    (too_small, "tiny.png", "This picture is too small."),
    (svg, "me.png", "This file is not a picture we can read."),
    (bmp, "me.png", "Please upload a JPEG, PNG, WebP or GIF picture."),
], ids=["text renamed png", "empty", "too many pixels", "decompression bomb", "too many bytes", "too small", "svg", "bmp"])
async def test_a_bad_file_is_refused_on_the_form_and_the_saved_picture_stays(client, ada, settings, data, name,
                                                                              message):
    await upload(client, photo())
    before = (await Member.get(id=ada.pk)).avatar
    response = await upload(client, data(), name=name, content_type="image/png")
    assert response.status_code == 422
    assert message in response.text
    assert 'aria-invalid="true"' in response.text and 'id="f-avatar-error"' in response.text
    assert (await Member.get(id=ada.pk)).avatar == before
    assert [p.name for p in stored_files(settings)] == [before]


async def test_a_body_over_the_upload_limit_gets_the_sites_413(client, ada, settings):
    response = await upload(client, b"\0" * (settings.max_upload_bytes + 1))
    assert response.status_code == 413
    assert (await Member.get(id=ada.pk)).avatar == ""


async def test_a_new_picture_replaces_the_old_file_and_removing_deletes_it(client, ada, settings):
    await upload(client, photo())
    first = (await Member.get(id=ada.pk)).avatar
    await upload(client, photo((300, 900), "PNG"))
    second = (await Member.get(id=ada.pk)).avatar
    assert second != first and [p.name for p in stored_files(settings)] == [second]
    response = await client.post("/me/avatar/remove", data={"csrf_token": await csrf_token(client, "/me")})
    assert response.status_code == 303
    assert (await Member.get(id=ada.pk)).avatar == ""
    assert stored_files(settings) == []
    page = (await client.get("/me")).text
    assert "Your picture is removed." in page and "/avatars/" not in page
    assert ">AL</text>" in page  # the generated one again
    assert (await client.get(f"/avatars/{second}")).status_code == 404


async def test_another_member_cannot_change_my_picture(client, other_client, ada, settings):
    await upload(client, photo())
    mine = (await Member.get(id=ada.pk)).avatar
    bob = await make_member("bob@example.org", name="Bob")
    await login(other_client, "bob@example.org")
    # Bob's upload and removal act on his own picture: no form names another member.
    assert (await upload(other_client, photo(), name="ada.jpg")).status_code == 303
    await other_client.post("/me/avatar/remove", data={"csrf_token": await csrf_token(other_client, "/me")})
    assert (await Member.get(id=ada.pk)).avatar == mine
    assert (await Member.get(id=bob.pk)).avatar == ""
    # A forged request from another site carries Ada's cookies but no token.
    assert (await upload(client, photo(), token=False)).status_code == 403
    assert (await client.post("/me/avatar/remove")).status_code == 403
    assert (await Member.get(id=ada.pk)).avatar == mine
    assert [p.name for p in stored_files(settings)] == [mine]


async def test_logged_out_nobody_uploads(client, settings):
    await make_member()
    response = await client.post("/me/avatar", data={"csrf_token": await csrf_token(client, "/")},
                                 files={"avatar": ("me.jpg", photo(), "image/jpeg")})
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert stored_files(settings) == []


async def test_the_export_carries_the_picture(client, ada, settings):
    await upload(client, photo())
    [path] = stored_files(settings)
    document = json.loads((await client.get("/me/export.json")).content)
    [file] = document["files"]
    assert file["name"] == "avatar.webp" and file["content_type"] == "image/webp"
    assert base64.b64decode(file["base64"]) == path.read_bytes()
    assert document["sections"]["account"][0]["avatar"] == path.name
    archive = zipfile.ZipFile(io.BytesIO(export.as_zip(await export.build(ada, ada.pk))))
    assert archive.read("avatar.webp") == path.read_bytes()
    assert "avatar.webp" in archive.read("README.txt").decode()


async def test_erasure_deletes_the_file_from_the_disk(client, ada, settings):
    await upload(client, photo())
    assert len(stored_files(settings)) == 1
    await erasure.erase_self(await Member.get(id=ada.pk), password="correct horse battery")
    assert stored_files(settings) == []
    assert list((settings.data_dir / "avatars").iterdir()) == []
    assert (await Member.get(id=ada.pk)).avatar == ""


async def test_without_a_picture_initials_on_a_colour_of_their_own(client):
    await make_member(name="Ada Lovelace")
    await make_member("bob@example.org", name="bob")
    await login(client)
    home = (await client.get("/")).text
    assert ">AL</text>" in home and ">B</text>" in home  # profile menu and newest members
    ada, bob = await Member.get(email="ada@example.org"), await Member.get(email="bob@example.org")
    assert f'fill="{avatars.colour(ada)}"' in home and f'fill="{avatars.colour(bob)}"' in home
    assert avatars.colour(ada) == avatars.colour(await Member.get(id=ada.pk))  # the same every time
    await Member.filter(id=ada.pk).update(display_name="Someone Else")
    assert avatars.colour(await Member.get(id=ada.pk)) == avatars.colour(ada)  # a new name keeps it


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("background", avatars.PALETTE)
def test_white_initials_read_on_every_colour(background):
    assert (1.05) / (_luminance(background) + 0.05) >= 4.5


@pytest.mark.parametrize("name, expected", [
    ("Ada Lovelace", "AL"), ("ada", "A"), ("Jean-Luc de la Tour", "JT"), ("  ", "?"), ("Zoë Ödegaard", "ZÖ"),
])
def test_initials(name, expected):
    assert avatars.initials(Member(display_name=name)) == expected
