"""Quoting a post in an answer: its text as a Markdown blockquote under "@handle wrote:". The
quote is plain Markdown in the answer's text, so it goes through the same renderer and cleaner as
every post when the answer is posted (portal/markdown.py). With JavaScript, a selected passage is
quoted the same way in the browser (portal/static/forum-quote.js)."""
from __future__ import annotations

from forums.models import Post, Thread
from forums.rules import posts_for
from forums.threads import authors
from portal import i18n
from portal.accounts.models import Member
from portal.profiles.names import public_name


def who_wrote(author: Member | None) -> str:
    """The line above a quote: "@handle wrote:", the author's name where they have no handle, or
    a former member (in the reader's language)."""
    name = public_name(author)
    if name is None or author is None:
        who = i18n._("A former member")
    else:
        who = f"@{author.handle}" if author.handle else name
    return i18n._("%(name)s wrote:", name=who)


def blockquote(text: str) -> str:
    """Text as a Markdown blockquote (every line marked, blank lines kept inside the quote)."""
    lines = (text or "").strip().splitlines()
    return "\n".join(f"> {line}".rstrip() for line in lines)


def quote(post: Post) -> str:
    """A post's whole text quoted, with who wrote it above (its author prefetched)."""
    return f"{who_wrote(post.author)}\n{blockquote(post.body)}\n\n"


async def quoted(reader: Member | None, thread: Thread, post_id: int | None) -> str:
    """The post `post_id` of the thread quoted for an answer, or "" when there is no such post the
    reader may see in this thread, or it is hidden or waiting for review (its text is not for
    everyone). The caller already may see the thread. Emits nothing."""
    if post_id is None:
        return ""
    post = await posts_for(reader).filter(id=post_id, thread_id=thread.pk, hidden_at=None, held=False).prefetch_related(
        authors()).first()
    return quote(post) if post is not None else ""
