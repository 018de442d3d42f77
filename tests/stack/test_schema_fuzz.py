"""Schemathesis over the live schema against gunicorn: no 5xx and no answer the schema does not describe.

The in-suite run is the fuzzing phase only, a few examples per operation, deterministic (fixed seed,
no random variation): the same cases every time, about a minute on a 2-core machine.
bench/schema_fuzz.py runs every phase (coverage alone is about 3,000 cases per token) and prints the
figures; SCHEMA_FUZZ_EXAMPLES and SCHEMA_FUZZ_PHASES set the examples per operation and the phases.
"""

import os

import pytest
from rest_framework.authtoken.models import Token

from tests.stack.fuzz import QUICK_PHASES, fuzz_fixtures, run_schemathesis
from tests.stack.processes import free_port, gunicorn, require_services, stack_env, wait_for_port

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

EXAMPLES = int(os.environ.get("SCHEMA_FUZZ_EXAMPLES", "4"))
PHASES = os.environ.get("SCHEMA_FUZZ_PHASES", QUICK_PHASES)


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
                                          EXAMPLES, tmp_path / name, phases=PHASES)
                   for name in ("labeler", "manager")}
    for name, result in results.items():
        print(f"\n{name}: {result.cases} cases, {result.server_errors} server errors, "
              f"{result.mismatches} mismatches {result.failures}\n{result.report()}")
    for result in results.values():
        assert result.cases > 0, result.output[-3000:]
        assert (result.server_errors, result.mismatches) == (0, 0), result.report()
        assert result.exit_code == 0, result.output[-20000:]
