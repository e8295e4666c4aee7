"""The roadmap's columns: the ideas of a status, most recently changed first (ideas/board.py
roadmap), read along an index instead of sorting every shipped idea on each view."""
from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [('ideas', '0005_rendered_markdown')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Idea',
            index=Index(fields=['status', 'updated_at']),
        ),
    ]
