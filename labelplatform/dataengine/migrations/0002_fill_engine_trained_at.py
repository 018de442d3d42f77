"""Project.engine_trained_at for the versions trained before the field (projects 0005)."""

from django.db import migrations
from django.db.models import Max


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Project = apps.get_model("projects", "Project")
    EngineVersion = apps.get_model("dataengine", "EngineVersion")
    for row in EngineVersion.objects.values("project_id").annotate(newest=Max("created_at")):
        Project.objects.filter(pk=row["project_id"]).update(engine_trained_at=row["newest"])


class Migration(migrations.Migration):
    dependencies = [("dataengine", "0001_initial"), ("projects", "0005_kept_by_listeners")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
