from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index


# Existing notifications get their group key (portal/notify/groups.topic_for): the url without its
# #fragment; the core's kinds of the time (welcome, security) never group, so each gets its own.
async def fill_topics(apps, schema_editor) -> None:
    if schema_editor.collect_sql:  # `sqlmigrate` only lists the SQL: nothing to fill
        return
    client = schema_editor.client
    marks = ("?", "?") if client.capabilities.dialect == "sqlite" else ("$1", "$2")
    last = 0
    while True:  # in batches by id, so a big table is never read at once
        rows = await client.execute_query_dict(
            f'SELECT "id", "kind", "url" FROM "notification" WHERE "id" > {marks[0]} ORDER BY "id" LIMIT 1000',
            [last])
        if not rows:
            return
        await client.execute_many(
            f'UPDATE "notification" SET "topic" = {marks[0]} WHERE "id" = {marks[1]}',
            [[f"~{row['id']}" if row["kind"] in ("welcome", "security") else (row["url"] or "").split("#", 1)[0],
              row["id"]] for row in rows])
        last = rows[-1]["id"]


class Migration(migrations.Migration):
    dependencies = [('portal', '0008_rendered_markdown')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Notification',
            name='topic',
            field=fields.CharField(max_length=500, default='', db_default='', unique=False),
        ),
        ops.AddIndex(
            model_name='Notification',
            index=Index(fields=['member_id', 'topic']),
        ),
        # Going back drops the column: nothing to undo for the data.
        ops.RunPython(fill_topics, ops.RunPython.noop),
    ]
