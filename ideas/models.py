"""Tables of the idea board: ideas, their tags, votes, follows, comments, status history,
campaigns, co-authors and testers."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from portal.clock import now
from portal.errors import N_

if TYPE_CHECKING:
    from portal.accounts.models import Member

STATUSES = ("new", "under_review", "planned", "in_progress", "shipped", "declined", "merged")
OPEN_STATUSES = ("new", "under_review", "planned", "in_progress")
# Message ids, translated where shown (pages, notifications).
STATUS_LABELS = {
    "new": N_("new"), "under_review": N_("under review"), "planned": N_("planned"),
    "in_progress": N_("in progress"), "shipped": N_("shipped"), "declined": N_("declined"),
    "merged": N_("merged"),
}


class Tag(Model):
    """A product area staff offer for ideas (members pick from these, they cannot invent them)."""

    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=24, unique=True)
    name_en = fields.CharField(max_length=60)
    name_de = fields.CharField(max_length=60)

    class Meta:
        table = "idea_tag"


class Campaign(Model):
    """A question staff pose to the community, open for ideas until its deadline. With a vote
    budget each member has that many votes on its ideas."""

    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    description_html = fields.TextField(default="", db_default="")  # rendered when written (portal/markdown.py)
    deadline = fields.DatetimeField()
    vote_budget = fields.IntField(null=True)
    created_by: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name=False, null=True, on_delete=fields.SET_NULL)
    created_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "campaign"

    @property
    def is_open(self) -> bool:
        """Open for new ideas until its deadline (the whole last day counts, see campaigns.py)."""
        return self.deadline > now()


class Idea(Model):
    """A proposal by a member. The counters are kept exact by the service (atomic updates in the
    transaction of each vote or comment). `trend` is the sum of 2^(age of each vote in half-lives),
    see ideas/ranking.py."""

    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=200)
    body = fields.TextField(default="")
    body_html = fields.TextField(default="", db_default="")  # rendered when written (portal/markdown.py)
    # The card's two lines of plain text, derived when the body is written (portal/markdown.py excerpt).
    excerpt = fields.CharField(max_length=240, default="", db_default="")
    author: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name=False, null=True, on_delete=fields.SET_NULL)
    author_id: int | None
    status = fields.CharField(max_length=16, default="new", db_index=True)
    campaign: fields.ForeignKeyNullableRelation[Campaign] = fields.ForeignKeyField(
        "ideas.Campaign", related_name="ideas", null=True, on_delete=fields.SET_NULL)
    campaign_id: int | None
    tags: fields.ManyToManyRelation[Tag] = fields.ManyToManyField(
        "ideas.Tag", related_name="ideas", through="idea_tags")
    owner: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name=False, null=True, on_delete=fields.SET_NULL)
    owner_id: int | None
    merged_into: fields.ForeignKeyNullableRelation[Idea] = fields.ForeignKeyField(
        "ideas.Idea", related_name=False, null=True, on_delete=fields.SET_NULL)
    merged_into_id: int | None
    vote_count = fields.IntField(default=0, db_index=True)
    comment_count = fields.IntField(default=0)
    follower_count = fields.IntField(default=0)
    trend = fields.FloatField(default=0.0, db_index=True)
    hidden_at = fields.DatetimeField(null=True)
    hidden_reason = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "idea"
        indexes = (
            ("author_id",),  # a member's ideas: customer view, export, erasure
            ("merged_into_id",),  # the duplicates merged into an idea (its page)
            # The board filtered by status, highest first (the id breaks ties, see ideas/board.py).
            ("status", "trend", "id"),
            ("status", "vote_count", "id"),
            ("campaign_id", "vote_count", "id"),  # a campaign's ideas, top first (its page)
            ("status", "updated_at"),  # a roadmap column: the latest changes first
        )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Vote(Model):
    """One member's vote on one idea (unique), with the campaign it counts against, if any."""

    id = fields.IntField(primary_key=True)
    idea: fields.ForeignKeyRelation[Idea] = fields.ForeignKeyField(
        "ideas.Idea", related_name="votes", on_delete=fields.CASCADE)
    idea_id: int
    member: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name=False, null=True, on_delete=fields.SET_NULL)
    member_id: int | None
    campaign_id = fields.IntField(null=True, db_index=True)
    weight = fields.FloatField(default=0.0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "idea_vote"
        unique_together = (("idea", "member"),)
        indexes = (("member_id",),)  # a member's votes: budgets, customer view, export, erasure


class Follow(Model):
    """A member who hears about an idea's news (voters and the author follow automatically)."""

    id = fields.IntField(primary_key=True)
    idea: fields.ForeignKeyRelation[Idea] = fields.ForeignKeyField(
        "ideas.Idea", related_name="follows", on_delete=fields.CASCADE)
    idea_id: int
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name=False, on_delete=fields.CASCADE)
    member_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "idea_follow"
        unique_together = (("idea", "member"),)
        # What a member follows: the front page's news, export and erasure.
        indexes = (("member_id", "idea_id"),)


