"""The profile table: what a member tells the community about themselves, and who may see it."""
from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Profile(Model):
    """One per member. Field meanings, limits and default visibility live in profiles/fields.py."""

    member = fields.OneToOneField("portal.Member", related_name="profile", primary_key=True,
                                  on_delete=fields.CASCADE)
    bio = fields.TextField(default="")
    company = fields.CharField(max_length=100, default="")
    country = fields.CharField(max_length=2, default="")
    interests = fields.JSONField(default=list)
    visibility = fields.JSONField(default=dict)
    notification_prefs = fields.JSONField(default=dict)
    digest = fields.CharField(max_length=8, default="off")
    digest_sent_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "profile"
