from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('portal', '0001_initial')]

    initial = True

    operations = [
        ops.CreateModel(
            name='Campaign',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('title', fields.CharField(max_length=200)),
                ('description', fields.TextField(default='', unique=False)),
                ('deadline', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('vote_budget', fields.IntField(null=True)),
                ('created_by', fields.ForeignKeyField('portal.Member', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'campaign', 'app': 'ideas', 'pk_attr': 'id', 'table_description': 'A question staff pose to the community, open for ideas until its deadline. With a vote'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Tag',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('slug', fields.CharField(unique=True, max_length=24)),
                ('name_en', fields.CharField(max_length=60)),
                ('name_de', fields.CharField(max_length=60)),
            ],
            options={'table': 'idea_tag', 'app': 'ideas', 'pk_attr': 'id', 'table_description': 'A product area staff offer for ideas (members pick from these, they cannot invent them).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Idea',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('title', fields.CharField(max_length=200)),
                ('body', fields.TextField(default='', unique=False)),
                ('author', fields.ForeignKeyField('portal.Member', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('status', fields.CharField(default='new', db_index=True, max_length=16)),
                ('campaign', fields.ForeignKeyField('ideas.Campaign', source_field='campaign_id', null=True, db_constraint=True, to_field='id', related_name='ideas', on_delete=OnDelete.SET_NULL)),
                ('tags', fields.ManyToManyField('ideas.Tag', unique=True, db_constraint=True, through='idea_tags', forward_key='tag_id', backward_key='idea_id', related_name='ideas', on_delete=OnDelete.CASCADE)),
                ('owner', fields.ForeignKeyField('portal.Member', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('merged_into', fields.ForeignKeyField('ideas.Idea', source_field='merged_into_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('vote_count', fields.IntField(default=0, db_index=True)),
                ('comment_count', fields.IntField(default=0)),
                ('follower_count', fields.IntField(default=0)),
                ('trend', fields.FloatField(default=0.0, db_index=True)),
                ('hidden_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('hidden_reason', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'idea', 'app': 'ideas', 'pk_attr': 'id', 'table_description': 'A proposal by a member. The counters are kept exact by the service (atomic updates in the'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Comment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('idea', fields.ForeignKeyField('ideas.Idea', source_field='idea_id', db_constraint=True, to_field='id', related_name='comments', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('portal.Member', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('body', fields.TextField(unique=False)),
                ('official', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'idea_comment', 'app': 'ideas', 'pk_attr': 'id', 'table_description': 'A comment on an idea. Staff answers are marked official.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Contributor',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('idea', fields.ForeignKeyField('ideas.Idea', source_field='idea_id', db_constraint=True, to_field='id', related_name='contributors', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('portal.Member', source_field='member_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('role', fields.CharField(max_length=10)),
                ('accepted', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'idea_contributor', 'app': 'ideas', 'unique_together': (('idea', 'member', 'role'),), 'pk_attr': 'id', 'table_description': 'A member who joined an idea as co-author (the author accepts) or as a beta tester.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Follow',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('idea', fields.ForeignKeyField('ideas.Idea', source_field='idea_id', db_constraint=True, to_field='id', related_name='follows', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('portal.Member', source_field='member_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'idea_follow', 'app': 'ideas', 'unique_together': (('idea', 'member'),), 'pk_attr': 'id', 'table_description': "A member who hears about an idea's news (voters and the author follow automatically)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StatusChange',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('idea', fields.ForeignKeyField('ideas.Idea', source_field='idea_id', db_constraint=True, to_field='id', related_name='status_changes', on_delete=OnDelete.CASCADE)),
                ('actor', fields.ForeignKeyField('portal.Member', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('from_status', fields.CharField(max_length=16)),
                ('to_status', fields.CharField(max_length=16)),
                ('note', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'idea_status_change', 'app': 'ideas', 'pk_attr': 'id', 'table_description': "One step of an idea's history, with the public note the team wrote for it."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Vote',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('idea', fields.ForeignKeyField('ideas.Idea', source_field='idea_id', db_constraint=True, to_field='id', related_name='votes', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('portal.Member', source_field='member_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('campaign_id', fields.IntField(null=True, db_index=True)),
                ('weight', fields.FloatField(default=0.0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'idea_vote', 'app': 'ideas', 'unique_together': (('idea', 'member'),), 'pk_attr': 'id', 'table_description': "One member's vote on one idea (unique), with the campaign it counts against, if any."},
            bases=['Model'],
        ),
    ]
