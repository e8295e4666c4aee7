"""What the idea board's events make happen after commit: search documents and notifications.

Declared in ideas/feature.py."""
from __future__ import annotations

from ideas.models import STATUS_LABELS, Comment, Contributor, Follow, Idea
from portal import events, search
from portal.errors import N_
from portal.notify.kinds import NP_, Kind
from portal.notify.personal import FORMER_MEMBER
from portal.notify.service import deliver
from portal.profiles.names import public_name

NOTIFICATIONS = (
    Kind("idea_status", N_("News about ideas you follow"), N_("“%(title)s” is now %(status)s."),
         mail=True, translated=("status",), icon="status",
         many=NP_("%(num)d update on “%(title)s”: now %(status)s.",
                  "%(num)d updates on “%(title)s”: now %(status)s.")),
    Kind("idea_merged", N_("Your ideas merged into others"),
         N_("“%(title)s” was merged into “%(into_title)s”. Your vote moved with it."), mail=True, icon="merge",
         many=NP_("%(num)d idea was merged into “%(into_title)s”. Your votes moved with them.",
                  "%(num)d ideas were merged into “%(into_title)s”. Your votes moved with them.")),
    # Comments on an idea I wrote or follow are the answers to what I said: the "answers" filter.
    Kind("idea_comment", N_("Comments on ideas you follow"), N_("%(name)s commented on “%(title)s”."),
         translated=("name",), icon="comment", group="replies", actor="name",
         many=NP_("%(num)d new comment on “%(title)s”", "%(num)d new comments on “%(title)s”")),
    Kind("idea_hidden", N_("Moderation of your ideas"), N_("A moderator hid your idea “%(title)s”: %(reason)s"),
         mail=True, icon="hidden"),
    Kind("idea_team", N_("Co-authors and testing of ideas"), N_("%(what)s: “%(title)s”"), mail=True,
         translated=("what",), icon="team",
         many=NP_("%(num)d team update on “%(title)s”", "%(num)d team updates on “%(title)s”")),
)


# -- search --------------------------------------------------------------------------------------

def _as_idea_doc(idea: Idea) -> search.Doc | None:
    if idea.hidden_at is not None or idea.status == "merged":
        return None
    return search.Doc(type="idea", id=idea.pk, title=idea.title, url=f"/ideas/{idea.pk}",
                      summary=idea.body, texts={"public": idea.body},
                      tags=[t.slug for t in idea.tags])


async def _idea_doc(idea_id: int) -> search.Doc | None:
    idea = await Idea.get_or_none(id=idea_id).prefetch_related("tags")
    return None if idea is None else _as_idea_doc(idea)


async def _idea_docs(ids: list[int]) -> dict[int, search.Doc | None]:
    return {idea.pk: _as_idea_doc(idea) for idea in await Idea.filter(id__in=ids).prefetch_related("tags")}


async def _idea_ids():
    for idea_id in await Idea.filter(hidden_at=None).exclude(status="merged").order_by("id").values_list(
            "id", flat=True):
        yield idea_id


def _as_comment_doc(comment: Comment) -> search.Doc | None:
    if comment.idea.hidden_at is not None:
        return None
    return search.Doc(type="comment", id=comment.pk, title=comment.idea.title,
                      url=f"/ideas/{comment.idea_id}#comment-{comment.pk}", summary=comment.body,
                      texts={"public": comment.body})


async def _comment_doc(comment_id: int) -> search.Doc | None:
    comment = await Comment.get_or_none(id=comment_id).select_related("idea")
    return None if comment is None else _as_comment_doc(comment)


async def _comment_docs(ids: list[int]) -> dict[int, search.Doc | None]:
    return {comment.pk: _as_comment_doc(comment)
            for comment in await Comment.filter(id__in=ids).select_related("idea")}


async def _comment_ids():
    for comment_id in await Comment.filter(idea__hidden_at=None).order_by("id").values_list("id", flat=True):
        yield comment_id


