"""Pictures in forum posts: a member uploads one (checked, re-encoded and stored by
portal/images.py), gets back the Markdown that shows it, and the post that uses it claims it when
the post is saved. A picture belongs to its owner (export, erasure) and is served at
/forum-images/<name> to whoever has the link (names are random and unguessable, like avatars')."""
from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from forums import trust
from forums.models import Post, PostImage
from portal import images
from portal.accounts.models import Member
from portal.accounts.permissions import require
from portal.clock import now
from portal.errors import N_, Forbidden, Throttled

FOLDER = "forum-images"
URL_PREFIX = "/forum-images/"
# Stored pictures are scaled down to this many pixels on their longer side (the aspect ratio
# kept): sharp on a wide screen's column of text, and a stored file stays well under a megabyte.
MAX_SIDE = 1600
# Pace: 10 pictures in 10 minutes lets a member show a handful of screenshots in one post but
# stops a script. Daily cap: 50 in 24 hours. A stored picture is at most MAX_SIDE² pixels of WebP
# (well under 1 MB), so one member can add at most some tens of MB a day: nobody fills the disk.
# Staff are held to the same numbers: the disk is the same for everyone.
PACE = (10, timedelta(minutes=10))
DAILY = (50, timedelta(days=1))
# A picture no post has claimed after this long was uploaded and then not used.
UNUSED_AFTER = timedelta(days=1)
DESCRIPTION_MAX = 120
URL_RE = re.compile(re.escape(URL_PREFIX) + r"([A-Za-z0-9_-]{22}\.webp)")


def url_of(image: PostImage) -> str:
    return URL_PREFIX + image.name


def markdown_of(image: PostImage, description: str = "") -> str:
    """The Markdown that shows the picture, with its description (for people who cannot see it)
    as the alternative text: `![a red light on the router](/forum-images/….webp)`."""
    text = " ".join(re.sub(r"[\[\]()\\<>]", " ", description or "").split())[:DESCRIPTION_MAX]
    return f"![{text}]({url_of(image)})"


async def _check_pace(member: Member) -> None:
    for limit, period in (PACE, DAILY):
        since = now() - period
        recent = PostImage.filter(owner_id=member.pk, created_at__gte=since)
        if await recent.count() >= limit:
            oldest = await recent.order_by("created_at").first()
            wait = (oldest.created_at + period - now()).total_seconds() if oldest else period.total_seconds()
            if period == DAILY[1]:
                raise Throttled(int(wait) + 1, N_("You have added many pictures today. Please try again tomorrow."))
            raise Throttled(int(wait) + 1, N_("You are adding pictures very fast. Please wait a moment."))


async def upload(member: Member, data: bytes) -> PostImage:
    """Store `data` (an uploaded file's bytes) as a picture for a post, owned by the member, and
    return it (its post is set when a post that shows it is saved). Who may post may upload: a
    verified, active member who is not paused by a moderator (Unauthenticated, Forbidden).
    Throttled (429) over PACE or DAILY; Invalid("image") for a file that is empty, too large, has
    too many pixels or is no picture. Emits nothing (a picture is not news until a post shows it)."""
    require(member, "content.post")
    found = await trust.standing(member)
    if found.silenced_until is not None and found.silenced_until > now():
        raise Forbidden(N_("A moderator has paused your posting for a while."))
    await _check_pace(member)
    # There is no periodic job for features yet: each upload clears the uploader's own leftovers.
    await clean_unused(owner_id=member.pk)
    picture = images.fit_within(images.decode(data, "image"), MAX_SIDE)
    content = images.to_webp(picture)
    name = images.write(FOLDER, content)
    try:
        return await PostImage.create(owner_id=member.pk, name=name, width=picture.width, height=picture.height,
                                      bytes=len(content))
    except BaseException:
        images.delete(FOLDER, name)
        raise


def file_of(name: str) -> Path | None:
    """The stored file of a picture named `name`, or None when it is not one of ours (a name of
    another shape, or one we have no file for). Anyone may ask: the name is the secret."""
    path = images.path_of(FOLDER, name)
    return path if path is not None and path.is_file() else None


async def claim(member: Member, post: Post, body: str) -> int:
    """Link the pictures `body` shows that the member owns and no post has claimed yet to `post`,
    so the cleanup keeps them; returns how many. Called by the services that save a post
    (threads.start_thread, posts.reply, posts.edit_post) inside their transaction. Emits nothing."""
    names = sorted(set(URL_RE.findall(body or "")))
    if not names:
        return 0
    return await PostImage.filter(owner_id=member.pk, name__in=names, post_id=None).update(post_id=post.pk)


async def images_of(member_id: int) -> list[PostImage]:
    """A member's pictures, oldest first (export, the customer view). Emits nothing."""
    return await PostImage.filter(owner_id=member_id).order_by("id")


async def exported(member_id: int) -> list[dict]:
    """The member's pictures as the export lists them: where each is, its size and its post."""
    return [{"name": image.name, "url": url_of(image), "width": image.width, "height": image.height,
             "bytes": image.bytes, "post_id": image.post_id, "created_at": image.created_at.isoformat()}
            for image in await images_of(member_id)]


EXPORTED_FIELDS = ("name", "url", "width", "height", "bytes", "post_id", "created_at")


async def _delete(rows: list[PostImage]) -> None:
    for image in rows:
        images.delete(FOLDER, image.name)
    await PostImage.filter(id__in=[image.pk for image in rows]).delete()


async def erase(member) -> None:
    """Erasure step: the member's pictures leave the disk and the database (a post that showed
    one then shows its description). Called by erasure only."""
    await _delete(await images_of(member.pk))


async def clean_unused(owner_id: int | None = None, older_than: timedelta = UNUSED_AFTER) -> int:
    """Delete the pictures (files and rows) that no post claimed within `older_than` of their
    upload, of one owner or of everyone; returns how many. Called by `upload` for the uploader's
    own (and fit for a periodic job, once there is one). Emits nothing."""
    query = PostImage.filter(post_id=None, created_at__lt=now() - older_than)
    if owner_id is not None:
        query = query.filter(owner_id=owner_id)
    rows = await query
    await _delete(rows)
    return len(rows)
