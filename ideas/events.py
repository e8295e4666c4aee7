"""The idea board's events and the facts each carries, so a consumer (notifications, search,
loyalty, the internal feed) reads the payload and never the board's tables.

Ids are plain integers: `idea`, `comment`, `campaign` name the board's rows, `author`, `voter`,
`member`, `owner` and `told` name members (None for an erased or absent person)."""
from __future__ import annotations

from datetime import datetime

from pydantic import Field

from portal.events import EventKind, Payload


class IdeaSubmitted(Payload):
    idea: int = Field(description="The new idea's id.")
    author: int = Field(description="Who proposed it.")
    title: str = Field(description="Its title.")
    tags: list[str] = Field(description="Its tag slugs.")
    campaign: int | None = Field(description="The campaign it was proposed into, if any.")


class IdeaEdited(Payload):
    idea: int = Field(description="The idea's id.")
    title: str = Field(description="Its title after the edit.")
    tags: list[str] | None = Field(None, description="Its tag slugs after the edit, when the edit touched them.")


class IdeaVoted(Payload):
    """A vote cast or taken back. `vote_count` is the idea's count after this vote."""

    idea: int = Field(description="The idea's id.")
    voter: int = Field(description="Who voted (or took the vote back).")
    author: int | None = Field(description="The idea's author (None once erased).")
    vote_count: int = Field(description="The idea's vote count after this vote.")
    campaign: int | None = Field(description="The idea's campaign, if any.")
    title: str = Field(description="The idea's title.")


class IdeaCommented(Payload):
    idea: int = Field(description="The idea's id.")
    comment: int = Field(description="The new comment's id.")
    author: int = Field(description="Who commented.")
    idea_author: int | None = Field(description="The idea's author (None once erased).")
    title: str = Field(description="The idea's title.")
    official: bool = Field(description="Whether staff wrote it (an official answer).")


class IdeaStatusChanged(Payload):
    idea: int = Field(description="The idea's id.")
    author: int | None = Field(description="The idea's author (None once erased).")
    title: str = Field(description="The idea's title.")
    previous: str = Field(description="The status before.")
    status: str = Field(description="The status now (planned, in_progress, shipped, declined, …).")
    note: str = Field(description="The public note that explains the change.")


class IdeaMerged(Payload):
    """A duplicate merged into another idea. `told` are the author and voters of the duplicate."""

    idea: int = Field(description="The duplicate's id.")
    title: str = Field(description="The duplicate's title.")
    previous: str = Field(description="The duplicate's status before the merge.")
    into: int = Field(description="The idea it was merged into.")
    into_title: str = Field(description="That idea's title.")
    note: str = Field(description="The public note that explains the merge.")
    moved_votes: int = Field(description="Votes that moved (a member who voted for both keeps one).")
    told: list[int] = Field(description="The duplicate's author and voters, who are told where it went.")


class IdeaAssigned(Payload):
    idea: int = Field(description="The idea's id.")
    owner: int | None = Field(description="The staff member now responsible (None: nobody).")


class IdeaTeamChanged(Payload):
    """A co-author asked or was accepted, or a tester joined."""

    idea: int = Field(description="The idea's id.")
    title: str = Field(description="The idea's title.")
    author: int | None = Field(description="The idea's author (None once erased).")
    member: int = Field(description="The co-author or tester.")


class CampaignCreated(Payload):
    campaign: int = Field(description="The campaign's id.")
    title: str = Field(description="Its title.")
    deadline: datetime = Field(description="When it closes for new ideas.")
    vote_budget: int | None = Field(description="Votes each member may cast in it (None: no limit).")


class WeightsChanged(Payload):
    """The product team's weights for the priority score."""

    weights: dict[str, float] = Field(description="The weight of each part of the priority score.")


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
