"""A member's rows in an idea's team (the shipped ideas they co-authored, on their profile; their
export and erasure), found through an index instead of reading every idea's team."""
from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [('ideas', '0007_cards_and_front_page')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Contributor',
            index=Index(fields=['member_id', 'role']),
        ),
    ]
