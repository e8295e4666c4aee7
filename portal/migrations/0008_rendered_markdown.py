from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

from portal.markdown import fill_stored_html


# The bio's HTML, rendered when it is written (portal/markdown.py); existing bios get theirs here, once.
async def render_existing(apps, schema_editor) -> None:
    if schema_editor.collect_sql:  # `sqlmigrate` only lists the SQL: nothing to render
        return
    await fill_stored_html(schema_editor.client, "profile", "bio", key="member_id")


class Migration(migrations.Migration):
    dependencies = [('portal', '0007_search_documents')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Profile',
            name='bio_html',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        # Going back drops the column: nothing to undo for the data.
        ops.RunPython(render_existing, ops.RunPython.noop),
    ]
