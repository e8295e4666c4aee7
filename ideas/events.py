"""The idea board's events and the facts each carries, so a consumer (notifications, search,
loyalty, the internal feed) reads the payload and never the board's tables.

Ids are plain integers: `idea`, `comment`, `campaign` name the board's rows, `author`, `voter`,
`member`, `owner` and `told` name members (None for an erased or absent person)."""
from __future__ import annotations

from datetime import datetime

from portal.events import EventKind, Payload


class IdeaSubmitted(Payload):
    idea: int
    author: int
    title: str
    tags: list[str]
    campaign: int | None


class IdeaEdited(Payload):
    idea: int
    title: str
    tags: list[str] | None = None  # the tags after the edit, when the edit touched them


class IdeaVoted(Payload):
    """A vote cast or taken back. `vote_count` is the idea's count after this vote."""

    idea: int
    voter: int
    author: int | None
    vote_count: int
    campaign: int | None
    title: str


class IdeaCommented(Payload):
    idea: int
    comment: int
    author: int
    idea_author: int | None
    title: str
    official: bool


class IdeaStatusChanged(Payload):
    idea: int
    author: int | None
    title: str
    previous: str
    status: str
    note: str


class IdeaMerged(Payload):
    """A duplicate merged into another idea. `told` are the author and voters of the duplicate."""

    idea: int
    title: str
    previous: str
    into: int
    into_title: str
    note: str
    moved_votes: int
    told: list[int]


class IdeaAssigned(Payload):
    idea: int
    owner: int | None


class IdeaTeamChanged(Payload):
    """A co-author asked or was accepted, or a tester joined."""

    idea: int
    title: str
    author: int | None
    member: int


class CampaignCreated(Payload):
    campaign: int
    title: str
    deadline: datetime
    vote_budget: int | None


class WeightsChanged(Payload):
    """The product team's weights for the priority score."""

    weights: dict[str, float]


IDEA_KINDS = (
    EventKind("idea.submitted", IdeaSubmitted, "A member proposed an idea."),
    EventKind("idea.edited", IdeaEdited, "An idea's title, text or tags changed."),
    EventKind("idea.voted", IdeaVoted, "A member voted for an idea."),
    EventKind("idea.unvoted", IdeaVoted, "A member took their vote back."),
    EventKind("idea.commented", IdeaCommented, "Someone commented on an idea (staff comments are official)."),
    EventKind("idea.status_changed", IdeaStatusChanged, "An idea moved on (planned, in progress, shipped, …)."),
    EventKind("idea.merged", IdeaMerged, "A duplicate idea was merged into another; its votes moved."),
    EventKind("idea.assigned", IdeaAssigned, "Product staff made someone responsible for an idea."),
    EventKind("idea.coauthor_requested", IdeaTeamChanged, "A member asked to co-author an idea."),
    EventKind("idea.coauthor_accepted", IdeaTeamChanged, "An idea's author accepted a co-author."),
    EventKind("idea.tester_joined", IdeaTeamChanged, "A member signed up to test an idea."),
    EventKind("campaign.created", CampaignCreated, "Staff opened a campaign that collects ideas."),
    EventKind("ideas.weights_changed", WeightsChanged, "The weights of the priority score changed."),
)