class Comment(Model):
    """A comment on an idea. Staff answers are marked official."""

    id = fields.IntField(primary_key=True)
    idea: fields.ForeignKeyRelation[Idea] = fields.ForeignKeyField(
        "ideas.Idea", related_name="comments", on_delete=fields.CASCADE)
    idea_id: int
    author: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name=False, null=True, on_delete=fields.SET_NULL)
    author_id: int | None
    body = fields.TextField()
    body_html = fields.TextField(default="", db_default="")  # rendered when written (portal/markdown.py)
    official = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "idea_comment"
        indexes = (("author_id",), ("idea_id", "id"))  # an idea's comments, oldest first (its page)


class StatusChange(Model):
    """One step of an idea's history, with the public note the team wrote for it."""

    id = fields.IntField(primary_key=True)
    idea: fields.ForeignKeyRelation[Idea] = fields.ForeignKeyField(
        "ideas.Idea", related_name="status_changes", on_delete=fields.CASCADE)
    idea_id: int
    actor: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name=False, null=True, on_delete=fields.SET_NULL)
    actor_id: int | None
    from_status = fields.CharField(max_length=16)
    to_status = fields.CharField(max_length=16)
    note = fields.TextField(default="")
    note_html = fields.TextField(default="", db_default="")  # rendered when written (portal/markdown.py)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "idea_status_change"
        indexes = (("idea_id", "id"),)  # an idea's history, oldest first (its page)


class Contributor(Model):
    """A member who joined an idea as co-author (the author accepts) or as a beta tester."""

    id = fields.IntField(primary_key=True)
    idea: fields.ForeignKeyRelation[Idea] = fields.ForeignKeyField(
        "ideas.Idea", related_name="contributors", on_delete=fields.CASCADE)
    idea_id: int
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name=False, on_delete=fields.CASCADE)
    member_id: int
    role = fields.CharField(max_length=10)  # "coauthor" or "tester"
    accepted = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "idea_contributor"
        unique_together = (("idea", "member", "role"),)
        indexes = (
            ("idea_id", "id"),  # an idea's team in the order they joined (its page)
            ("member_id", "role"),  # a member's co-authored ideas (their profile), export, erasure
        )


class PriorityWeights(Model):
    """The weights of the priority score (one row). Admins change them, everyone sees them."""

    id = fields.IntField(primary_key=True)
    votes = fields.FloatField(default=1.0)
    recent_votes = fields.FloatField(default=3.0)
    comments = fields.FloatField(default=0.5)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "idea_priority_weights"


class IdeaCount(Model):
    """The board's totals: how many ideas have each status, hidden ones apart.

    Read instead of counting the ideas on each request. Kept exact by the services in the
    transaction of each change, rebuilt after bulk loads (see ideas/counts.py)."""

    id = fields.IntField(primary_key=True)
    status = fields.CharField(max_length=16)
    hidden = fields.BooleanField()
    ideas = fields.IntField(default=0)

    class Meta:
        table = "idea_count"
        unique_together = (("status", "hidden"),)
