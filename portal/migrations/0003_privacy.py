from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('portal', '0001_initial'), ('portal', '0002_profile_options')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AccessEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('member', fields.ForeignKeyField('portal.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='access_entries', on_delete=OnDelete.CASCADE)),
                ('actor', fields.ForeignKeyField('portal.Member', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('actor_label', fields.CharField(default='', max_length=120)),
                ('action', fields.CharField(max_length=32)),
                ('reason', fields.CharField(default='', max_length=200)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'access_log', 'app': 'portal', 'indexes': [Index(fields=['member_id', 'created_at'])], 'pk_attr': 'id', 'table_description': "One look at, or use of, a member's personal data by someone else: staff, an API token, a webhook."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Consent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('member', fields.ForeignKeyField('portal.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='consents', on_delete=OnDelete.CASCADE)),
                ('purpose', fields.CharField(db_index=True, max_length=32)),
                ('granted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'consent', 'app': 'portal', 'unique_together': (('member', 'purpose'),), 'pk_attr': 'id', 'table_description': 'A purpose the member has agreed to. The row exists exactly while the consent is given.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ConsentChange',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('member', fields.ForeignKeyField('portal.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='consent_changes', on_delete=OnDelete.CASCADE)),
                ('purpose', fields.CharField(max_length=32)),
                ('granted', fields.BooleanField()),
                ('via', fields.CharField(default='web', max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'consent_change', 'app': 'portal', 'indexes': [Index(fields=['member_id', 'created_at'])], 'pk_attr': 'id', 'table_description': 'Every change of a consent, kept so the member (and the company) can see what was agreed when.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Newsletter',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('subject', fields.CharField(max_length=200)),
                ('body', fields.TextField(unique=False)),
                ('sent_by', fields.ForeignKeyField('portal.Member', source_field='sent_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('recipients', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'newsletter', 'app': 'portal', 'pk_attr': 'id', 'table_description': 'One issue of the newsletter, as sent to the members who agreed to get it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SsoLink',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('member', fields.ForeignKeyField('portal.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='sso_links', on_delete=OnDelete.CASCADE)),
                ('issuer', fields.CharField(max_length=255)),
                ('subject', fields.CharField(max_length=255)),
                ('email', fields.CharField(default='', max_length=320)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('last_login_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sso_link', 'app': 'portal', 'unique_together': (('issuer', 'subject'),), 'pk_attr': 'id', 'table_description': 'A login at an OpenID Connect provider that is linked to this member (issuer + subject).'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Notification',
            name='actor',
            field=fields.ForeignKeyField('portal.Member', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL),
        ),
        ops.AddIndex(
            model_name='Notification',
            index=Index(fields=['actor_id']),
        ),
        ops.AddField(
            model_name='Session',
            name='via',
            field=fields.CharField(default='password', max_length=8),
        ),
    ]
