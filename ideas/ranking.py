"""How ideas rank on the board.

Trending: every vote counts 1 when it is cast and half as much every HALF_LIFE after that, so an
idea's trend is  sum over its votes of 2^(-(now - voted_at) / HALF_LIFE).  Because `now` is the
same for every idea, sorting by that sum is the same as sorting by

    trend = sum over its votes of 2^((voted_at - EPOCH) / HALF_LIFE)

which never has to be recomputed: a vote adds its weight, an unvote subtracts it, both as one
atomic UPDATE. The weights grow by 2 every half-life; a double holds them until about 2044, by
when EPOCH must move forward and each idea's trend be summed again from its votes.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

EPOCH = datetime(2025, 1, 1, tzinfo=timezone.utc)
HALF_LIFE = timedelta(days=7)


def vote_weight(voted_at: datetime) -> float:
    """What one vote cast at `voted_at` adds to its idea's trend."""
    return 2.0 ** ((voted_at - EPOCH) / HALF_LIFE)
