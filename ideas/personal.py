"""What the idea board holds about a person (for export and erasure, see portal/personal_data.py) and its
part of the staff customer view. Declared in ideas/feature.py."""
from __future__ import annotations

from ideas.models import (
    Campaign,
    Comment,
    Contributor,
    Follow,
    Idea,
    StatusChange,
    Vote,
)
from portal.errors import N_
from portal.personal_data import Holding
from portal.profiles import customer_view


# -- the idea board's part of the staff customer view ---------------------------------------------

async def _customer_view(member) -> dict:
    """The member's latest ideas, votes and comments, with totals."""
    ideas = Idea.filter(author_id=member.pk)
    votes = Vote.filter(member_id=member.pk)
    comments = Comment.filter(author_id=member.pk)
    return {
        "ideas": await ideas.order_by("-id").limit(10),
        "idea_count": await ideas.count(),
        "votes": await votes.order_by("-id").limit(10).select_related("idea"),
        "vote_count": await votes.count(),
        "comments": await comments.order_by("-id").limit(10).select_related("idea"),
        "comment_count": await comments.count(),
    }


CUSTOMER_VIEW = customer_view.Section("ideas", N_("Ideas, votes and comments"), "ideas/_customer_view.html",
                                      _customer_view)


# Derived from what was written, not written by anyone: left out of exports.
_DERIVED = {"excerpt": "the start of the description, repeated for idea cards"}

# Declared in this package's feature declaration (see portal/features.py).
HOLDINGS = (
    Holding(Idea, "author", "ideas", erase="keep", omit=_DERIVED,
            purpose="Ideas you proposed.",
            kept="for as long as the community runs; after erasure they read “former member”"),
    Holding(Idea, "owner", "ideas_owned", erase="detach", omit=_DERIVED,
            purpose="As product staff: ideas assigned to you.",
            kept="until someone else takes them over"),
    Holding(Campaign, "created_by", "campaigns_created", erase="keep",
            purpose="As staff: campaigns you opened.",
            kept="for as long as the community runs"),
    Holding(Vote, "member", "votes", erase="detach",
            purpose="Your votes, so you can take one back and we count each person once.",
            kept="while you have an account; after erasure the votes still count but name nobody"),
    Holding(Follow, "member", "follows", erase="delete",
            purpose="Ideas you follow, so we can tell you what becomes of them.",
            kept="until you unfollow"),
    Holding(Comment, "author", "comments", erase="keep",
            purpose="Your comments on ideas.",
            kept="for as long as the community runs; after erasure they read “former member”"),
    Holding(StatusChange, "actor", "status_changes", erase="keep",
            purpose="As staff: the status changes and public notes you wrote.",
            kept="for as long as the community runs"),
    Holding(Contributor, "member", "idea_roles", erase="delete",
            purpose="Ideas you co-author or test.",
            kept="while you have an account"),
)
