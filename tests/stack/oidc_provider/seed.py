"""Set up the test provider's database: `python -m tests.stack.oidc_provider.seed <spec.json>` with
{"client_id", "client_secret", "redirect_uri", "users": [{"username", "password", "email"}]}.
Runs migrations, makes the signing key, the confidential client (no consent page) and the users."""

import json
import os
import sys
from pathlib import Path

import django


def main(spec_path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.stack.oidc_provider.settings")
    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType

    spec = json.loads(Path(spec_path).read_text())
    call_command("migrate", verbosity=0)
    call_command("creatersakey")
    client = Client.objects.create(name="labelplatform", client_type="confidential", client_id=spec["client_id"],
                                   client_secret=spec["client_secret"], jwt_alg="RS256", require_consent=False,
                                   _redirect_uris=spec["redirect_uri"])
    client.response_types.add(ResponseType.objects.get(value="code"))
    for user in spec["users"]:
        User.objects.create_user(user["username"], email=user["email"], password=user["password"])


if __name__ == "__main__":
    main(sys.argv[1])
