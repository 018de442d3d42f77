"""workflow_label_saved samples a gold asset's labels for review as any other (a label never reviewed
told its labeler the asset was gold). Loads the frozen copy 0008_label_saved.sql; same arguments, so
CREATE OR REPLACE replaces 0007's body."""

from pathlib import Path

from django.db import migrations

FROZEN = Path(__file__).parent / "sql"


def create_function(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute((FROZEN / "0008_label_saved.sql").read_text())


class Migration(migrations.Migration):
    dependencies = [("workflow", "0007_label_saved_takes_slot")]

    operations = [migrations.RunPython(create_function, migrations.RunPython.noop)]
