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
    return "\n".join(lines) + "\n"


def run_schemathesis(base_url: str, token: str, ids: dict[str, list[int | str]], examples: int,
                     workdir: Path, seed: int = 1) -> FuzzResult:
    """`st run --checks all` with the token; counts cases and failed checks from its event stream."""
    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "schemathesis.toml"
    config.write_text(_config(ids))
    events = workdir / "events.ndjson"
    args = [str(BIN / "st"), "--config-file", str(config), "--no-color", "run", f"{base_url}/api/v1/schema/",
            "--checks", "all", "--max-examples", str(examples), "--seed", str(seed), "--workers", "2",
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
