"""Schemathesis over the live schema against a running server, with every check.

The run is sized by examples per operation; its cases go to real ids most of the time (a
dictionary of the ids made for it), so requests reach past the 404. DELETE of the project
itself is left out: the run needs the project it was made for.
"""

import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token

from labelplatform.assets.services import assets_upload
from labelplatform.datasets.services import version_create
from labelplatform.jobs.models import Job
from labelplatform.projects.models import Project
from tests.conftest import image_bytes
from tests.workflow.helpers import car_label

BIN = Path(sys.executable).parent
# The run needs the project it was made for (DELETE projects/{id}); anything else may be created,
# changed or deleted.
EXCLUDED = ["projects_destroy"]
# How often a path parameter takes one of the real ids rather than a generated value.
REAL_ID_PROBABILITY = 0.8
# Operations whose 400 depends on the data, not on its shape, so a body the schema allows may be
# refused (and the schema documents that 400): credentials and links that must be right, passwords
# the validators refuse, masks that must fit the asset, ids that must be the project's assets or
# labels, a model or backend that must be registered, a project with too few labels to train,
# files that must be images or a dataset. positive_data_acceptance takes 400 there as an answer;
# everywhere else a 400 to data the schema allows is a failure.
DATA_DEPENDENT_400 = [
    "auth_token_create", "auth_login_create", "auth_password_create", "auth_password_reset_confirm_create",
    "auth_signup_create", "assets_labels_create", "labels_update", "assets_segment_create",
    "assets_embedding_retrieve", "assets_proposals_retrieve", "projects_assets_create", "projects_models_create",
    "projects_prelabel_create", "projects_prelabel_train_create", "projects_priorities_create",
    "projects_members_destroy", "projects_imports_create", "assets_gold_create", "assets_consensus_create",
    "projects_exports_create",  # labels "version" needs a version that exists
    "auth_password_reset_create",  # not a 400: a few requests from one address, then 429 (throttled)
    # rules between fields, which OpenAPI 3.0 cannot state without if/then: a radio or checklist
    # question needs options, a text or number one does not
    "projects_ontology_update",
    # a webhook's URL must resolve to an address the outbound guard calls (docs/webhooks.md)
    "projects_webhooks_create", "webhooks_partial_update",
    # a comment: a pinned point on the image (both x and y), a label of this asset, not only spaces
    "assets_threads_create", "threads_comments_create",
    # the signed-in account must have an address; the link's token must be one we sent
    "auth_email_verify_create", "auth_email_verify_confirm_create",
    # the data engine: MobileSAM installed, submitted labels to train on, a trained version before
    # pre-labeling, assets that are the project's real ones (dataengine/services.py)
    "projects_dataengine_train_create", "projects_dataengine_prelabel_create",
    "projects_dataengine_synthesize_create",
    # the file must decode as a video or be a zip of frames
    "projects_sequences_create",
    # a customer's bucket is checked with the given credentials before anything is stored (a listing
    # of the prefix must answer; buckets/services.py source_probe): no generated bucket answers
    "projects_buckets_create", "buckets_partial_update",
]


@dataclass
class FuzzResult:
    cases: int = 0
    server_errors: int = 0
    failures: dict[str, int] = field(default_factory=dict)  # check name -> failed cases
    problems: Counter[str] = field(default_factory=Counter)  # "operation: title: message" -> cases
    exit_code: int = 0
    output: str = ""

    def report(self) -> str:
        return "\n".join(f"{n:4d} x {problem}" for problem, n in sorted(self.problems.items()))

    @property
    def mismatches(self) -> int:
        return sum(n for check, n in self.failures.items() if check != "not_a_server_error")


