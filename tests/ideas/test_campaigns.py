"""Campaigns: open for ideas until their deadline."""
from datetime import timedelta

import pytest

from ideas import board
from ideas.models import Campaign
from portal.clock import now
from portal.errors import Invalid


async def test_a_closed_campaign_takes_no_new_ideas(people):
    campaign = await Campaign.create(title="Over", deadline=now() - timedelta(days=1))
    with pytest.raises(Invalid) as caught:
        await board.submit(people["ada"], "Too late", "", campaign_id=campaign.pk)
    assert "campaign" in caught.value.errors
