"""The claim query's index on assets (owned by the queue, so it lives with the workflow app).

Partial: only assets that still need labels are in it, so it stays small as a project
gets labeled, and its order is exactly the queue's: priority high to low, then oldest.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS workflow_asset_queue ON assets_asset (project_id, priority DESC, id) "
    "WHERE status IN ('new', 'in_progress')"
)
DROP = "DROP INDEX IF EXISTS workflow_asset_queue"


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0001_initial"),
        ("workflow", "0001_initial"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
