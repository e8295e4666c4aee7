"""What the profile, the consents and the access log hold about a person (see portal/personal_data.py)."""
from __future__ import annotations

from portal.personal_data import Holding
from portal.profiles import access_log
from portal.profiles.models import AccessEntry, Consent, ConsentChange, Profile


# Declared in this package's feature declaration (see portal/features.py).
HOLDINGS = (
    Holding(Profile, "member", "profile", erase="delete",
            purpose="What you tell the community about yourself, who may see each field, and how "
                    "we notify you.",
            kept="while you have an account"),
    Holding(Consent, "member", "consents", erase="delete",
            purpose="What you allowed us to do with your data, and since when.",
            kept="while the consent is given"),
    Holding(ConsentChange, "member", "consent_history", erase="delete",
            purpose="Every time you gave or withdrew a consent, so both sides can show what was "
                    "agreed when.",
            kept="while you have an account"),
    Holding(AccessEntry, "member", "access_log", erase="keep",
            purpose="Every time staff, an API token or a webhook looked at or used your personal "
                    "data: who, when, what and why.",
            describe=access_log.export_rows, described_fields=access_log.EXPORT_FIELDS,
            kept="for as long as the community runs (the company's accountability record); after "
                 "erasure it names nobody"),
    Holding(AccessEntry, "actor", "", erase="keep",
            purpose="As staff: which members' data you looked at. Part of those members' access "
                    "logs, so it is theirs, not in your export.",
            kept="for as long as the community runs"),
)
