"""A nested-JSON import fails fast with a clear error; jobs that kill their worker end; scratch is removed
(issue 14, item 1)."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from labelplatform.datasets.importing.readers import detect
from labelplatform.datasets.importing.sources import SourceError, tree_from_file
from labelplatform.jobs.models import Job, JobStatus
from labelplatform.jobs.services import job_run
from tests.datasets.conftest import zip_bytes

NESTED = b'{"images": ' + b"[" * 100000 + b"]" * 100000 + b"}"  # about 200 KB, 100,000 deep


def test_a_deeply_nested_json_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "instances.json"
    path.write_bytes(NESTED)
    tree = tree_from_file(path, "instances.json")
    with pytest.raises(SourceError, match=r"^instances.json: JSON nested deeper than 64 levels"):
        detect(tree)


def test_depth_is_checked_in_zips_and_for_whole_reads(tmp_path):
    path = tmp_path / "data.zip"
    path.write_bytes(zip_bytes({"ann/instances.json": NESTED, "ok.json": b'{"a": [[1]]}'}))
    tree = tree_from_file(path, "data.zip")
    assert tree.read("ok.json") == b'{"a": [[1]]}'
    with pytest.raises(SourceError, match="ann/instances.json: JSON nested deeper"):
        tree.read("ann/instances.json")


@pytest.mark.django_db
def test_the_nested_import_from_the_report_fails_the_job_clearly(client_for, project, settings):
    started = client_for("manager").post(f"/api/v1/projects/{project.pk}/imports",
                                         {"file": SimpleUploadedFile("instances.json", NESTED)}, format="multipart")
    assert started.status_code == 202, started.json()
    job_run(job_id=started.json()["id"])
    job = Job.objects.get(pk=started.json()["id"])
    assert job.status == JobStatus.FAILED
    assert "instances.json: JSON nested deeper than 64 levels" in job.error
    assert not list(Path(settings.SCRATCH_ROOT).glob(f"import-{job.pk}-*"))


@pytest.mark.django_db
def test_a_job_that_killed_its_worker_too_often_is_failed_and_its_scratch_removed(users, project, settings):
    # given an import whose worker died on each of its attempts, leaving a scratch folder behind
    settings.JOB_MAX_ATTEMPTS = 3
    job = Job.objects.create(kind="import", project=project, created_by=users["manager"], status=JobStatus.RUNNING,
                             attempts=3, params={"format": "auto", "file": "imports/x.json", "file_name": "x.json"})
    left = Path(settings.SCRATCH_ROOT) / f"import-{job.pk}-abc"
    left.mkdir(parents=True)
    (left / "part").write_bytes(b"x")
    # when the broker delivers it again
    job_run(job_id=job.pk)
    # then it is failed with a clear error, not started, and the scratch is gone
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == 4
    assert "worker ended without finishing it 3 times" in job.error
    assert not left.exists()


@pytest.mark.django_db
def test_an_attempt_under_the_limit_still_runs(users, project, settings):
    settings.JOB_MAX_ATTEMPTS = 3
    job = Job.objects.create(kind="import", project=project, created_by=users["manager"], status=JobStatus.RUNNING,
                             attempts=2, params={"format": "auto", "urls": ["http://127.0.0.1:9/x.zip"]})
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 3
    assert "private, local or reserved" in job.result["errors"][0]["reason"]
