from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

from portal.markdown import fill_stored_html

# Beside each Markdown source, its HTML rendered when the text is written (portal/markdown.py).
# Rows written before get theirs here, once.
SOURCES = (("idea", "body"), ("idea_comment", "body"), ("idea_status_change", "note"), ("campaign", "description"))


async def render_existing(apps, schema_editor) -> None:
    if schema_editor.collect_sql:  # `sqlmigrate` only lists the SQL: nothing to render
        return
    for table, source in SOURCES:
        await fill_stored_html(schema_editor.client, table, source)


class Migration(migrations.Migration):
    dependencies = [('ideas', '0004_read_indexes')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Campaign',
            name='description_html',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='Comment',
            name='body_html',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='Idea',
            name='body_html',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='StatusChange',
            name='note_html',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        # Going back drops the columns: nothing to undo for the data.
        ops.RunPython(render_existing, ops.RunPython.noop),
    ]
