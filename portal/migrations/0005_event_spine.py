from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('portal', '0004_one_time_secrets_at_send')]

    initial = False

    # Existing events get tx 0 and existing cursors last_tx 0: every cursor keeps its place.
    operations = [
        ops.AddField(model_name='Event', name='tx', field=fields.BigIntField(default=0, db_default=0)),
        ops.AddIndex(model_name='Event', index=Index(fields=['tx', 'id'])),
        ops.AddField(model_name='ConsumerCursor', name='last_tx', field=fields.BigIntField(default=0, db_default=0)),
        ops.AddField(model_name='ConsumerCursor', name='retry_at', field=fields.DatetimeField(null=True)),
        ops.AddField(model_name='ConsumerCursor', name='lease_owner', field=fields.CharField(default='', db_default='', max_length=64)),
        ops.AddField(model_name='ConsumerCursor', name='lease_until', field=fields.DatetimeField(null=True)),
        ops.CreateModel(
            name='DeadLetter',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('consumer', fields.CharField(max_length=64)),
                ('event_id', fields.BigIntField()),
                ('kind', fields.CharField(max_length=64)),
                ('attempts', fields.IntField(default=0)),
                ('error', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'dead_letter', 'app': 'portal', 'unique_together': (('consumer', 'event_id'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
