"""What the forums' events make happen after commit: search documents and notifications.

A thread is one search document (its title and opening post); each answer is another, which the
search page shows under its thread (same url before the #fragment). Both are seen by those who may
read their category: the category's read level is the document's audience. Hidden threads and
posts, and posts waiting for a moderator, are not in the index.

Declared in forums/feature.py."""
from __future__ import annotations

from tortoise.functions import Min

from forums import following_listeners
from forums.events import FORUM_KINDS
from forums.models import Post, Thread
from forums.rules import posts_for, threads_for
from portal import events, search
from portal.accounts.models import Member
from portal.errors import N_
from portal.notify.kinds import NP_, Kind
from portal.notify.models import Notification
from portal.notify.personal import FORMER_MEMBER
from portal.notify.service import deliver
from portal.profiles.names import public_name

NOTIFICATIONS = (
    # An answer to my question is what I wait for: it counts among "answers", and goes by mail.
    Kind("forum_reply", N_("Answers in your threads"), N_("%(name)s answered in “%(title)s”."),
         mail=True, translated=("name",), icon="comment", group="replies", actor="name",
         many=NP_("%(num)d new answer in “%(title)s”", "%(num)d new answers in “%(title)s”")),
    Kind("forum_accepted", N_("Your answers accepted as the solution"),
         N_("Your answer in “%(title)s” was accepted as the solution."), icon="check"),
    Kind("forum_liked", N_("Likes of your posts"), N_("%(name)s liked your post in “%(title)s”."),
         translated=("name",), icon="heart", actor="name",
         many=NP_("%(num)d like of your posts in “%(title)s”", "%(num)d likes of your posts in “%(title)s”")),
    # The author reads why (a reason the flags gave is a message id, a moderator's is their text).
    Kind("forum_hidden", N_("Moderation of your posts"), N_("%(what)s “%(title)s” was hidden: %(reason)s"),
         mail=True, translated=("what", "reason"), icon="hidden"),
    *following_listeners.KINDS,  # mentions, watched threads, a liked thread that became an idea
)

# Who may read a category, as the search bands (portal/search/documents.py) call them.
AUDIENCES = {"everyone": "public", "members": "members", "staff": "staff"}


def post_url(thread_id: int, post_id: int) -> str:
    return f"/threads/{thread_id}#post-{post_id}"


# -- search --------------------------------------------------------------------------------------

async def _openings(thread_ids: list[int]) -> dict[int, Post]:
    """The opening post of each thread (its first), two queries for any number of threads."""
    if not thread_ids:
        return {}
    rows = await Post.filter(thread_id__in=thread_ids).group_by("thread_id").annotate(
        first=Min("id")).values("thread_id", "first")
    firsts = [row["first"] for row in rows]
    return {post.thread_id: post for post in await Post.filter(id__in=firsts)}


def _shown(post: Post | None) -> bool:
    return post is not None and post.hidden_at is None and not post.held


def _as_thread_doc(thread: Thread, opening: Post | None) -> search.Doc | None:
    # A thread whose question waits for a moderator (or was hidden) is found by nobody yet.
    if thread.hidden_at is not None or opening is None or not _shown(opening):
        return None
    audience = AUDIENCES.get(thread.category.read, "staff")
    return search.Doc(type="thread", id=thread.pk, title=thread.title, url=f"/threads/{thread.pk}",
                      summary=opening.excerpt, audience=audience, texts={audience: opening.body},
                      tags=thread.tags)


def _as_post_doc(post: Post, opening_id: int | None) -> search.Doc | None:
    thread = post.thread
    # The opening post is found as its thread.
    if post.pk == opening_id or not _shown(post) or thread.hidden_at is not None:
        return None
    audience = AUDIENCES.get(thread.category.read, "staff")
    return search.Doc(type="post", id=post.pk, title=thread.title, url=post_url(thread.pk, post.pk),
                      summary=post.excerpt, audience=audience, texts={audience: post.body})


async def _thread_docs(ids: list[int]) -> dict[int, search.Doc | None]:
    threads = await Thread.filter(id__in=ids).select_related("category").prefetch_related("tag_rows")
    openings = await _openings([thread.pk for thread in threads])
    return {thread.pk: _as_thread_doc(thread, openings.get(thread.pk)) for thread in threads}


async def _thread_doc(thread_id: int) -> search.Doc | None:
    return (await _thread_docs([thread_id])).get(thread_id)


async def _thread_ids():
    for thread_id in await Thread.filter(hidden_at=None).order_by("id").values_list("id", flat=True):
        yield thread_id


async def _post_docs(ids: list[int]) -> dict[int, search.Doc | None]:
    found = await Post.filter(id__in=ids).select_related("thread__category")
    openings = await _openings(sorted({post.thread_id for post in found}))
    return {post.pk: _as_post_doc(post, getattr(openings.get(post.thread_id), "pk", None)) for post in found}


async def _post_doc(post_id: int) -> search.Doc | None:
    return (await _post_docs([post_id])).get(post_id)


async def _post_ids():
    for post_id in await Post.filter(hidden_at=None, held=False, thread__hidden_at=None).order_by("id").values_list(
            "id", flat=True):
        yield post_id


