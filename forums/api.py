"""The forums' JSON API under /api/v1 (bearer token, or session + X-CSRF-Token).

Thin: takes the checked input, calls the forums' services, answers with the models of
forums/api_schemas.py. Reading needs no login (each caller sees the categories they may read, and
only their threads); writing needs the write scope, and a staff member's powers (official
answers, the team's categories, opening categories) the staff scope too: without it the services
see a plain member."""
from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from forums import api_schemas as schemas
from forums import categories, moderation, posts, threads
from forums.models import Category, Post, Thread
from portal.api import ID_MAX, Call, Operation, cursors
from portal.api.problems import RequestInvalid
from portal.errors import N_, Invalid, NotFound
from portal.profiles.names import public_name

NO_CATEGORY = N_("There is no category with this id that you may read.")
NOT_AN_ANSWER = N_("This is not an answer of this thread that can be accepted.")
DATE_SORTS = ("latest", "newest")


def author_of(member) -> schemas.ForumAuthor | None:
    return schemas.ForumAuthor(display_name=member.display_name, handle=member.handle) if public_name(member) else None


def category_of(category: Category) -> schemas.Category:
    return schemas.Category(
        id=category.pk, slug=category.slug, name=category.name, description=category.description,
        colour=category.colour, read=category.read, post=category.post, thread_count=category.thread_count,
        last_posted_at=category.last_posted_at)


def thread_of(thread: Thread) -> schemas.Thread:
    return schemas.Thread(
        id=thread.pk, title=thread.title, category=thread.category_id, tags=thread.tags,
        author=author_of(thread.author), solved=thread.solved, accepted_post=thread.accepted_post_id,
        post_count=thread.post_count, like_count=thread.like_count, created_at=thread.created_at,
        last_posted_at=thread.last_posted_at)


def post_of(post: Post, thread: Thread, liked: set[int], flags: dict[int, int] | None = None) -> schemas.Post:
    return schemas.Post(
        id=post.pk, thread=post.thread_id, author=author_of(post.author), body=post.body,
        like_count=post.like_count, liked=post.pk in liked, official=post.official,
        accepted=post.pk == thread.accepted_post_id, held=post.held, created_at=post.created_at,
        edited_at=post.edited_at, flag_count=None if flags is None else flags.get(post.pk, 0))


def _next(path: str, query, cursor: str) -> str:
    """The link to the following page: the same filters and limit, and the cursor."""
    params = {**query.model_dump(exclude_none=True, exclude_defaults=True), "limit": query.limit, "cursor": cursor}
    return f"/api/v1{path}?" + urlencode(params)


# -- categories ----------------------------------------------------------------------------------

async def list_categories(call: Call) -> schemas.CategoryList:
    return schemas.CategoryList(items=[category_of(c) for c in await categories.list_categories(call.member)])


async def create_category(call: Call) -> schemas.Category:
    body = call.body_as(schemas.NewCategory)
    category = await categories.create_category(call.require(), name=body.name, slug=body.slug,
                                                description=body.description, colour=body.colour,
                                                read=body.read, post=body.post)
    return category_of(category)


# -- threads -------------------------------------------------------------------------------------

async def _category(call: Call, key: str | int) -> Category:
    """The category of `key` (an id or a slug) as the caller may read it, or NotFound (an id too
    large for the column is not there either)."""
    if str(key).isdigit() and int(key) > ID_MAX:
        raise NotFound()
    return await categories.get_category(call.member, key)


def _thread_cursor(cursor: str, sort: str) -> tuple:
    """(key, id) from a cursor of this order; the dates travel as ISO text."""
    key, row_id = cursors.decode(cursor, sort)
    try:
        if sort in DATE_SORTS:
            return datetime.fromisoformat(str(key)), row_id
        if isinstance(key, int) and not isinstance(key, bool):
            return key, row_id
    except ValueError:
        pass
    raise RequestInvalid({"cursor": cursors.BAD_CURSOR}, "query")