DOC_TYPES = (
    search.DocType(
        name="idea",
        kinds=frozenset({"idea.submitted", "idea.edited", "idea.status_changed", "idea.merged", "content.hidden"}),
        load=_idea_doc, all_ids=_idea_ids, load_many=_idea_docs, label=N_("Idea"), plural=N_("Ideas")),
    search.DocType(name="comment", kinds=frozenset({"idea.commented"}), load=_comment_doc, all_ids=_comment_ids,
                   load_many=_comment_docs, label=N_("Comment"), plural=N_("Comments")),
)


# -- notifications -------------------------------------------------------------------------------

async def _followers(idea_id: int | None, *, except_id: int | None) -> list[int]:
    ids: list[int] = await Follow.filter(idea_id=idea_id).values_list("member_id", flat=True)  # type: ignore[assignment]  # Tortoise types flat=True as tuples
    return [i for i in ids if i != except_id]


async def on_event(event: events.Event) -> None:
    data = event.data or {}
    if event.kind == "idea.status_changed":
        testers: list[int] = []
        if data.get("status") == "in_progress":
            # Testers hear first, with a message of their own.
            testers = await Contributor.filter(idea_id=event.subject_id, role="tester").values_list("member_id", flat=True)  # type: ignore[assignment]  # Tortoise types flat=True as tuples
            for member_id in testers:
                await deliver(member_id, "idea_team", event_id=event.id, url=f"/ideas/{event.subject_id}",
                              data={"what": N_("Being built now, and you signed up to test it"),
                                    "title": data.get("title", "")})
        for member_id in await _followers(event.subject_id, except_id=event.actor_id):
            if member_id not in testers:
                await deliver(member_id, "idea_status", event_id=event.id, url=f"/ideas/{event.subject_id}",
                              data={"title": data.get("title", ""),
                                    "status": STATUS_LABELS.get(data.get("status", ""), "")})
    elif event.kind == "idea.coauthor_requested" and data.get("author"):
        await deliver(data["author"], "idea_team", event_id=event.id, url=f"/ideas/{event.subject_id}#team",
                      data={"what": N_("Someone asks to join your idea as co-author"), "title": data.get("title", "")})
    elif event.kind == "idea.coauthor_accepted" and data.get("member"):
        await deliver(data["member"], "idea_team", event_id=event.id, url=f"/ideas/{event.subject_id}",
                      data={"what": N_("You are now a co-author"), "title": data.get("title", "")})
    elif event.kind == "idea.merged":
        for member_id in data.get("told", []):
            if member_id != event.actor_id:
                await deliver(member_id, "idea_merged", event_id=event.id, url=f"/ideas/{data.get('into')}",
                              data={"title": data.get("title", ""), "into_title": data.get("into_title", "")})
    elif event.kind == "idea.commented":
        idea = await Idea.get_or_none(id=data.get("idea"))
        comment = await Comment.get_or_none(id=event.subject_id).select_related("author")
        if idea is None or comment is None:
            return
        author = comment.author
        name = public_name(author) or FORMER_MEMBER
        for member_id in await _followers(idea.pk, except_id=event.actor_id):
            await deliver(member_id, "idea_comment", event_id=event.id, url=f"/ideas/{idea.pk}#comment-{comment.pk}",
                          data={"title": idea.title, "name": name}, actor_id=comment.author_id)
    elif event.kind == "content.hidden" and event.subject_type == "idea":
        idea = await Idea.get_or_none(id=event.subject_id)
        if idea is not None and idea.author_id:
            await deliver(idea.author_id, "idea_hidden", event_id=event.id, url=f"/ideas/{idea.pk}",
                          data={"title": idea.title, "reason": data.get("reason", "")})


# Idempotent by (member, event, kind), like every notification (portal.notify.service.deliver).
NOTIFY = events.Subscription("notify", frozenset({
    "idea.status_changed", "idea.merged", "idea.commented", "content.hidden", "idea.coauthor_requested",
    "idea.coauthor_accepted"}), on_event)
