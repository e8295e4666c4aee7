"""The one clock: every "now" in Vox is timezone-aware UTC and comes from here."""
from __future__ import annotations

from datetime import datetime, timezone


def now() -> datetime:
    return datetime.now(timezone.utc)
