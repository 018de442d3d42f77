"""POST jobs/{id}/cancel and jobs/{id}/retry: who may, which states, and what a run does after."""

import pytest

from labelplatform.datasets.exporting import export_plan, part_claim, part_run
from labelplatform.datasets.models import PartStatus
from labelplatform.jobs.heartbeat import JobStopped
from labelplatform.jobs.models import Job, JobStatus
from labelplatform.jobs.progress import Progress
from labelplatform.jobs.services import job_cancel, job_run
from labelplatform.projects.models import Membership
from tests.jobs.conftest import start_export

pytestmark = pytest.mark.django_db


def test_a_queued_job_is_cancelled_and_never_runs(exportable, users, client_for):
    job = start_export(exportable, users["manager"], fmt="ndjson")
    response = client_for("manager").post(f"/api/v1/jobs/{job.pk}/cancel")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled" and "cancelled by manager" in response.json()["error"]
    job_run(job_id=job.pk)  # its message arrives anyway
    job.refresh_from_db()
    assert (job.status, job.attempts, job.result) == (JobStatus.CANCELLED, 0, None)


def test_only_the_creator_or_a_manager_may_cancel(exportable, users, client_for):
    job = start_export(exportable, users["manager"], fmt="ndjson")
    for name in ("reviewer", "labeler", "viewer"):
        Membership.objects.get_or_create(project=exportable, user=users[name], defaults={"role": name})
    assert client_for("reviewer").post(f"/api/v1/jobs/{job.pk}/cancel").status_code == 403
    assert client_for("labeler").post(f"/api/v1/jobs/{job.pk}/cancel").status_code == 404  # others' jobs unseen
    assert client_for("outsider").post(f"/api/v1/jobs/{job.pk}/cancel").status_code == 404
    own = Job.objects.create(kind="export", project=exportable, created_by=users["labeler"], params=job.params)
    assert client_for("labeler").post(f"/api/v1/jobs/{own.pk}/cancel").status_code == 200


def test_an_ended_job_cannot_be_cancelled_and_a_running_one_cannot_be_retried(exportable, users, client_for):
    job = start_export(exportable, users["manager"], fmt="ndjson")
    job_run(job_id=job.pk)
    response = client_for("manager").post(f"/api/v1/jobs/{job.pk}/cancel")
    assert response.status_code == 409 and "already ended (succeeded)" in response.json()["detail"]
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    response = client_for("manager").post(f"/api/v1/jobs/{job.pk}/retry")
    assert response.status_code == 409 and "is running" in response.json()["detail"]


def test_a_cancelled_export_is_retried_and_completes(exportable, users, client_for):
    job = start_export(exportable, users["manager"], fmt="ndjson")
    client_for("manager").post(f"/api/v1/jobs/{job.pk}/cancel")
    response = client_for("manager").post(f"/api/v1/jobs/{job.pk}/retry")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["error"], response.json()["attempts"]) == ("queued", "", 0)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result["assets"] == 6 and job.attempts == 1


def test_a_failed_job_gets_a_fresh_budget_of_attempts(exportable, users, client_for, settings):
    job = start_export(exportable, users["manager"], fmt="ndjson")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, attempts=settings.JOB_MAX_ATTEMPTS + 1,
                                         error="stopped: its worker ended without finishing it 3 times")
    assert client_for("manager").post(f"/api/v1/jobs/{job.pk}/retry").status_code == 200
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (JobStatus.SUCCEEDED, 1, "")


def test_progress_of_a_cancelled_job_stops_it(exportable, users):
    job = start_export(exportable, users["manager"], fmt="ndjson")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1)
    job.refresh_from_db()
    Progress(job).set_total(6)  # while it runs, progress is written
    job_cancel(job=job, user=users["manager"])
    with pytest.raises(JobStopped):
        Progress(job).advance()


def test_a_part_writer_of_a_cancelled_export_stops_and_frees_its_part(exportable, users):
    # given an export part claimed by a worker, and the job cancelled meanwhile
    job = start_export(exportable, users["manager"], fmt="ndjson")
    part = part_claim(export_plan(job)[0].pk)
    assert part is not None
    job_cancel(job=job, user=users["manager"])
    # when the part's writer reports its progress, it stops
    with pytest.raises(JobStopped):
        part_run(part)
    # then the part is free again, for a retry of the job to write
    part.refresh_from_db()
    assert (part.status, part.claimed_at) == (PartStatus.PENDING, None)
