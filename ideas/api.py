"""The idea board's JSON API under /api/v1 (bearer token, or session + X-CSRF-Token).

Thin: takes the checked input, calls the board's services, answers with the models of
ideas/api_schemas.py. Reading the board needs no login; every staff action needs a token with the
staff scope and a staff role: without the scope its member acts as a plain member in the services."""
from __future__ import annotations

from urllib.parse import urlencode

from tortoise.transactions import in_transaction

from ideas import api_schemas as schemas
from ideas import board, comments, decisions, votes
from ideas.models import Comment, Idea
from portal.api import Call, Operation, cursors
from portal.profiles.names import public_name


def idea_of(idea: Idea, voted: bool) -> schemas.Idea:
    author = idea.author if public_name(idea.author) else None
    return schemas.Idea(
        id=idea.pk, title=idea.title, body=idea.body, status=idea.status, tags=[t.slug for t in idea.tags],
        vote_count=idea.vote_count, comment_count=idea.comment_count, follower_count=idea.follower_count,
        voted=voted, author=schemas.Author(display_name=author.display_name, handle=author.handle) if author else None,
        campaign_id=idea.campaign_id, merged_into=idea.merged_into_id, created_at=idea.created_at,
        url=f"/ideas/{idea.pk}")


def comment_of(comment: Comment) -> schemas.Comment:
    return schemas.Comment(id=comment.pk, body=comment.body, official=comment.official,
                           author=public_name(comment.author), created_at=comment.created_at)


async def _one(call: Call, idea_id: int) -> schemas.Idea:
    idea = await board.get_idea(call.member, idea_id)
    return idea_of(idea, idea.pk in await votes.voted_ids(call.member, [idea]))


async def list_ideas(call: Call) -> schemas.IdeaPage:
    query = call.query_as(schemas.BoardQuery)
    after = cursors.decode(query.cursor, query.sort) if query.cursor else None
    rows = await board.list_after(call.member, sort=query.sort, status=query.status or "", tag=query.tag or "",
                                    q=(query.q or "").strip(), after=after, limit=query.limit + 1)
    items, more = rows[:query.limit], len(rows) > query.limit
    voted = await votes.voted_ids(call.member, items)
    next_url = None
    if more:
        last = items[-1]
        column = board.SORT_KEYS[query.sort]
        cursor = cursors.encode(query.sort, getattr(last, column) if column else None, last.pk)
        params = {**query.model_dump(exclude_none=True, exclude_defaults=True), "limit": query.limit,
                  "cursor": cursor}
        next_url = "/api/v1/ideas?" + urlencode(params)
    return schemas.IdeaPage(items=[idea_of(i, i.pk in voted) for i in items], next=next_url)


async def create_idea(call: Call) -> schemas.Idea:
    body = call.body_as(schemas.NewIdea)
    idea = await board.submit(call.require(), body.title, body.body, body.tags, campaign_id=body.campaign_id)
    call.headers["Location"] = f"/api/v1/ideas/{idea.pk}"
    return await _one(call, idea.pk)


async def get_idea(call: Call) -> schemas.Idea:
    return await _one(call, call.params["idea_id"])


async def patch_idea(call: Call) -> schemas.Idea:
    """The author edits title/body/tags while new; staff change status (with note), tags, owner.
    The services decide who may (a token without the staff scope acts as a plain member), and the
    changes are one transaction: a refused part leaves the idea as it was."""
    member, idea_id, body = call.require(), call.params["idea_id"], call.body_as(schemas.IdeaChanges)
    sent = body.model_fields_set
    current = await board.get_idea(member, idea_id)
    async with in_transaction():
        if "status" in sent:
            await decisions.change_status(member, idea_id, body.status, body.note or "")
        if "owner" in sent:
            await decisions.set_owner(member, idea_id, body.owner)
        if sent & {"title", "body"}:
            await board.edit(member, idea_id, title=body.title if "title" in sent else current.title,
                               body=body.body if "body" in sent else current.body,
                               tag_slugs=body.tags if "tags" in sent else [t.slug for t in current.tags])
        elif "tags" in sent:
            await board.set_tags(member, idea_id, body.tags)
    return await _one(call, idea_id)


async def set_vote(call: Call) -> schemas.VoteState:
    idea, voted = await votes.set_vote(call.require(), call.params["idea_id"], call.request.method == "PUT")
    return schemas.VoteState(vote_count=idea.vote_count, voted=voted)


async def list_comments(call: Call) -> schemas.CommentList:
    idea = await board.get_idea(call.member, call.params["idea_id"])
    return schemas.CommentList(items=[comment_of(c) for c in await comments.comments_of(idea)])


async def create_comment(call: Call) -> schemas.Comment:
    body = call.body_as(schemas.NewComment)
    comment = await comments.add_comment(call.require(), call.params["idea_id"], body.body)
    await comment.fetch_related("author")
    return comment_of(comment)


async def merge(call: Call) -> schemas.Idea:
    body = call.body_as(schemas.Merge)
    await decisions.merge(call.require(), call.params["idea_id"], body.into, body.note)
    # merge() merges into exactly the idea asked for, or raises.
    return await _one(call, body.into)


ONE = "/ideas/{idea_id:int}"
operations = [
    Operation("GET", "/ideas", list_ideas, "listIdeas", "ideas", "The board: filtered, sorted, paged by cursor",
              public=True, query=schemas.BoardQuery, response=schemas.IdeaPage),
    Operation("POST", "/ideas", create_idea, "createIdea", "ideas", "Propose an idea", scopes=("write",),
              body=schemas.NewIdea, response=schemas.Idea, status=201),
    Operation("GET", ONE, get_idea, "getIdea", "ideas", "One idea", public=True, response=schemas.Idea),
    Operation("PATCH", ONE, patch_idea, "updateIdea", "ideas",
              "Edit (author, while new) or triage (staff scope: status with note, tags, owner)",
              scopes=("write",), body=schemas.IdeaChanges, response=schemas.Idea, errors=(409,)),
    Operation("PUT", ONE + "/vote", set_vote, "voteForIdea", "ideas", "Vote (idempotent)", scopes=("write",),
              response=schemas.VoteState, errors=(409,)),
    Operation("DELETE", ONE + "/vote", set_vote, "unvoteIdea", "ideas", "Take the vote back (idempotent)",
              scopes=("write",), response=schemas.VoteState, errors=(409,)),
    Operation("GET", ONE + "/comments", list_comments, "listIdeaComments", "ideas", "Comments of an idea",
              public=True, response=schemas.CommentList),
    Operation("POST", ONE + "/comments", create_comment, "createIdeaComment", "ideas",
              "Comment (a staff member's comment is an official answer)", scopes=("write",),
              body=schemas.NewComment, response=schemas.Comment, status=201),
    Operation("POST", ONE + "/merge", merge, "mergeIdea", "ideas", "Merge this idea into another (staff scope)",
              scopes=("write", "staff"), body=schemas.Merge, response=schemas.Idea, errors=(409,)),
]
