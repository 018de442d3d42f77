"""Project.events_wanted for the subscriptions that existed before the field (projects 0005)."""

from django.db import migrations

EVENTS = ("label.submitted", "label.reviewed", "asset.done", "job.finished", "version.created", "member.added")


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Project = apps.get_model("projects", "Project")
    Subscription = apps.get_model("webhooks", "Subscription")
    wanted: dict[int, set[str]] = {}
    for project_id, events in Subscription.objects.filter(active=True).values_list("project_id", "events"):
        wanted.setdefault(project_id, set()).update(events)
    for project_id, events in wanted.items():
        Project.objects.filter(pk=project_id).update(events_wanted=[e for e in EVENTS if e in events])


class Migration(migrations.Migration):
    dependencies = [("webhooks", "0001_initial"), ("projects", "0005_kept_by_listeners")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