async def list_threads(call: Call) -> schemas.ThreadPage:
    query = call.query_as(schemas.ThreadQuery)
    category = await _category(call, query.category) if query.category else None
    after = _thread_cursor(query.cursor, query.sort) if query.cursor else None
    rows = await threads.threads_after(call.member, category, sort=query.sort, tag=query.tag or "",
                                       solved=query.solved, unanswered=query.unanswered, after=after,
                                       limit=query.limit + 1)
    items, next_url = rows[:query.limit], None
    if len(rows) > query.limit:
        last = items[-1]
        key = getattr(last, threads.KEYSET_SORTS[query.sort])
        cursor = cursors.encode(query.sort, key.isoformat() if isinstance(key, datetime) else key, last.pk)
        next_url = _next("/threads", query, cursor)
    return schemas.ThreadPage(items=[thread_of(t) for t in items], next=next_url)


async def create_thread(call: Call) -> schemas.Thread:
    member, body = call.require(), call.body_as(schemas.NewThread)
    try:
        category = await categories.get_category(member, body.category)
    except NotFound:  # a category in the body is a field that is wrong, not a page that is missing
        raise Invalid("category", NO_CATEGORY) from None
    thread = await threads.start_thread(member, category.pk, body.title, body.body, body.tags)
    call.headers["Location"] = f"/api/v1/threads/{thread.pk}"
    return thread_of(await threads.get_thread(member, thread.pk))


async def get_thread(call: Call) -> schemas.Thread:
    return thread_of(await threads.get_thread(call.member, call.params["thread_id"]))


async def accept(call: Call) -> schemas.Thread:
    """The thread's author or staff accept an answer, or take the acceptance back (null)."""
    member, thread_id, body = call.require(), call.params["thread_id"], call.body_as(schemas.Acceptance)
    await threads.get_thread(member, thread_id)  # 404 for the thread itself, before the post is looked up
    try:
        await posts.accept_answer(member, thread_id, body.post)
    except NotFound:  # the thread is there (above): what is missing is the post named in the body
        raise Invalid("post", NOT_AN_ANSWER) from None
    return thread_of(await threads.get_thread(member, thread_id))


# -- posts ---------------------------------------------------------------------------------------

async def list_posts(call: Call) -> schemas.PostPage:
    query = call.query_as(schemas.PostQuery)
    thread = await threads.get_thread(call.member, call.params["thread_id"])
    label = f"posts:{thread.pk}"  # a cursor pages the thread it was made for
    after = cursors.decode(query.cursor, label)[1] if query.cursor else 0
    rows = await posts.posts_after(call.member, thread, after=after, limit=query.limit + 1)
    items, next_url = rows[:query.limit], None
    if len(rows) > query.limit:
        next_url = _next(f"/threads/{thread.pk}/posts", query, cursors.encode(label, None, items[-1].pk))
    liked = await posts.liked_ids(call.member, items)
    flags = await moderation.open_flags(call.member, items)
    return schemas.PostPage(items=[post_of(p, thread, liked, flags) for p in items], next=next_url)


async def _post(call: Call, post_id: int) -> schemas.Post:
    """One post as the caller now sees it, with its author and the caller's like."""
    post = await posts.get_post(call.member, post_id)
    await post.fetch_related("author")
    return post_of(post, post.thread, await posts.liked_ids(call.member, [post]),
                   await moderation.open_flags(call.member, [post]))


async def create_post(call: Call) -> schemas.Post:
    body = call.body_as(schemas.NewPost)
    post = await posts.reply(call.require(), call.params["thread_id"], body.body)
    return await _post(call, post.pk)


async def edit_post(call: Call) -> schemas.Post:
    body = call.body_as(schemas.PostChanges)
    await posts.edit_post(call.require(), call.params["post_id"], body.body)
    return await _post(call, call.params["post_id"])


async def flag(call: Call) -> schemas.FlagReceipt:
    body = call.body_as(schemas.NewFlag)
    made = await moderation.flag_post(call.require(), call.params["post_id"], body.reason, body.note)
    return schemas.FlagReceipt(id=made.pk, post=made.post_id, reason=made.reason, created_at=made.created_at)


async def moderate_thread(call: Call) -> schemas.Thread:
    body = call.body_as(schemas.ThreadModeration)
    moderator = call.require()
    try:
        thread = await moderation.moderate_thread(moderator, call.params["thread_id"], body.action,
                                                  reason=body.reason, category=body.category)
    except NotFound:
        await threads.get_thread(moderator, call.params["thread_id"])  # the thread itself: 404
        raise Invalid("category", NO_CATEGORY) from None
    return thread_of(thread)


