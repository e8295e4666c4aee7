from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('ideas', '0002_priority_weights'), ('portal', '0001_initial'), ('portal', '0002_profile_options')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Comment',
            index=Index(fields=['author_id']),
        ),
        ops.AddIndex(
            model_name='Idea',
            index=Index(fields=['author_id']),
        ),
        ops.AddIndex(
            model_name='Vote',
            index=Index(fields=['member_id']),
        ),
    ]
