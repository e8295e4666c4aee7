from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [('portal', '0009_notification_topic')]

    initial = False

    operations = [
        # The uploaded picture's file name (portal/profiles/avatars.py); empty: the generated one.
        ops.AddField(
            model_name='Member',
            name='avatar',
            field=fields.CharField(max_length=40, default='', db_default='', unique=False),
        ),
    ]
