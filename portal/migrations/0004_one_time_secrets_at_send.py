from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('portal', '0003_privacy')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='OneTimeToken',
            name='token_hash',
            field=fields.CharField(null=True, unique=True, max_length=64),
        ),
        ops.AddField(
            model_name='OutboundMail',
            name='token',
            field=fields.ForeignKeyField('portal.OneTimeToken', source_field='token_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE),
        ),
        ops.AddIndex(
            model_name='OutboundMail',
            index=Index(fields=['token_id']),
        ),
    ]