def fuzz_fixtures(project: Project, users: dict[str, Any], base_url: str) -> dict[str, list[int | str]]:
    """Real rows for the cases to reach: assets, a label with revisions, a job, a version."""
    import requests

    files = [SimpleUploadedFile(f"f{i}.png", image_bytes(40, 30), content_type="image/png") for i in range(3)]
    assets = assets_upload(project=project, user=users["manager"], files=files)
    token = Token.objects.get_or_create(user=users["labeler"])[0].key
    label = requests.post(f"{base_url}/api/v1/assets/{assets[0].pk}/labels", json=car_label(),
                          headers={"Authorization": f"Token {token}"}, timeout=30)
    label.raise_for_status()
    version_create(project=project, user=users["manager"], name="v1", labels="latest")
    return {
        "project_id": [project.pk],
        "asset_id": [a.pk for a in assets],
        "label_id": [label.json()["id"]],
        "job_id": list(Job.objects.filter(project=project).values_list("pk", flat=True)[:3]),
        "number": [1],
        "name": ["v1"],
    }


def _config(ids: dict[str, list[int | str]]) -> str:
    lines = ["[dictionaries]"]
    lines += [f"{name} = {{ values = {json.dumps(values)} }}" for name, values in ids.items()]
    lines += ["", "[parameters]"]
    lines += [f'"path.{name}" = {{ dictionary = "{name}", probability = {REAL_ID_PROBABILITY} }}' for name in ids]
    for operation_id in DATA_DEPENDENT_400:
        lines += ["", "[[operations]]", f'include-operation-id = "{operation_id}"',
                  'checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", '
                  '"409", "429"]']
    return "\n".join(lines) + "\n"


# The in-suite run: fuzzing only (the coverage phase alone is about 3,000 cases per token),
# deterministic, so CI sees the same cases every time. bench/schema_fuzz.py runs every phase.
QUICK_PHASES = "fuzzing"
ALL_PHASES = "examples,coverage,fuzzing,stateful"


def run_schemathesis(base_url: str, token: str, ids: dict[str, list[int | str]], examples: int,
                     workdir: Path, seed: int = 1, phases: str = ALL_PHASES) -> FuzzResult:
    """`st run --checks all` with the token; counts cases and failed checks from its event stream."""
    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "schemathesis.toml"
    config.write_text(_config(ids))
    events = workdir / "events.ndjson"
    args = [str(BIN / "st"), "--config-file", str(config), "--no-color", "run", f"{base_url}/api/v1/schema/",
            "--checks", "all", "--phases", phases, "--max-examples", str(examples), "--seed", str(seed),
            "--generation-deterministic", "--workers", "2",
            # NUL is refused in any JSON text and query value as a 400 naming the field (issue 14,
            # item 3; tests/hardening/test_hostile_requests.py), which a JSON Schema string cannot say
            "--generation-allow-x00", "false",
            "-H", f"Authorization: Token {token}", "--report", "ndjson", "--report-ndjson-path", str(events),
            "--request-timeout", "60", "--output-truncate", "false", "--suppress-health-check", "all"]
    for operation_id in EXCLUDED:
        args += ["--exclude-operation-id", operation_id]
    done = subprocess.run(args, capture_output=True, text=True, timeout=3600)
    result = FuzzResult(exit_code=done.returncode, output=done.stdout + done.stderr)
    _count(events, result)
    return result


def _count(events: Path, result: FuzzResult) -> None:
    for line in events.read_text().splitlines():
        event = json.loads(line)
        kind, body = next(iter(event.items()))
        if kind == "NonFatalError":
            result.problems[f"{body.get('label')}: error: {body['value']}"] += 1
        if kind == "ScenarioFinished":
            recorder = body.get("recorder", {})
            result.cases += len(recorder.get("cases", {}))
            for check_list in recorder.get("checks", {}).values():
                for check in check_list:
                    if check.get("status") == "failure":
                        name = check["name"]
                        result.failures[name] = result.failures.get(name, 0) + 1
                        if name == "not_a_server_error":
                            result.server_errors += 1
                        failure = check.get("failure_info", {}).get("failure", {})
                        message = str(failure.get("message", "")).replace("\n", " ")[:300]
                        result.problems[f"{failure.get('operation')}: {failure.get('title')}: {message}"] += 1
