"""Pictures in forum posts from outside: uploaded by who may post (checked, re-encoded as WebP
without location, limited in size and pace), answered as the Markdown to insert, served only
under names we made, shown only from our own path, claimed by the post that shows them, listed
in the export and deleted with their files on erasure."""
from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from PIL import Image

from forums import images, posts, threads
from forums.models import PostImage
from portal.accounts.models import Member
from portal.clock import now
from portal.markdown import render_markdown
from portal.personal_data import holdings, rows_of
from portal.profiles import erasure
from tests.conftest import csrf_token, login
from tests.portal.profiles.test_avatars import MARKER, photo, text_as_png, too_many_bytes

HTMX = {"HX-Request": "true"}
MARKDOWN_RE = re.compile(r"!\[([^\]]*)\]\((/forum-images/([A-Za-z0-9_-]{22}\.webp))\)")


def stored(settings) -> list:
    folder = settings.data_dir / "forum-images"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


async def upload(client, data: bytes, *, name="photo.png", description="", htmx=False, token=True):
    fields = {"csrf_token": await csrf_token(client, "/forums/images/upload")} if token else {}
    if description:
        fields["picture_description"] = description
    return await client.post("/forums/images", data=fields, files={"image": (name, data, "image/png")},
                             headers=HTMX if htmx else {})


async def test_a_png_with_a_location_comes_back_as_webp_markdown_without_it(client, people, forum, settings):
    original = photo((2400, 1200), "PNG")
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(0x8825)  # the upload carries where it was taken
    await login(client, "ada@example.org")
    response = await upload(client, original, description="The router's red [light]", htmx=True)
    assert response.status_code == 200
    alt, url, name = MARKDOWN_RE.search(response.text).groups()
    assert alt == "The router&#39;s red light" and "The picture is added to your text." in response.text
    assert stored(settings) == [name]
    served = await client.get(url)
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/webp"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert MARKER.encode() not in served.content and b"Exif" not in served.content
    with Image.open(io.BytesIO(served.content)) as image:
        assert image.format == "WEBP" and image.size == (1600, 800)  # within MAX_SIDE, its shape kept
        assert not image.getexif()
    row = await PostImage.get(name=name)
    assert (row.owner_id, row.width, row.height, row.post_id) == (people["ada"].pk, 1600, 800, None)
    assert row.bytes == len(served.content)


async def test_without_js_the_upload_page_shows_the_markdown_to_copy(client, people, forum, settings):
    await login(client, "ada@example.org")
    page = await client.get("/forums/images/upload")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    response = await upload(client, photo(), description="Kitchen")
    assert response.status_code == 200
    [name] = stored(settings)
    assert f"![Kitchen](/forum-images/{name})" in response.text
    assert "Copy this line into your post" in response.text


@pytest.mark.parametrize("data, message", [
    (text_as_png, "This file is not a picture we can read. Please upload a JPEG, PNG, WebP or GIF picture."),
    (too_many_bytes, "This picture is too large. Please choose one under 5 MB."),
], ids=["not a picture", "too large"])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
async def test_a_bad_file_is_refused_with_a_clear_message(client, people, forum, settings, data, message, htmx):
    await login(client, "ada@example.org")
    response = await upload(client, data(), htmx=htmx, description="Typed before")
    assert response.status_code == 422
    assert message in response.text
    if not htmx:
        assert 'aria-invalid="true"' in response.text and 'value="Typed before"' in response.text
    assert stored(settings) == [] and await PostImage.all().count() == 0


async def test_visitors_unverified_members_and_forged_requests_cannot_upload(client, people, forum, settings):
    token = await csrf_token(client, "/forums")
    visitor = await client.post("/forums/images", data={"csrf_token": token},
                                files={"image": ("a.png", photo(), "image/png")})
    assert visitor.status_code == 303 and visitor.headers["location"].startswith("/login")
    await login(client, "una@example.org")
    unverified = await upload(client, photo())
    assert unverified.status_code == 403 and "confirm your email address" in unverified.text
    await login(client, "ada@example.org")
    assert (await upload(client, photo(), token=False)).status_code == 403  # no CSRF token
    assert stored(settings) == [] and await PostImage.all().count() == 0


async def test_a_paused_member_cannot_upload(client, people, forum, settings):
    from forums.models import Standing
    await Standing.create(member_id=people["ada"].pk, silenced_until=now() + timedelta(days=1))
    await login(client, "ada@example.org")
    response = await upload(client, photo(), htmx=True)
    assert response.status_code == 403 and response.headers["vox-refusal"] == "1"
    assert "A moderator has paused your posting" in response.text
    assert stored(settings) == []


async def test_uploads_are_paced_and_capped_per_day(client, people, forum, settings, monkeypatch):
    await login(client, "ada@example.org")
    monkeypatch.setattr(images, "PACE", (2, timedelta(minutes=10)))
    for _ in range(2):
        assert (await upload(client, photo(), htmx=True)).status_code == 200
    fast = await upload(client, photo(), htmx=True)
    assert fast.status_code == 429 and "You are adding pictures very fast" in fast.text
    assert 0 < int(fast.headers["retry-after"]) <= 600
    await PostImage.all().update(created_at=now() - timedelta(hours=1))
    monkeypatch.setattr(images, "DAILY", (2, timedelta(days=1)))
    daily = await upload(client, photo())
    assert daily.status_code == 429 and "You have added many pictures today" in daily.text
    assert len(stored(settings)) == 2
    await login(client, "bob@example.org")  # another member has their own count
    assert (await upload(client, photo(), htmx=True)).status_code == 200


