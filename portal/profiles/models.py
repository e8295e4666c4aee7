"""The profile table: what a member tells the community about themselves, and who may see it."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from portal.accounts.models import Member


class Profile(Model):
    """One per member. Field meanings, limits and default visibility live in profiles/fields.py."""

    member: fields.OneToOneRelation[Member] = fields.OneToOneField(
        "portal.Member", related_name="profile", primary_key=True, on_delete=fields.CASCADE)
    member_id: int
    bio = fields.TextField(default="")
    bio_html = fields.TextField(default="", db_default="")  # rendered when written (portal/markdown.py)
    company = fields.CharField(max_length=100, default="")
    country = fields.CharField(max_length=2, default="")
    interests: fields.JSONField[list[str]] = fields.JSONField(default=list)
    visibility: fields.JSONField[dict[str, str]] = fields.JSONField(default=dict)
    notification_prefs: fields.JSONField[dict[str, dict]] = fields.JSONField(default=dict)
    digest = fields.CharField(max_length=8, default="off")
    digest_sent_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "profile"


class Consent(Model):
    """A purpose the member has agreed to. The row exists exactly while the consent is given."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name="consents", on_delete=fields.CASCADE)
    member_id: int
    purpose = fields.CharField(max_length=32, db_index=True)
    granted_at = fields.DatetimeField()

    class Meta:
        table = "consent"
        unique_together = (("member", "purpose"),)


class ConsentChange(Model):
    """Every change of a consent, kept so the member (and the company) can see what was agreed when."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name="consent_changes", on_delete=fields.CASCADE)
    member_id: int
    purpose = fields.CharField(max_length=32)
    granted = fields.BooleanField()
    via = fields.CharField(max_length=16, default="web")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "consent_change"
        indexes = (("member_id", "created_at"),)


class AccessEntry(Model):
    """One look at, or use of, a member's personal data by someone else: staff, an API token, a webhook.

    Rows are only ever added. No page, API route or service changes or deletes them."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name="access_entries", on_delete=fields.CASCADE)
    member_id: int
    actor: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name=False, null=True, on_delete=fields.SET_NULL)
    actor_id: int | None
    actor_label = fields.CharField(max_length=120, default="")
    action = fields.CharField(max_length=32)
    reason = fields.CharField(max_length=200, default="")
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "access_log"
        indexes = (("member_id", "created_at"),)  # a member's log, newest first

    async def save(self, *args, **kwargs):
        if self._saved_in_db:
            raise PermissionError("the access log is append-only")
        await super().save(*args, **kwargs)

    async def delete(self, *args, **kwargs):
        raise PermissionError("the access log is append-only")
