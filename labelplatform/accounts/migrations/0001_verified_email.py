# Addresses of accounts that exist already start unverified (no row): nothing records whether an
# address was typed by its owner, by staff, or by someone holding a sign-up link (issue 14).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="VerifiedEmail",
            fields=[
                ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                                              related_name="verified_email", serialize=False,
                                              to=settings.AUTH_USER_MODEL)),
                ("email", models.EmailField(max_length=254)),
                ("verified_at", models.DateTimeField(auto_now=True)),
            ],
        ),
    ]
