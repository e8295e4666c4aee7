"""The shared upload part (portal/images.py): a picture is read only for its pixels, re-encoded as
WebP without metadata, scaled within a size keeping its shape or cut to a square, and stored under
a random name that path_of alone accepts."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from portal import images
from portal.errors import Invalid
from tests.portal.profiles.test_avatars import MARKER, bmp, photo, svg, text_as_png, too_many_pixels


def test_a_photo_with_a_location_comes_out_as_webp_without_it():
    original = photo((1200, 600), "PNG")
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(0x8825)  # the upload has a location
    content = images.to_webp(images.decode(original, "image"))
    assert MARKER.encode() not in content and b"Exif" not in content
    with Image.open(io.BytesIO(content)) as stored:
        assert stored.format == "WEBP" and stored.size == (1200, 600)
        assert not stored.getexif() and "exif" not in stored.info


def test_fit_within_keeps_the_shape_and_leaves_small_pictures_alone():
    wide = images.decode(photo((3000, 1000)), "image")
    assert images.fit_within(wide, 1600).size == (1600, 533)
    small = images.decode(photo((400, 300)), "image")
    assert images.fit_within(small, 1600).size == (400, 300)
    assert images.square(wide, 256).size == (256, 256)


@pytest.mark.parametrize("data, message", [
    (text_as_png, "This file is not a picture we can read."),
    (svg, "This file is not a picture we can read."),
    (bmp, "Please upload a JPEG, PNG, WebP or GIF picture."),
    (too_many_pixels, "This picture has too many pixels."),
    (lambda: b"", "Please choose a picture to upload."),
], ids=["text", "svg", "bmp", "too many pixels", "empty"])
def test_what_is_no_picture_is_refused_on_the_callers_field(data, message):
    with pytest.raises(Invalid) as refused:
        images.decode(data(), "image")
    assert list(refused.value.errors) == ["image"]
    assert str(refused.value.errors["image"]).startswith(message)


def test_files_have_random_names_that_only_path_of_accepts(settings):
    name = images.write("things", b"RIFF")
    assert images.path_of("things", name) == settings.data_dir / "things" / name
    assert (settings.data_dir / "things" / name).read_bytes() == b"RIFF"
    assert images.write("things", b"RIFF") != name
    for wrong in ("../vox.sqlite3", "a.webp", name + "/x", name.replace(".webp", ".svg"), ""):
        assert images.path_of("things", wrong) is None
    images.delete("things", name)
    assert not (settings.data_dir / "things" / name).exists()
    images.delete("things", "../vox.sqlite3")  # a name that is not ours is ignored
