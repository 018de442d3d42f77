"""The workflow's PostgreSQL functions, re-created from frozen copies of their .sql files.

The functions live in labelplatform/workflow/sql/ beside the code that calls them; a migration
loads the copy it was written with (migrations/sql/0006_*.sql), so editing a .sql file changes
no past migration. tests/workflow/test_sql_files.py fails until a new migration freezes the edit.
"""

from pathlib import Path

from django.db import migrations

FROZEN = Path(__file__).parent / "sql"
FUNCTIONS = ("0006_claim_asset.sql", "0006_queue_next_label.sql", "0006_label_saved.sql")  # claim_asset first


def create_functions(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for name in FUNCTIONS:
            schema_editor.execute((FROZEN / name).read_text())


class Migration(migrations.Migration):
    dependencies = [("workflow", "0005_label_saved_function")]

    operations = [migrations.RunPython(create_functions, migrations.RunPython.noop)]
