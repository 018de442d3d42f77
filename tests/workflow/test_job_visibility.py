"""Compare results and job lists by what the caller may see (issue 14, item 6)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from labelplatform.assets.services import assets_upload
from labelplatform.datasets.services import version_create
from labelplatform.flows.label_save import label_create
from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_run
from labelplatform.labels.services import LabelBody
from tests.conftest import image_bytes
from tests.workflow.helpers import car_label, set_settings


def test_the_report_a_restricted_labeler_runs_no_compare_and_reads_no_others_jobs(client_for, project, users):
    # given a project that hides other people's assets, with two versions of a labeled asset
    set_settings(project, labelers_see_all=False)
    (asset,) = assets_upload(project=project, user=users["manager"], files=[
        SimpleUploadedFile("a.png", image_bytes(40, 30), content_type="image/png")])
    version_create(project=project, user=users["manager"], name="v1", labels="latest")
    label_create(asset=asset, user=users["labeler2"], body=LabelBody(**car_label()))
    version_create(project=project, user=users["manager"], name="v2", labels="latest")
    body = {"a": "v1", "b": "v2"}
    compare_url = f"/api/v1/projects/{project.id}/versions/compare"

    # when the labeler (handed nothing) runs compare, as in the report: refused
    labeler = client_for("labeler")
    assert labeler.post(compare_url, body, format="json").status_code == 403

    # a reviewer may; the result names the asset and object ids
    started = client_for("reviewer").post(compare_url, body, format="json")
    assert started.status_code == 202
    job_run(job_id=started.json()["id"])
    result = client_for("reviewer").get(f"/api/v1/jobs/{started.json()['id']}").json()["result"]
    assert result["assets"]["added"] == [asset.id]

    # then the labeler reads neither that job nor any other job's parameters
    assert labeler.get(f"/api/v1/jobs/{started.json()['id']}").status_code == 404
    assert labeler.get(f"/api/v1/projects/{project.id}/jobs").json()["results"] == []
    assert client_for("viewer").get(f"/api/v1/projects/{project.id}/jobs").json()["count"] == \
        Job.objects.filter(project=project).count()


def test_a_restricted_labeler_sees_the_jobs_they_started(client_for, project, users):
    set_settings(project, labelers_see_all=False)
    own = Job.objects.create(kind="compare", project=project, created_by=users["labeler"], params={})
    Job.objects.create(kind="export", project=project, created_by=users["manager"], params={"format": "coco"})
    listed = client_for("labeler").get(f"/api/v1/projects/{project.id}/jobs").json()["results"]
    assert [j["id"] for j in listed] == [own.id]
    assert client_for("labeler").get(f"/api/v1/jobs/{own.id}").status_code == 200


def test_labelers_who_see_everything_see_every_job(client_for, project, users):
    job = Job.objects.create(kind="export", project=project, created_by=users["manager"], params={"format": "coco"})
    assert client_for("labeler").get(f"/api/v1/jobs/{job.id}").status_code == 200
    assert client_for("labeler").post(f"/api/v1/projects/{project.id}/versions/compare",
                                      {"a": "x", "b": "y"}, format="json").status_code == 403
