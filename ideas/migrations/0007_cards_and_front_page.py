"""An idea card shows two lines of its description: their plain text is kept beside the body when
it is written (portal/markdown.py `excerpt`); ideas written before get theirs here, once.
The front page shows news of the ideas a member follows: found by member, along an index."""
from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from portal.markdown import excerpt, fill_derived


async def fill_excerpts(apps, schema_editor) -> None:
    if schema_editor.collect_sql:  # `sqlmigrate` only lists the SQL: nothing to fill
        return
    await fill_derived(schema_editor.client, "idea", "body", "excerpt", excerpt)


class Migration(migrations.Migration):
    dependencies = [('ideas', '0006_roadmap_index')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Idea',
            name='excerpt',
            field=fields.CharField(max_length=240, default='', db_default='', unique=False),
        ),
        ops.AddIndex(
            model_name='Follow',
            index=Index(fields=['member_id', 'idea_id']),
        ),
        # Going back drops the column: nothing to undo for the data.
        ops.RunPython(fill_excerpts, ops.RunPython.noop),
    ]
