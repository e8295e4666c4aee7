from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

from portal.db import PG_SEARCH_INDEXES, PG_TEXT_SEARCH_SETUP, TsVectorField

GIN_COLUMNS = ("title_tsv", "public_tsv", "members_tsv", "staff_tsv")


async def gin_indexes(apps, schema_editor) -> None:
    """The text-search configuration and indexes, on PostgreSQL only (on SQLite the table stays
    empty)."""
    if schema_editor.DIALECT != "postgres":
        return
    await schema_editor.client.execute_script(PG_TEXT_SEARCH_SETUP)
    await schema_editor.client.execute_script(PG_SEARCH_INDEXES)


async def drop_gin_indexes(apps, schema_editor) -> None:
    if schema_editor.DIALECT != "postgres":
        return
    for column in GIN_COLUMNS:
        await schema_editor.client.execute_script(f'DROP INDEX IF EXISTS "search_document_{column}_gin"')
    await schema_editor.client.execute_script(
        "DROP TEXT SEARCH CONFIGURATION IF EXISTS vox_english; DROP TEXT SEARCH DICTIONARY IF EXISTS vox_porter;")


class Migration(migrations.Migration):
    dependencies = [('portal', '0006_site_key')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SearchDocument',
            fields=[
                ('key', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('type', fields.CharField(max_length=32)),
                ('doc_id', fields.BigIntField()),
                ('audience', fields.CharField(default='public', max_length=16)),
                ('title', fields.TextField(default='', unique=False)),
                ('url', fields.TextField(default='', unique=False)),
                ('summary', fields.TextField(default='', unique=False)),
                ('tags', fields.TextField(default='', unique=False)),
                ('title_tsv', TsVectorField()),
                ('public_tsv', TsVectorField()),
                ('members_tsv', TsVectorField()),
                ('staff_tsv', TsVectorField()),
            ],
            options={'table': 'search_document', 'app': 'portal', 'pk_attr': 'key'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RelatedHit',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('doc_key', fields.CharField(max_length=64)),
                ('scope', fields.CharField(max_length=128)),
                ('rank', fields.IntField()),
                ('neighbour', fields.CharField(default='', db_index=True, max_length=64)),
                ('type', fields.CharField(default='', max_length=32)),
                ('title', fields.TextField(default='', unique=False)),
                ('url', fields.TextField(default='', unique=False)),
                ('summary', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'search_related', 'app': 'portal', 'indexes': [Index(fields=['doc_key', 'scope'])],
                     'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.RunPython(gin_indexes, drop_gin_indexes),
    ]
