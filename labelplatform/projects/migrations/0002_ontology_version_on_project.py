from django.db import migrations, models
from django.db.models import Max


def current_versions(apps, schema_editor):  # type: ignore[no-untyped-def]
    Project = apps.get_model("projects", "Project")
    for project in Project.objects.annotate(newest=Max("ontology_versions__version")).exclude(newest=None):
        Project.objects.filter(pk=project.pk).update(ontology_version=project.newest)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="ontology_version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.RunPython(current_versions, migrations.RunPython.noop),
    ]
