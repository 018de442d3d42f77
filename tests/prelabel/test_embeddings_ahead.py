"""Embeddings ahead of time with the real MobileSAM: at upload into a small project, and for the claimed and
next items of the queue, so the first click answers without a 202 (not ready).
The jobs run here as a worker runs them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from labelplatform.assets.models import Asset
from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_run
from labelplatform.prelabel.backends import builtin_pair, sam_embedding_ready
from labelplatform.prelabel.builtin import mobilesam
from labelplatform.workflow.models import Claim
from tests.prelabel.conftest import png_bytes, scene

pytestmark = pytest.mark.django_db


def embedding_jobs() -> list[Job]:
    return list(Job.objects.filter(kind="prelabel", params__backend=mobilesam.NAME).order_by("id"))


def run(jobs: list[Job]) -> None:
    for job in jobs:
        job_run(job_id=job.pk)
        job.refresh_from_db()
        assert job.status == "succeeded", job.error


def ready(asset: Asset) -> bool:
    return sam_embedding_ready(builtin_pair(mobilesam.NAME), asset)


def upload_api(client, project, count: int, first_seed: int = 0) -> list[Asset]:  # type: ignore[no-untyped-def]
    files = [SimpleUploadedFile(f"s{first_seed + i}.png", png_bytes(scene(first_seed + i)[0]), content_type="image/png")
             for i in range(count)]
    answer = client.post(f"/api/v1/projects/{project.pk}/assets", {"files": files}, format="multipart")
    assert answer.status_code == 201, answer.json()
    return [Asset.objects.get(pk=item["id"]) for item in answer.json()]


def settings_set(project, **values) -> None:  # type: ignore[no-untyped-def]
    project.settings = {**project.settings, **values}
    project.save(update_fields=["settings"])


def test_an_upload_into_a_small_project_is_embedded(installed, project, client_for):
    # when two images are uploaded into an empty project
    assets = upload_api(client_for("manager"), project, 2)
    # then one job embeds both, in upload order, and once it ran the first click answers at once
    jobs = embedding_jobs()
    assert [job.params["asset_ids"] for job in jobs] == [[a.pk for a in assets]]
    assert not any(ready(a) for a in assets)
    run(jobs)
    assert all(ready(a) for a in assets)
    answer = client_for("labeler").post(f"/api/v1/assets/{assets[1].pk}/segment",
                                        {"backend": "mobilesam", "points": [[60, 60, 1]]}, format="json")
    assert answer.status_code == 200 and answer.json()["backend"] == "mobilesam"
    assert len(embedding_jobs()) == 1  # the click started nothing


def test_an_upload_into_a_larger_project_waits_for_the_queue(installed, project, client_for):
    settings_set(project, embed_at_upload_max_assets=2)
    upload_api(client_for("manager"), project, 2)
    assert len(embedding_jobs()) == 1
    upload_api(client_for("manager"), project, 1, first_seed=2)  # now 3 assets: over the limit
    assert len(embedding_jobs()) == 1


def test_a_claim_embeds_the_claimed_asset_and_the_next_ones_the_queue_would_hand_out(installed, project,
                                                                                      client_for):
    # given six assets, not embedded at upload, the last two ranked first
    settings_set(project, embed_at_upload_max_assets=0, embeddings_ahead=2)
    assets = upload_api(client_for("manager"), project, 6)
    assert embedding_jobs() == []
    Asset.objects.filter(pk__in=[assets[5].pk, assets[4].pk]).update(priority=5)
    Asset.objects.filter(pk=assets[4].pk).update(priority=4)
    labeler = client_for("labeler")
    # when the labeler claims an item
    answer = labeler.post(f"/api/v1/projects/{project.pk}/queue/next")
    assert answer.status_code == 200
    claimed = Claim.objects.get(pk=answer.json()["claim"]["id"]).asset_id
    assert claimed == assets[5].pk
    # then one job embeds the claimed asset and another the next two in queue order
    jobs = embedding_jobs()
    assert [job.params["asset_ids"] for job in jobs] == [[assets[5].pk], [assets[4].pk, assets[0].pk]]
    # asking again (a reload) hands back the same claim and starts nothing: those jobs are pending
    assert labeler.post(f"/api/v1/projects/{project.pk}/queue/next").json()["claim"]["id"] == \
        answer.json()["claim"]["id"]
    assert len(embedding_jobs()) == 2
    run(jobs)
    # when the labeler skips to the next item, it is embedded already; only the new one ahead is queued
    skip = labeler.post(f"/api/v1/claims/{answer.json()['claim']['id']}/skip", {"reason": "blurry"}, format="json")
    assert skip.status_code == 200
    second = labeler.post(f"/api/v1/projects/{project.pk}/queue/next").json()
    assert second["asset"]["id"] == assets[4].pk and ready(assets[4])
    assert [job.params["asset_ids"] for job in embedding_jobs()[2:]] == [[assets[1].pk]]


def test_a_first_click_waits_for_the_job_started_ahead_instead_of_starting_another(installed, project,
                                                                                  client_for):
    assets = upload_api(client_for("manager"), project, 2)
    (job,) = embedding_jobs()
    answer = client_for("labeler").post(f"/api/v1/assets/{assets[1].pk}/segment",
                                        {"backend": "mobilesam", "points": [[60, 60, 1]]}, format="json")
    assert answer.status_code == 202 and answer.json()["job"] == job.pk and answer["Retry-After"] == "1"
    assert f"being computed by job {job.pk}" in answer.json()["detail"]
    assert embedding_jobs() == [job]


def test_nothing_is_queued_ahead_when_the_project_switches_it_off(installed, project, client_for):
    settings_set(project, embed_at_upload_max_assets=0, embeddings_ahead=0)
    upload_api(client_for("manager"), project, 3)
    assert client_for("labeler").post(f"/api/v1/projects/{project.pk}/queue/next").status_code == 200
    # the claimed asset itself is still embedded: it is opened now
    assert [len(job.params["asset_ids"]) for job in embedding_jobs()] == [1]
