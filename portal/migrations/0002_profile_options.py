from tortoise import migrations
from tortoise.migrations import operations as ops

class Migration(migrations.Migration):
    dependencies = [('portal', '0001_initial')]

    initial = False

    operations = [
        ops.AlterModelOptions(
            name='Profile',
            options={'table': 'profile', 'app': 'portal', 'pk_attr': 'member_id', 'table_description': 'One per member. Field meanings, limits and default visibility live in profiles/fields.py.'},
        ),
    ]
