"""The search tables: the PostgreSQL backend's documents, and the cache of related documents (both
backends).

`SearchDocument` holds one row per document with a text-search vector per visibility band: each
band's vector holds the title (weight A) and the text of that band and every band below it, so a
reader's query reads one column. Each text is analysed twice, with the `english` and the `german`
configuration. On SQLite the table exists but stays empty (the vectors are plain text there). The GIN indexes on the vectors are
PostgreSQL's alone and made by migration 0007 (raw SQL), not declared here."""
from __future__ import annotations

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from portal.db import TsVectorField


class SearchDocument(Model):
    key = fields.CharField(max_length=64, primary_key=True)  # "type:id"
    type = fields.CharField(max_length=32)
    doc_id = fields.BigIntField()
    audience = fields.CharField(max_length=16, default="public")
    title = fields.TextField(default="")
    url = fields.TextField(default="")
    summary = fields.TextField(default="")
    tags = fields.TextField(default="")  # comma-separated, like Whoosh's keyword field
    title_tsv = TsVectorField()  # the title alone: similar and related documents
    public_tsv = TsVectorField()
    members_tsv = TsVectorField()
    staff_tsv = TsVectorField()

    class Meta:
        table = "search_document"
        app = "portal"


class RelatedHit(Model):
    """One cached neighbour of a document, for one kind of reader (`scope`: their bands and the
    document types asked for), by rank. A document with no neighbours has one row with rank -1 and
    no neighbour, so "nothing related" is cached too. The `search` consumer deletes a document's
    rows when it or any neighbour is indexed again (portal/search/cache.py)."""

    id = fields.IntField(primary_key=True)
    doc_key = fields.CharField(max_length=64)
    scope = fields.CharField(max_length=128)
    rank = fields.IntField()
    neighbour = fields.CharField(max_length=64, default="", db_index=True)
    type = fields.CharField(max_length=32, default="")
    title = fields.TextField(default="")
    url = fields.TextField(default="")
    summary = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "search_related"
        app = "portal"
        indexes = (Index(fields=["doc_key", "scope"]),)
