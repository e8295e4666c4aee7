"""Campaigns: a question product staff pose to the community, open for ideas until a deadline,
optionally with a vote budget per member (enforced in ideas/votes.py)."""
from __future__ import annotations

from datetime import date, datetime, time, timezone

from tortoise.transactions import in_transaction

from ideas.events import CampaignCreated
from ideas.models import Campaign
from ideas.rules import BODY_MAX, clean_title
from portal import events
from portal.accounts.models import Member
from portal.accounts.permissions import require
from portal.clock import now
from portal.errors import N_, Invalid, NotFound
from portal.markdown import with_html


def require_campaign_author(actor: Member | None) -> None:
    """Only product staff pose campaigns (Forbidden, or Unauthenticated, otherwise)."""
    require(actor, "ideas.triage")


async def create_campaign(actor: Member, title: str, description: str, deadline, vote_budget=None) -> Campaign:
    """Product staff pose a question with a deadline (and optionally a vote budget per member).

    `deadline` is a datetime or an ISO date ("2026-12-24"). Emits `campaign.created`."""
    require_campaign_author(actor)
    errors: dict[str, str] = {}
    title, problem = clean_title(title, N_("Please give the campaign a question as its title."))
    if problem:
        errors["title"] = problem
    moment = _parse_deadline(deadline)
    if moment is None:
        errors["deadline"] = N_("Please enter the last day as a date, e.g. 2026-12-24.")
    elif moment <= now():
        errors["deadline"] = N_("The deadline must be in the future.")
    budget = None
    if vote_budget not in (None, ""):
        try:
            budget = int(vote_budget)
        except (TypeError, ValueError):
            budget = 0
        if not 1 <= budget <= 100:
            errors["vote_budget"] = N_("Please enter a number of votes from 1 to 100, or leave it empty.")
    if errors:
        raise Invalid(errors=errors)
    description = (description or "").strip()[:BODY_MAX]
    async with in_transaction():
        campaign = await Campaign.create(title=title, **with_html(description=description),
                                         deadline=moment, vote_budget=budget, created_by=actor)
        await events.emit("campaign.created", actor=actor, subject=campaign, data=CampaignCreated(
            campaign=campaign.pk, title=title, deadline=moment, vote_budget=budget))
    return campaign


def _parse_deadline(value) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    try:
        day = date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None
    # The whole last day counts: ideas are taken until its end (UTC).
    return datetime.combine(day, time(23, 59, 59), tzinfo=timezone.utc)


async def campaigns() -> tuple[list[Campaign], list[Campaign]]:
    """Open campaigns (closing soonest first) and closed ones (newest first), as
    `Campaign.is_open` tells them apart. Anyone may read them; emits nothing."""
    every = await Campaign.all().order_by("deadline", "id")
    return [c for c in every if c.is_open], [c for c in reversed(every) if not c.is_open]


async def get_campaign(campaign_id: int) -> Campaign:
    """One campaign, or NotFound. Anyone may read it; emits nothing."""
    campaign = await Campaign.get_or_none(id=campaign_id)
    if campaign is None:
        raise NotFound()
    return campaign
