"""The indexes every page's queries use at scale (see tests/ideas/test_query_plans.py) and the
board's maintained totals (ideas/counts.py), counted once here from the ideas already there."""
from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('ideas', '0003_member_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='IdeaCount',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('status', fields.CharField(max_length=16)),
                ('hidden', fields.BooleanField()),
                ('ideas', fields.IntField(default=0)),
            ],
            options={'table': 'idea_count', 'app': 'ideas', 'unique_together': (('status', 'hidden'),), 'pk_attr': 'id', 'table_description': "The board's totals: how many ideas have each status, hidden ones apart."},
            bases=['Model'],
        ),
        ops.RunSQL(
            "INSERT INTO idea_count (status, hidden, ideas) SELECT status, hidden_at IS NOT NULL, COUNT(*) "
            "FROM idea GROUP BY status, hidden_at IS NOT NULL",
            reverse_sql=ops.RunSQL.noop,
        ),
        ops.AddIndex(
            model_name='Comment',
            index=Index(fields=['idea_id', 'id']),
        ),
        ops.AddIndex(
            model_name='Idea',
            index=Index(fields=['merged_into_id']),
        ),
        ops.AddIndex(
            model_name='Idea',
            index=Index(fields=['status', 'trend', 'id']),
        ),
        ops.AddIndex(
            model_name='Idea',
            index=Index(fields=['status', 'vote_count', 'id']),
        ),
        ops.AddIndex(
            model_name='Idea',
            index=Index(fields=['campaign_id', 'vote_count', 'id']),
        ),
        ops.AddIndex(
            model_name='Contributor',
            index=Index(fields=['idea_id', 'id']),
        ),
        ops.AddIndex(
            model_name='StatusChange',
            index=Index(fields=['idea_id', 'id']),
        ),
    ]
