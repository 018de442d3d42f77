# Pending invitations by e-mail address used to be tied at creation to an account that had typed
# that address, verified or not (issue 14, invitation hijack). They are untied: each now waits for
# an account whose verified address it is.

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def untie(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    invitation = apps.get_model("projects", "Invitation")
    invitation.objects.filter(status="pending").exclude(email="").update(user=None)


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_invitations")]

    operations = [migrations.RunPython(untie, migrations.RunPython.noop)]
