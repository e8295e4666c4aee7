from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('portal', '0005_event_spine')]

    initial = False

    # The signing key every machine shares (portal/site_key.py); filled at the first start.
    operations = [
        ops.CreateModel(
            name='SiteKey',
            fields=[
                ('name', fields.CharField(primary_key=True, max_length=32)),
                ('value', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'site_key', 'app': 'portal', 'pk_attr': 'name'},
            bases=['Model'],
        ),
    ]
