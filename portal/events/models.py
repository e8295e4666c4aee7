"""The tables of the event spine: the outbox, each consumer's cursor and lease, the dead letters."""
from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from portal.events import kinds


class Event(Model):
    """Something that happened, written in the transaction of the change it describes.

    `tx` is the writing transaction's id on PostgreSQL (0 on SQLite): consumers read in (tx, id)
    order and only below the oldest transaction still running, so nothing is passed over."""

    id = fields.BigIntField(primary_key=True)
    tx = fields.BigIntField(default=0, db_default=0)
    kind = fields.CharField(max_length=64, db_index=True)
    actor_id = fields.IntField(null=True, db_index=True)
    subject_type = fields.CharField(max_length=32, default="")
    subject_id = fields.IntField(null=True)
    data: fields.JSONField[dict] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "event"
        indexes = (("tx", "id"),)

    @property
    def payload(self) -> kinds.Payload:
        """The facts, typed by the kind's declared payload model."""
        cached = self.__dict__.get("_payload")
        if cached is None:
            cached = self.__dict__["_payload"] = kinds.parse(self.kind, self.data)
        return cached


class ConsumerCursor(Model):
    """Where a consumer is in the stream: the last event it finished, as (last_tx, last_event_id).

    One worker at a time runs a consumer: it holds the lease (`lease_owner` until `lease_until`).
    `failures` counts the attempts at the next event, and after one it waits until `retry_at`."""

    name = fields.CharField(max_length=64, primary_key=True)
    last_tx = fields.BigIntField(default=0, db_default=0)
    last_event_id = fields.BigIntField(default=0)
    failures = fields.IntField(default=0)
    last_error = fields.TextField(default="")
    retry_at = fields.DatetimeField(null=True)
    lease_owner = fields.CharField(max_length=64, default="", db_default="")
    lease_until = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "consumer_cursor"


class DeadLetter(Model):
    """An event a consumer gave up on after its attempts, with the last error, until an admin
    retries or discards it (the consumer went on with the next event)."""

    id = fields.IntField(primary_key=True)
    consumer = fields.CharField(max_length=64)
    event_id = fields.BigIntField()
    kind = fields.CharField(max_length=64)
    attempts = fields.IntField(default=0)
    error = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "dead_letter"
        unique_together = (("consumer", "event_id"),)
