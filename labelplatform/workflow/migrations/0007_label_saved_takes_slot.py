"""workflow_label_saved checks the slot rule itself (p_take_slot): a POST's save on PostgreSQL runs
no separate slot statement before its write. Loads the frozen copy 0007_label_saved.sql and drops
the ten-argument function it replaces (a new argument list makes a new function, not a new body)."""

from pathlib import Path

from django.db import migrations

FROZEN = Path(__file__).parent / "sql"
OLD = ("DROP FUNCTION IF EXISTS workflow_label_saved(bigint, bigint, bigint, bigint, bigint, boolean, boolean,"
       " boolean, integer, timestamptz)")


def create_function(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OLD)
        schema_editor.execute((FROZEN / "0007_label_saved.sql").read_text())


class Migration(migrations.Migration):
    dependencies = [("workflow", "0006_functions_from_sql_files")]

    operations = [migrations.RunPython(create_function, migrations.RunPython.noop)]