async def test_only_names_we_made_are_served(client, people, forum, settings):
    await login(client, "ada@example.org")
    await upload(client, photo())
    [name] = stored(settings)
    (settings.data_dir / "secret.txt").write_text("private")
    for wrong in ("nothere0nothere0nothe.webp", "..%2Fsecret.txt", "a.webp", name.replace(".webp", ".png")):
        assert (await client.get(f"/forum-images/{wrong}")).status_code == 404
    assert (await client.get(f"/forum-images/{name}")).status_code == 200


def test_only_our_own_pictures_reach_the_page():
    own = "/forum-images/" + "A" * 22 + ".webp"
    shown = str(render_markdown(f"![router]({own})"))
    assert f'<img src="{own}" alt="router" loading="lazy">' in shown
    for text in ("![tracker](https://evil.example/pixel.png)", "![x](javascript:alert(1))",
                 "![x](//evil.example/forum-images/" + "A" * 22 + ".webp)",
                 "![x](/forum-images/../avatars/" + "A" * 22 + ".webp)",
                 '<img src="' + own + '" onerror="alert(1)">', '<img src="https://evil.example/a.png">',
                 "[![x](https://evil.example/a.png)](https://example.org)"):
        html = str(render_markdown(text))
        assert "<img" not in html, html  # raw HTML stays text (&lt;img …), foreign sources no picture
        tags = " ".join(re.findall(r"<[^>]*>", html))  # what the browser reads as markup
        assert "onerror" not in tags and "javascript:" not in tags and "evil.example" not in tags
    assert str(render_markdown("![tracker](https://evil.example/pixel.png)")).strip() == "<p>tracker</p>"


async def test_the_post_that_shows_a_picture_claims_it_and_shows_it(client, people, forum, settings):
    await login(client, "ada@example.org")
    first = MARKDOWN_RE.search((await upload(client, photo(), description="one", htmx=True)).text).group(0)
    second = MARKDOWN_RE.search((await upload(client, photo(), description="two", htmx=True)).text).group(0)
    third = MARKDOWN_RE.search((await upload(client, photo(), description="three", htmx=True)).text).group(0)
    thread = await threads.start_thread(people["ada"], "help", "My router", f"Look:\n\n{first}")
    opening = await posts.opening_post_id(thread)
    page = (await client.get(f"/threads/{thread.pk}")).text
    assert re.search(r'<img src="/forum-images/[^"]+" alt="one" loading="lazy">', page)
    # Bob shows Ada's picture: it stays unclaimed by his post (he does not own it).
    answer = await posts.reply(people["bob"], thread.pk, f"Same here {second}")
    reply = await posts.reply(people["ada"], thread.pk, f"And this {second}")
    await posts.edit_post(people["ada"], reply.pk, f"And this {second} and {third}")
    claimed = {row.name: row.post_id for row in await PostImage.all()}
    name = lambda markdown: MARKDOWN_RE.search(markdown).group(3)  # noqa: E731
    assert claimed == {name(first): opening, name(second): reply.pk, name(third): reply.pk}
    assert answer.pk not in claimed.values()


async def test_unclaimed_pictures_are_cleaned_up_after_a_day(client, people, forum, settings):
    await login(client, "ada@example.org")
    used = MARKDOWN_RE.search((await upload(client, photo(), htmx=True)).text).group(0)
    await upload(client, photo(), htmx=True)
    await threads.start_thread(people["ada"], "help", "Pictures", used)
    await PostImage.all().update(created_at=now() - timedelta(days=2))
    assert await images.clean_unused() == 1
    assert stored(settings) == [MARKDOWN_RE.search(used).group(3)]


async def test_the_export_lists_them_and_erasure_deletes_the_files(client, people, forum, settings):
    await login(client, "ada@example.org")
    await upload(client, photo(), htmx=True)
    await upload(client, photo(), htmx=True)
    await login(client, "bob@example.org")
    await upload(client, photo(), htmx=True)
    ada_names = [row.name for row in await PostImage.filter(owner_id=people["ada"].pk).order_by("id")]
    [holding] = [h for h in holdings() if h.section == "forum_images"]
    rows = await rows_of(holding, people["ada"].pk)
    assert [row["url"] for row in rows] == [f"/forum-images/{n}" for n in ada_names]
    assert rows[0]["width"] == 640 and rows[0]["post_id"] is None
    await login(client, "ada@example.org")
    document = (await client.get("/me/export.json")).json()
    assert [row["url"] for row in document["sections"]["forum_images"]] == [f"/forum-images/{n}" for n in ada_names]
    await erasure.erase_self(await Member.get(id=people["ada"].pk), password="correct horse battery")
    for gone in ada_names:
        assert not (settings.data_dir / "forum-images" / gone).exists()
    assert await PostImage.filter(owner_id=people["ada"].pk).count() == 0
    assert len(stored(settings)) == 1 and await PostImage.all().count() == 1  # Bob's stays