async def moderate_post(call: Call) -> schemas.Post:
    body = call.body_as(schemas.PostModeration)
    post = await moderation.moderate_post(call.require(), call.params["post_id"], body.action, body.reason)
    return await _post(call, post.pk)


async def set_like(call: Call) -> schemas.LikeState:
    liked = call.request.method == "PUT"
    post = await posts.set_like(call.require(), call.params["post_id"], liked)
    return schemas.LikeState(like_count=post.like_count, liked=liked)


THREAD = "/threads/{thread_id:int}"
POST = "/posts/{post_id:int}"
operations = [
    Operation("GET", "/categories", list_categories, "listCategories", "forums",
              "The forum categories the caller may read, in order", public=True, response=schemas.CategoryList),
    Operation("POST", "/categories", create_category, "createCategory", "forums",
              "Open a category (admins; staff scope)", scopes=("write", "staff"), body=schemas.NewCategory,
              response=schemas.Category, status=201),
    Operation("GET", "/threads", list_threads, "listThreads", "forums",
              "Threads the caller may see: filtered, sorted, paged by cursor", public=True,
              query=schemas.ThreadQuery, response=schemas.ThreadPage, errors=(404,),
              description="An unknown `category`, or one the caller may not read, is a 404."),
    Operation("POST", "/threads", create_thread, "createThread", "forums",
              "Start a thread (a staff member's question is official with the staff scope)", scopes=("write",),
              body=schemas.NewThread, response=schemas.Thread, status=201, errors=(429,),
              description="Too soon after the caller's last post or thread is a 429 with Retry-After."),
    Operation("GET", THREAD, get_thread, "getThread", "forums", "One thread", public=True,
              response=schemas.Thread),
    Operation("GET", THREAD + "/posts", list_posts, "listThreadPosts", "forums",
              "A thread's posts, its question first, paged by cursor", public=True, query=schemas.PostQuery,
              response=schemas.PostPage),
    Operation("POST", THREAD + "/posts", create_post, "createThreadPost", "forums",
              "Answer in a thread (a staff member's answer is official with the staff scope)", scopes=("write",),
              body=schemas.NewPost, response=schemas.Post, status=201, errors=(409, 429),
              description="Too soon after the caller's last post is a 429 with Retry-After; over the links "
                          "or mentions of the caller's trust level a 422; a new member's first post with "
                          "links is accepted and held (`held: true`) until a moderator approves it."),
    Operation("POST", THREAD + "/accept", accept, "acceptAnswer", "forums",
              "Accept an answer (the thread's author, or staff), or take it back with null", scopes=("write",),
              body=schemas.Acceptance, response=schemas.Thread, errors=(409,)),
    Operation("PATCH", POST, edit_post, "updatePost", "forums",
              "Change a post's text (its author, or a moderator with the staff scope)", scopes=("write",),
              body=schemas.PostChanges, response=schemas.Post),
    Operation("PUT", POST + "/like", set_like, "likePost", "forums", "Like a post, not one's own (idempotent)",
              scopes=("write",), response=schemas.LikeState, errors=(409,)),
    Operation("DELETE", POST + "/like", set_like, "unlikePost", "forums", "Take a like back (idempotent)",
              scopes=("write",), response=schemas.LikeState, errors=(409,)),
    Operation("POST", POST + "/flags", flag, "flagPost", "forums",
              "Flag a post for moderators (verified members, once per post, not one's own)", scopes=("write",),
              body=schemas.NewFlag, response=schemas.FlagReceipt, status=201, errors=(409,)),
    Operation("POST", THREAD + "/moderate", moderate_thread, "moderateThread", "forums",
              "Lock, unlock, pin, unpin, move, hide or restore a thread (moderators; staff scope)",
              scopes=("write", "staff"), body=schemas.ThreadModeration, response=schemas.Thread),
    Operation("POST", POST + "/moderate", moderate_post, "moderatePost", "forums",
              "Hide, restore or approve a post (moderators; staff scope)", scopes=("write", "staff"),
              body=schemas.PostModeration, response=schemas.Post),
]