DOC_TYPES = (
    search.DocType(name="thread", kinds=frozenset({"thread.created"}), load=_thread_doc, all_ids=_thread_ids,
                   load_many=_thread_docs, label=N_("Thread"), plural=N_("Threads")),
    search.DocType(name="post", kinds=frozenset({"post.created", "post.edited"}), load=_post_doc,
                   all_ids=_post_ids, load_many=_post_docs, label=N_("Post"), plural=N_("Posts")),
)
_OWN_KINDS = {doc_type.name: doc_type.kinds for doc_type in DOC_TYPES}

# Forum events that change neither a text nor who may see it. Every other one (a move, a hiding,
# a restore, an approval, whatever moderation adds to forums/events.py) indexes its subject again.
_UNSEEN = frozenset({"post.liked", "answer.accepted", "content.flagged"})


async def reindex_subject(event: events.Event) -> None:
    """What the DocTypes' own kinds do not reach: a thread's answers when the thread changed (moved,
    hidden, restored), the thread when its opening post changed (edited, hidden, approved). Idempotent."""
    if event.subject_id is None:
        return
    if event.subject_type == Thread._meta.db_table:
        if event.kind not in _OWN_KINDS["thread"]:
            await search.index_document("thread", event.subject_id)
        if event.kind != "thread.created":
            post_ids: list[int] = await Post.filter(thread_id=event.subject_id).order_by("id").values_list(  # type: ignore[assignment]  # Tortoise types flat=True as tuples
                "id", flat=True)
            for post_id in post_ids:
                await search.index_document("post", post_id)
    elif event.subject_type == Post._meta.db_table:
        if event.kind not in _OWN_KINDS["post"]:
            await search.index_document("post", event.subject_id)
        if event.kind == "post.created":  # an answer, never an opening post (thread.created has that)
            return
        post = await Post.get_or_none(id=event.subject_id)
        if post is not None and (await _openings([post.thread_id])).get(post.thread_id) == post:
            await search.index_document("thread", post.thread_id)


SEARCH = events.Subscription(
    "search", frozenset({"content.hidden", *(kind.name for kind in FORUM_KINDS if kind.name not in _UNSEEN)}),
    reindex_subject)


# -- notifications -------------------------------------------------------------------------------

async def _reader(member_id: int | None, post_id: int) -> Member | None:
    """The member, when they are active and may see the post (its category, not hidden, not held):
    nobody hears of a thread they may not read."""
    if member_id is None:
        return None
    member = await Member.get_or_none(id=member_id, status="active")
    if member is None or not await posts_for(member).filter(id=post_id, held=False, hidden_at=None).exists():
        return None
    return member


async def _name(member_id: int | None) -> str:
    member = await Member.get_or_none(id=member_id) if member_id else None
    return public_name(member) or FORMER_MEMBER


TOLD_OF_POSTS = frozenset({"thread.created", "post.created", "post.approved"})


async def on_event(event: events.Event) -> None:
    data = event.data or {}
    if event.kind in TOLD_OF_POSTS:  # answers, mentions, watched threads (forums/following_listeners.py)
        await following_listeners.tell_of_post(event)
    elif event.kind == "thread.converted":
        await following_listeners.invite_likers(event)
    elif event.kind == "answer.accepted":
        told = data.get("author")
        if told is None or told == data.get("by"):
            return
        if await _reader(told, data["post"]) is not None:
            await deliver(told, "forum_accepted", event_id=event.id, url=post_url(data["thread"], data["post"]),
                          data={"title": data.get("title", "")})
    elif event.kind == "post.liked":
        told, liker = data.get("author"), data.get("liker")
        if not data.get("liked") or told is None or told == liker:
            return
        url = post_url(data["thread"], data["post"])
        # A like taken back and given again tells nobody twice.
        if await Notification.filter(member_id=told, kind="forum_liked", actor_id=liker, url=url).exists():
            return
        if await _reader(told, data["post"]) is not None:
            await deliver(told, "forum_liked", event_id=event.id, url=url,
                          data={"title": data.get("title", ""), "name": await _name(liker)}, actor_id=liker)


    elif event.kind == "content.hidden":
        await _tell_hidden(event, data)


async def _tell_hidden(event: events.Event, data: dict) -> None:
    """The author of a hidden post or thread hears why, if they may still read where it was."""
    told = data.get("author")
    if told is None or told == event.actor_id or event.subject_id is None:
        return
    member = await Member.get_or_none(id=told, status="active")
    if member is None:
        return
    if event.subject_type == Post._meta.db_table:
        post = await posts_for(member).filter(id=event.subject_id).select_related("thread").first()
        if post is None:
            return
        what, title, url = N_("Your post in"), post.thread.title, post_url(post.thread_id, post.pk)
    elif event.subject_type == Thread._meta.db_table:
        thread = await threads_for(member).filter(id=event.subject_id).first()
        if thread is None:
            return
        what, title, url = N_("Your thread"), thread.title, f"/threads/{thread.pk}"
    else:  # another feature's content
        return
    await deliver(told, "forum_hidden", event_id=event.id, url=url,
                  data={"what": what, "title": title, "reason": data.get("reason", "")})


# Idempotent by (member, event, kind), like every notification (portal.notify.service.deliver).
NOTIFY = events.Subscription("notify", frozenset({*TOLD_OF_POSTS, "thread.converted", "answer.accepted",
                                                   "post.liked", "content.hidden"}), on_event)
