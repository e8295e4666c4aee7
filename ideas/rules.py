"""Rules of the idea board that both the services and the templates ask, written once.

- the limits of what members write (titles, descriptions, comments, tags);
- how a title is cleaned (ideas and campaigns);
- whether a member may vote on an idea now (`voting`): the service refuses with it, and
  `_vote_button.html` asks the same function (template global `idea_voting`) to show a button, a
  login link or the closed count.
- which ideas a reader may see (`may_see`): the board, an idea's page and a member's profile
  ask it.

Whether a campaign is open is `Campaign.is_open` (ideas/models.py); the priority formula is
`triage.TERMS`; a member's public name is portal/profiles/names.py."""
from __future__ import annotations

import re
from typing import Any

from tortoise.expressions import Q

from ideas.models import OPEN_STATUSES, Idea
from portal.accounts.permissions import can, require
from portal.errors import N_, Conflict, NotFound

TITLE_MAX = 200
BODY_MAX = 20_000
COMMENT_MAX = 10_000
TAGS_MAX = 5


def clean_title(value: str | None, missing: str) -> tuple[str, str | None]:
    """A title with its runs of white space made one space and its ends trimmed, and the message
    id of what is wrong with it (`missing` when empty, too long over TITLE_MAX), or None."""
    title = re.sub(r"\s+", " ", value or "").strip()
    if not title:
        return title, missing
    if len(title) > TITLE_MAX:
        return title, N_("Please keep the title under 200 characters.")
    return title, None


def may_see(reader, via: str = "") -> Q:
    """Which ideas a reader may see, as a condition: hidden ones only for staff who moderate, and
    for their author. `via` reaches the idea through a relation ("idea__": the idea of a comment or
    of a co-author), so lists of those follow the same rule."""
    if can(reader, "content.moderate"):
        return Q()
    unhidden: dict[str, Any] = {f"{via}hidden_at": None}
    shown = Q(**unhidden)
    return shown if reader is None else shown | Q(**{f"{via}author_id": reader.pk})


# What `voting()` answers, in the order the service checks the idea.
VOTE_OK = "ok"            # the member may vote (and take the vote back)
VOTE_HIDDEN = "hidden"    # a moderator hid the idea: it is not there for voting
VOTE_MERGED = "merged"    # the idea was merged into another: vote there
VOTE_CLOSED = "closed"    # shipped or declined: voting has closed
VOTE_LOGIN = "login"      # nobody is logged in
VOTE_REFUSED = "refused"  # the member may not vote at all (email not confirmed, account not active)


def voting(member, idea: Idea) -> str:
    """Whether `member` may vote on `idea` now, as one of the VOTE_* words above. The idea's state
    comes first (a closed idea is closed for everyone), then the member."""
    if idea.hidden_at is not None:
        return VOTE_HIDDEN
    if idea.status == "merged":
        return VOTE_MERGED
    if idea.status not in OPEN_STATUSES:
        return VOTE_CLOSED
    if member is None:
        return VOTE_LOGIN
    if not can(member, "content.post"):
        return VOTE_REFUSED
    return VOTE_OK


def require_may_vote(member, idea: Idea) -> None:
    """Raise the domain error that says why `member` may not vote on `idea` (nothing when they
    may): Unauthenticated or Forbidden for the member, then NotFound (hidden) or Conflict (merged,
    closed) for the idea. The vote services call it with the idea row locked."""
    require(member, "content.post")
    state = voting(member, idea)
    if state == VOTE_HIDDEN:
        raise NotFound()
    if state == VOTE_MERGED:
        raise Conflict(N_("This idea was merged into another one: please vote there."))
    if state == VOTE_CLOSED:
        raise Conflict(N_("Voting on this idea has closed."))
