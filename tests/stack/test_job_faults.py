"""Jobs against real faults: a worker killed with kill -9, the broker down, the broker restarted.

Real processes (celery worker with its beat, gunicorn, redis-server); the heartbeat and sweep
intervals are shortened through the environment so the tests wait seconds, not a minute.
bench/job_faults.py runs two of them with the production intervals and a 30 s outage, and
prints the FIGURE lines they write.
"""

import os
import time

import numpy as np
import pytest
import requests
from django.conf import settings as django_settings
from rest_framework.authtoken.models import Token

from labelplatform.celery import app as celery_app
from labelplatform.datasets.exporting import export_plan
from labelplatform.datasets.services import version_create
from labelplatform.jobs.models import ENDED, Job, JobStatus
from tests.conftest import image_bytes
from tests.datasets.conftest import rle
from tests.jobs.conftest import ASSETS, exportable, start_export  # noqa: F401  (exportable: a fixture)
from tests.stack.processes import (
    celery_worker,
    free_port,
    gunicorn,
    kill_hard,
    redis_server,
    require_services,
    stack_env,
    wait_for_job,
    wait_for_port,
    wait_until,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
BENCH = os.environ.get("JOB_FAULTS_BENCH") == "1"  # production intervals, a real outage, figures printed
FAST = {"EXPORT_PART_ASSETS": "2", "SLOW_EXPORT_S": "0.7",
        **({} if BENCH else {"JOB_HEARTBEAT_S": "1", "JOB_STALE_S": "4", "JOB_SWEEP_S": "2"})}
OUTAGE_S = 30.0 if BENCH else 0.0


def figure(name: str, value: object) -> None:
    if BENCH:
        print(f"FIGURE {name}: {value}", flush=True)
SLOW = ("--include", "tests.jobs.slow")


def _env(media_root, redis_url: str | None = None) -> dict[str, str]:  # type: ignore[no-untyped-def]
    env = {**stack_env(media_root), **FAST}
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def _beat(tmp_path) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    return ("--beat", "--schedule", str(tmp_path / "beat-schedule"))


def _mid_export(job: Job) -> bool:
    job.refresh_from_db()
    return job.status == JobStatus.RUNNING and job.done >= 1


def test_a_job_whose_worker_was_killed_completes_on_a_new_worker(exportable, users, tmp_path, settings):  # noqa: F811
    require_services()
    # given a slow export in three parts, half written by a worker
    job = start_export(exportable, users["manager"])
    settings.EXPORT_PART_ASSETS = 2
    assert len(export_plan(job)) == 3
    env, log = _env(settings.MEDIA_ROOT), tmp_path / "worker.log"
    with celery_worker(env, log, *SLOW) as first:
        wait_until(lambda: _mid_export(job), 60, "export half written")
        # when the worker is killed with kill -9 (its children too), holding the job and a part
        kill_hard(first)
    assert job.done < ASSETS and job.export_parts.filter(status="running").exists()
    # then a new worker (with beat's sweeper) takes the job and the dead worker's part over
    started = time.monotonic()
    with celery_worker(env, log, *SLOW, *_beat(tmp_path)):
        wait_for_job(job, log, 300)
    figure("kill -9 mid-export: new worker started -> export succeeded (s)", round(time.monotonic() - started, 1))
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.attempts == 2 and job.result["assets"] == ASSETS and job.result["parts"] == 3


def test_a_running_export_is_cancelled_then_retried_through_the_api(exportable, users, client_for, tmp_path,  # noqa: F811
                                                                    settings):
    require_services()
    job = start_export(exportable, users["manager"])
    log = tmp_path / "worker.log"
    with celery_worker(_env(settings.MEDIA_ROOT), log, *SLOW):
        wait_until(lambda: _mid_export(job), 60, "export half written")
        # when its creator cancels it mid-export
        response = client_for("manager").post(f"/api/v1/jobs/{job.pk}/cancel")
        assert response.status_code == 200 and response.json()["status"] == "cancelled"
        # then the worker stops at its next progress update: the part it wrote is free again
        wait_until(lambda: not job.export_parts.filter(status="running").exists(), 60, "part released")
        job.refresh_from_db()
        assert (job.status, job.result, job.result_file) == (JobStatus.CANCELLED, None, "")
        # and a retry runs it to the end on the same worker
        assert client_for("manager").post(f"/api/v1/jobs/{job.pk}/retry").status_code == 200
        wait_for_job(job, log, 120)
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.attempts == 1 and job.result["assets"] == ASSETS


def test_broker_down_job_starts_answer_503_and_everything_resumes(exportable, users, tmp_path, settings):  # noqa: F811
    require_services()
    version_create(project=exportable, user=users["manager"], name="v1", labels="latest")
    version_create(project=exportable, user=users["manager"], name="v2", labels="latest")
    port, web_port = free_port(), free_port()
    redis_url = f"redis://127.0.0.1:{port}/0"
    env = _env(settings.MEDIA_ROOT, redis_url)
    with gunicorn(env, web_port, tmp_path / "web.log") as web:
        wait_for_port(web_port, web)
        api = f"http://127.0.0.1:{web_port}/api/v1"
        token, _ = Token.objects.get_or_create(user=users["manager"])
        auth = {"Authorization": f"Token {token.key}"}
        jobs_before = Job.objects.count()
        # given the broker is down (never started: nothing listens on its port)
        starts = {
            "export": requests.post(f"{api}/projects/{exportable.pk}/exports", json={"format": "coco"}, headers=auth),
            "import": requests.post(f"{api}/projects/{exportable.pk}/imports",
                                    json={"urls": ["https://example.com/x.zip"]}, headers=auth),
            "compare": requests.post(f"{api}/projects/{exportable.pk}/versions/compare", json={"a": "v1", "b": "v2"},
                                     headers=auth),
            "train": requests.post(f"{api}/projects/{exportable.pk}/prelabel/train", json={}, headers=auth),
        }
        # then job starts answer 503 in JSON, with nothing written
        assert {kind: r.status_code for kind, r in starts.items()} == dict.fromkeys(starts, 503)
        assert all("job queue is unreachable" in r.json()["detail"] for r in starts.values())
        assert Job.objects.count() == jobs_before
        # and an upload is stored (its thumbnail job waits), a label submit succeeds
        upload = requests.post(f"{api}/projects/{exportable.pk}/assets", headers=auth,
                               files=[("files", ("late.png", image_bytes(64, 48), "image/png"))])
        assert upload.status_code == 201, upload.text
        asset_id = upload.json()[0]["id"]
        road = np.zeros((48, 64), bool)
        road[30:, :] = True
        road_id = next(c["id"] for c in exportable.ontology_versions.first().document["classes"] if c["name"] == "road")
        submit = requests.post(f"{api}/assets/{asset_id}/labels", headers=auth, json={
            "objects": [{"class": road_id, "mask": rle(road)}], "classifications": {"weather": "sun"},
            "status": "submitted"})
        assert submit.status_code == 201, submit.text
        label = submit.json()
        submits, refused, outage_end = 1, 4, time.monotonic() + OUTAGE_S
        while time.monotonic() < outage_end:  # the bench holds the outage: labels keep coming, starts keep failing
            put = requests.put(f"{api}/labels/{label['id']}", headers=auth, json={
                "revision": label["revision"], "objects": [{"class": road_id, "mask": rle(road)}],
                "classifications": {"weather": "rain"}, "status": "submitted"})
            assert put.status_code == 200, put.text
            label, submits = put.json(), submits + 1
            start = requests.post(f"{api}/projects/{exportable.pk}/exports", json={"format": "coco"}, headers=auth)
            assert start.status_code == 503
            refused += 1
            time.sleep(0.5)
        figure("broker down: label submits that succeeded", submits)
        figure("broker down: job starts answered 503", refused)
        thumbnails = Job.objects.get(kind="thumbnails", params__asset_ids=[asset_id])
        assert thumbnails.status == JobStatus.QUEUED and thumbnails.enqueued_at is None

        # when the broker comes (back) and a worker with its beat runs
        log = tmp_path / "worker.log"
        with redis_server(port, tmp_path / "redis.log") as redis, celery_worker(env, log, *_beat(tmp_path)):
            wait_for_port(port, redis)
            back = time.monotonic()
            # then the thumbnail comes and no job is left queued
            wait_for_job(thumbnails, log, 120)
            assert thumbnails.status == JobStatus.SUCCEEDED, thumbnails.error
            wait_until(lambda: not Job.objects.exclude(status__in=ENDED).exists(), 120, "every job ended")
            figure("broker back: Redis up -> every job ended, none queued (s)", round(time.monotonic() - back, 1))
            assert requests.get(f"{api}/assets/{asset_id}/thumbnail", headers=auth).status_code == 200
            # and job starts work again
            again = requests.post(f"{api}/projects/{exportable.pk}/exports", json={"format": "coco"}, headers=auth)
            assert again.status_code == 202, again.text
            wait_for_job(Job.objects.get(pk=again.json()["id"]), log, 120)


def test_the_worker_survives_a_broker_restart_mid_job(exportable, users, tmp_path, settings):  # noqa: F811
    require_services()
    port = free_port()
    redis_url = f"redis://127.0.0.1:{port}/0"
    env, log = _env(settings.MEDIA_ROOT, redis_url), tmp_path / "worker.log"
    env["SLOW_EXPORT_S"] = "1.5"  # two processes write parts at once: keep the export long enough to catch
    job = start_export(exportable, users["manager"])
    with redis_server(port, tmp_path / "redis.log") as redis:
        wait_for_port(port, redis)
        # two processes per worker, as docker-compose.yml runs it (the crash needed a second one)
        with celery_worker(env, log, *SLOW, *_beat(tmp_path), "--concurrency=2") as worker:
            _send(redis_url, job.pk)
            wait_until(lambda: _mid_export(job), 60, "export half written")
            # when Redis restarts mid-job and loses every message (no persistence)
            redis.terminate()
            redis.wait()
            with redis_server(port, tmp_path / "redis.log") as restarted:
                wait_for_port(port, restarted)
                # then the worker lives on, the job ends, and a job sent after the restart runs too
                wait_for_job(job, log, 120)
                assert job.status == JobStatus.SUCCEEDED, job.error
                second = start_export(exportable, users["manager"], fmt="ndjson")
                _send(redis_url, second.pk)
                wait_for_job(second, log, 120)
                assert second.status == JobStatus.SUCCEEDED, second.error
                time.sleep(1)  # the acks after the reconnect are where the crash came
                assert worker.poll() is None, log.read_text()[-3000:]


def _send(redis_url: str, job_id: int) -> None:
    """Send a job's message to the test's own Redis (this process's app sends to REDIS_URL)."""
    assert redis_url != django_settings.CELERY_BROKER_URL
    with celery_app.connection_for_write(redis_url) as connection:
        celery_app.send_task("jobs.run_job", (job_id,), connection=connection)
