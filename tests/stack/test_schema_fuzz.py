"""Schemathesis over the live schema against gunicorn: no 5xx and no answer the schema does not describe.

Runs only with SCHEMA_FUZZ=1 for now: schemathesis's coverage phase alone makes about 3,000 cases
per token (6 minutes on a loaded 2-core machine), and the positive_data_acceptance and
negative_data_rejection checks still fail (see the issue). bench/schema_fuzz.py runs it and prints
the figures; SCHEMA_FUZZ_EXAMPLES sets the examples per operation of the fuzzing phases.
"""

import os

import pytest
from rest_framework.authtoken.models import Token

from tests.stack.fuzz import fuzz_fixtures, run_schemathesis
from tests.stack.processes import free_port, gunicorn, require_services, stack_env, wait_for_port

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(os.environ.get("SCHEMA_FUZZ") != "1", reason="set SCHEMA_FUZZ=1 (about 6 min)")]

EXAMPLES = int(os.environ.get("SCHEMA_FUZZ_EXAMPLES", "3"))


def test_the_live_schema_holds_for_a_labeler_and_a_manager(project, users, tmp_path, settings):
    require_services()
    env = stack_env(settings.MEDIA_ROOT)
    port = free_port()
    with gunicorn(env, port, tmp_path / "web.log") as web:
        wait_for_port(port, web)
        base_url = f"http://127.0.0.1:{port}"
        ids = fuzz_fixtures(project, users, base_url)
        # the labeler first: the manager's run may change memberships and settings
        results = {name: run_schemathesis(base_url, Token.objects.get_or_create(user=users[name])[0].key, ids,
                                          EXAMPLES, tmp_path / name)
                   for name in ("labeler", "manager")}
    for name, result in results.items():
        print(f"\n{name}: {result.cases} cases, {result.server_errors} server errors, "
              f"{result.mismatches} mismatches {result.failures}\n{result.report()}")
    for result in results.values():
        assert result.cases > 0, result.output[-3000:]
        assert (result.server_errors, result.mismatches) == (0, 0), result.report()
        assert result.exit_code == 0, result.output[-20000:]
