"""Pictures in forum posts: forum_post_image (owner, stored file name, size, the post that shows it)."""
from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('forums', '0002_drafts'), ('portal', '0010_avatars')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PostImage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('owner', fields.ForeignKeyField('portal.Member', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('name', fields.CharField(unique=True, max_length=40)),
                ('width', fields.IntField()),
                ('height', fields.IntField()),
                ('bytes', fields.IntField()),
                ('post', fields.ForeignKeyField('forums.Post', source_field='post_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'forum_post_image', 'app': 'forums', 'indexes': [Index(fields=['owner_id', 'created_at']), Index(fields=['post_id']), Index(fields=['created_at'])], 'pk_attr': 'id', 'table_description': 'A picture a member uploaded for a post (forums/images.py). Its post is set when a post'},
            bases=['Model'],
        ),
    ]
