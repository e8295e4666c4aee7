from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('ideas', '0001_initial'), ('portal', '0002_profile_options')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PriorityWeights',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('votes', fields.FloatField(default=1.0)),
                ('recent_votes', fields.FloatField(default=3.0)),
                ('comments', fields.FloatField(default=0.5)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'idea_priority_weights', 'app': 'ideas', 'pk_attr': 'id', 'table_description': 'The weights of the priority score (one row). Admins change them, everyone sees them.'},
            bases=['Model'],
        ),
    ]
