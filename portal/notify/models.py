"""Notifications shown in the app, and the outgoing mail spool."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from portal.accounts.models import Member, OneTimeToken


class Notification(Model):
    """Something a member should know. Its text is rendered when shown, in the language of the reader."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name="notifications", on_delete=fields.CASCADE)
    member_id: int
    kind = fields.CharField(max_length=48)
    # Who caused it (the commenter, say): their name in `data` is replaced when they are erased.
    actor: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name=False, null=True, on_delete=fields.SET_NULL)
    actor_id: int | None
    event_id = fields.BigIntField(null=True)
    data: fields.JSONField[dict] = fields.JSONField(default=dict)
    url = fields.CharField(max_length=500, default="")
    # What it is about: its url without the #fragment (several comments on one idea share it), so
    # the list and the digest show one entry per thing and kind. A kind that never groups gets a
    # key of its own (see portal/notify/service.topic_for).
    topic = fields.CharField(max_length=500, default="", db_default="")
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    read_at = fields.DatetimeField(null=True)
    mailed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notification"
        # actor: erasure finds what others were told about a member; member+topic: opening a group
        # finds its notifications.
        indexes = (("actor_id",), ("member_id", "topic"))
        # One notification per member per event and kind: the notify consumer may replay safely.
        unique_together = (("member", "event_id", "kind"),)


class OutboundMail(Model):
    """The mail spool: written in the transaction that decided to send, delivered by the mail consumer.

    A mail with a one-time link keeps only a placeholder for its secret and the token it belongs
    to: the secret is made when the mail is sent (portal/notify/mail.py). The body is cleared once
    the message is delivered."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name="mails", null=True, on_delete=fields.SET_NULL)
    member_id: int | None
    to_address = fields.CharField(max_length=320)
    subject = fields.CharField(max_length=200)
    text_body = fields.TextField()
    # Without its token the mail has nothing to say: they go together.
    token: fields.ForeignKeyNullableRelation[OneTimeToken] = fields.ForeignKeyField(
        "portal.OneTimeToken", related_name=False, null=True, on_delete=fields.CASCADE)
    token_id: int | None
    kind = fields.CharField(max_length=48, default="")
    status = fields.CharField(max_length=10, default="queued", db_index=True)
    attempts = fields.IntField(default=0)
    last_error = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbound_mail"
        indexes = (("token_id",),)  # deleting a member's tokens finds their mail


class Newsletter(Model):
    """One issue of the newsletter, as sent to the members who agreed to get it."""

    id = fields.IntField(primary_key=True)
    subject = fields.CharField(max_length=200)
    body = fields.TextField()
    sent_by: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name=False, null=True, on_delete=fields.SET_NULL)
    sent_by_id: int | None
    recipients = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "newsletter"
