"""The forums' tables: categories, threads with their tags, posts, likes, edit history, members' standing and reading, watching levels, flags and the moderation log."""
from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('portal', '0010_avatars')]

    initial = True

    operations = [
        ops.CreateModel(
            name='Category',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('slug', fields.CharField(unique=True, max_length=40)),
                ('name', fields.CharField(max_length=80)),
                ('description', fields.CharField(default='', max_length=300)),
                ('colour', fields.CharField(default='#2f6fdb', max_length=7)),
                ('position', fields.IntField(default=0)),
                ('read', fields.CharField(default='everyone', max_length=8)),
                ('post', fields.CharField(default='members', max_length=8)),
                ('thread_count', fields.IntField(default=0)),
                ('last_posted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'forum_category', 'app': 'forums', 'pk_attr': 'id', 'table_description': 'A place for one kind of conversation, managed by staff.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ModerationAction',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('actor', fields.ForeignKeyField('portal.Member', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('action', fields.CharField(max_length=16)),
                ('thread_id', fields.IntField(null=True)),
                ('post_id', fields.IntField(null=True)),
                ('member_id', fields.IntField(null=True)),
                ('reason', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'forum_moderation', 'app': 'forums', 'indexes': [Index(fields=['member_id']), Index(fields=['actor_id'])], 'pk_attr': 'id', 'table_description': 'One thing a moderator did (hide, restore, lock, pin, move, approve, silence), with the'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Standing',
            fields=[
                ('member', fields.OneToOneField('portal.Member', source_field='member_id', primary_key=True, db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('verified_customer', fields.BooleanField(default=False)),
                ('days_visited', fields.IntField(default=0)),
                ('last_visit', fields.DateField(null=True)),
                ('posts_read', fields.IntField(default=0)),
                ('likes_received', fields.IntField(default=0)),
                ('silenced_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('silence_reason', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'forum_standing', 'app': 'forums', 'pk_attr': 'member_id', 'table_description': "A member's standing in the forums: what their trust level is earned from, whether staff"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Thread',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('category', fields.ForeignKeyField('forums.Category', source_field='category_id', db_constraint=True, to_field='id', related_name='threads', on_delete=OnDelete.RESTRICT)),
                ('title', fields.CharField(max_length=200)),
                ('author', fields.ForeignKeyField('portal.Member', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('accepted_post_id', fields.IntField(null=True)),
                ('post_count', fields.IntField(default=1)),
                ('reply_count', fields.IntField(default=0)),
                ('like_count', fields.IntField(default=0)),
                ('staff_replied', fields.BooleanField(default=False)),
                ('first_reply_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('pinned', fields.BooleanField(default=False)),
                ('held', fields.BooleanField(default=False)),
                ('locked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('hidden_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('hidden_reason', fields.TextField(default='', unique=False)),
                ('became', fields.CharField(default='', max_length=40)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
                ('last_posted_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'forum_thread', 'app': 'forums', 'indexes': [Index(fields=['category_id', 'pinned', 'last_posted_at', 'id']), Index(fields=['category_id', 'like_count', 'id']), Index(fields=['author_id']), Index(fields=['last_posted_at', 'id']), Index(fields=['first_reply_at', 'created_at'])], 'pk_attr': 'id', 'table_description': 'A question or a conversation: its opening post is the first Post.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Post',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('thread', fields.ForeignKeyField('forums.Thread', source_field='thread_id', db_constraint=True, to_field='id', related_name='posts', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('portal.Member', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('body', fields.TextField(unique=False)),
                ('body_html', fields.TextField(default='', db_default='', unique=False)),
                ('excerpt', fields.CharField(default='', db_default='', max_length=240)),
                ('official', fields.BooleanField(default=False)),
                ('held', fields.BooleanField(default=False)),
                ('like_count', fields.IntField(default=0)),
                ('hidden_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('hidden_reason', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('edited_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'forum_post', 'app': 'forums', 'indexes': [Index(fields=['thread_id', 'id']), Index(fields=['author_id', 'created_at'])], 'pk_attr': 'id', 'table_description': "One message in a thread. A staff member's post is official, and a new member's first post"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Flag',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('post', fields.ForeignKeyField('forums.Post', source_field='post_id', db_constraint=True, to_field='id', related_name='flags', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('portal.Member', source_field='member_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('reason', fields.CharField(max_length=12)),
                ('note', fields.CharField(default='', max_length=500)),
                ('trusted', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('resolved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'forum_flag', 'app': 'forums', 'unique_together': (('post', 'member'),), 'indexes': [Index(fields=['resolved_at', 'id']), Index(fields=['member_id'])], 'pk_attr': 'id', 'table_description': "A member's flag on a post (one per member and post), until a moderator resolves it."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PostLike',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('post', fields.ForeignKeyField('forums.Post', source_field='post_id', db_constraint=True, to_field='id', related_name='likes', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('portal.Member', source_field='member_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'forum_post_like', 'app': 'forums', 'unique_together': (('post', 'member'),), 'indexes': [Index(fields=['member_id', 'post_id'])], 'pk_attr': 'id', 'table_description': "One member's like of one post (unique, never their own)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PostRevision',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('post', fields.ForeignKeyField('forums.Post', source_field='post_id', db_constraint=True, to_field='id', related_name='revisions', on_delete=OnDelete.CASCADE)),
                ('editor', fields.ForeignKeyField('portal.Member', source_field='editor_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('body', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'forum_post_revision', 'app': 'forums', 'indexes': [Index(fields=['post_id', 'id']), Index(fields=['editor_id'])], 'pk_attr': 'id', 'table_description': "A post's text before an edit: the edit history everyone may read."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReadState',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('member', fields.ForeignKeyField('portal.Member', source_field='member_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('thread', fields.ForeignKeyField('forums.Thread', source_field='thread_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('last_read_post_id', fields.IntField(default=0)),
                ('read_count', fields.IntField(default=0)),
            ],
            options={'table': 'forum_read_state', 'app': 'forums', 'unique_together': (('member', 'thread'),), 'pk_attr': 'id', 'table_description': 'How far a member has read a thread: the last post they were shown, and how many of its'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ThreadTag',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('thread', fields.ForeignKeyField('forums.Thread', source_field='thread_id', db_constraint=True, to_field='id', related_name='tag_rows', on_delete=OnDelete.CASCADE)),
                ('tag', fields.CharField(max_length=24)),
            ],
            options={'table': 'forum_thread_tag', 'app': 'forums', 'unique_together': (('thread', 'tag'),), 'indexes': [Index(fields=['tag', 'thread_id'])], 'pk_attr': 'id', 'table_description': 'A tag of a thread (free words, at most five per thread).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Watch',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('member', fields.ForeignKeyField('portal.Member', source_field='member_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('thread', fields.ForeignKeyField('forums.Thread', source_field='thread_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('category', fields.ForeignKeyField('forums.Category', source_field='category_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('level', fields.CharField(max_length=8)),
            ],
            options={'table': 'forum_watch', 'app': 'forums', 'unique_together': (('member', 'thread'), ('member', 'category')), 'indexes': [Index(fields=['thread_id', 'level']), Index(fields=['category_id', 'level'])], 'pk_attr': 'id', 'table_description': "A member's level for one thread or one category (then for every thread in it that has no"},
            bases=['Model'],
        ),
    ]
