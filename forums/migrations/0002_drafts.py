"""Drafts: what a member is writing in the forums (an answer or a new thread), kept while they type."""
from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('forums', '0001_initial'), ('portal', '0010_avatars')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ForumDraft',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('member', fields.ForeignKeyField('portal.Member', source_field='member_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('thread', fields.ForeignKeyField('forums.Thread', source_field='thread_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('category', fields.ForeignKeyField('forums.Category', source_field='category_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('title', fields.CharField(default='', max_length=200)),
                ('body', fields.TextField(default='', unique=False)),
                ('tags', fields.CharField(default='', max_length=130)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'forum_draft', 'app': 'forums', 'unique_together': (('member', 'thread'), ('member', 'category')), 'pk_attr': 'id', 'table_description': 'What a member is writing and has not posted yet, kept while they type: an answer to a'},
            bases=['Model'],
        ),
    ]
