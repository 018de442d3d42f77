"""Create the first admin once: from ADMIN_USERNAME/ADMIN_PASSWORD, or with a printed random password."""

import os
import secrets
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create a first staff user if there is none, and say how to log in."

    def handle(self, *args: Any, **options: Any) -> None:
        username = os.environ.get("ADMIN_USERNAME", "admin")
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(f"An admin exists already; log in as {username!r} or another superuser.")
            return
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        shown = password if "ADMIN_PASSWORD" not in os.environ else "(the ADMIN_PASSWORD you set)"
        self.stdout.write(self.style.SUCCESS(f"Created admin. Log in as {username!r} with password {shown}"))
