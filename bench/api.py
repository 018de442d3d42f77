"""Label submit (POST) and autosave (PUT) through the API on PostgreSQL: p50/p95 latency and the share
spent in mask checks.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/api.py

Uses a scratch database `labelplatform_bench` (BENCH_DB) next to the one DATABASE_URL names.
Each request goes through the whole Django stack (middleware, token auth, JSON
parsing, checks, inserts) with the test client; only the socket is skipped.
"""

import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.scratch import scratch_database  # noqa: E402

BENCH_DB = os.environ.get("BENCH_DB", "labelplatform_bench")
REPEATS = int(os.environ.get("REPEATS", "40"))
# Requests not timed at the start of each case: psycopg prepares a statement on its 5th run and PL/pgSQL
# caches plans per session, so the first few requests measure warm-up, not the steady state.
WARM_UP = 10


os.environ["DATABASE_URL"] = scratch_database(BENCH_DB)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labelplatform.settings")
os.environ["ALLOWED_HOSTS"] = "testserver"
import django  # noqa: E402

django.setup()
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from labelplatform.assets.models import Asset  # noqa: E402
from labelplatform.labels import objects as label_objects  # noqa: E402
from labelplatform.masks import encode  # noqa: E402
from labelplatform.projects.services import ontology_save, project_create  # noqa: E402


def instance_masks(count: int, height: int, width: int, seed: int) -> list[dict[str, object]]:
    """`count` non-overlapping blobs with wavy edges, as COCO RLE (what a client sends)."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width]
    taken = np.zeros((height, width), bool)
    rles = []
    cols = int(np.ceil(np.sqrt(count)))
    cell_h, cell_w = height // cols, width // cols
    for i in range(count):
        cy, cx = (i // cols + 0.5) * cell_h, (i % cols + 0.5) * cell_w
        ry, rx = cell_h * rng.uniform(0.25, 0.45), cell_w * rng.uniform(0.25, 0.45)
        angle = np.arctan2(yy - cy, xx - cx)
        wobble = 1 + 0.15 * np.sin(angle * rng.integers(3, 9))
        blob = (((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2) < wobble**2
        blob &= ~taken
        taken |= blob
        rles.append(dict(encode(blob)))
    return rles


def run_case(client: APIClient, project, user, count: int, height: int, width: int) -> None:  # type: ignore[no-untyped-def]
    masks = instance_masks(count, height, width, seed=count)
    body = {"objects": [{"class": 1, "mask": m} for m in masks], "status": "submitted", "time_spent_s": 30}
    assets = [Asset.objects.create(project=project, name=f"{i}.png", file="none", width=width, height=height,
                                   size_bytes=0, sha256="0" * 64, mime_type="image/png")
              for i in range(REPEATS + WARM_UP)]
    check_times: list[float] = []
    original = label_objects.check_objects

    def timed_check(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            check_times.append(time.perf_counter() - start)

    label_objects.check_objects = timed_check
    import labelplatform.labels.services as services

    services.check_objects = timed_check
    latencies = []
    try:
        for i, asset in enumerate(assets):
            start = time.perf_counter()
            response = client.post(f"/api/v1/assets/{asset.pk}/labels", body, format="json")
            elapsed = time.perf_counter() - start
            assert response.status_code == 201, response.content[:300]
            if i >= WARM_UP:
                latencies.append(elapsed)
    finally:
        label_objects.check_objects = original
        services.check_objects = original
    checks = check_times[WARM_UP:]
    p50, p95 = np.percentile(latencies, 50) * 1000, np.percentile(latencies, 95) * 1000
    rle_kb = sum(len(m["counts"]) for m in masks) / 1024
    share = statistics.median(checks) / statistics.median(latencies)
    print(f"{count:3d} masks {width}x{height} ({rle_kb:7.1f} KB RLE): p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
          f"mask checks {statistics.median(checks) * 1000:5.1f} ms ({share:.0%} of p50)")
    run_saves_over(client, assets, body)


def run_saves_over(client: APIClient, assets, body: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    """The editor's autosave: PUT over the current revision of each label just submitted."""
    labels = [client.get(f"/api/v1/assets/{asset.pk}/labels").json()[0] for asset in assets]
    latencies = []
    for i, label in enumerate(labels):
        start = time.perf_counter()
        response = client.put(f"/api/v1/labels/{label['id']}", {**body, "revision": label["revision"]}, format="json")
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.content[:300]
        if i >= WARM_UP:
            latencies.append(elapsed)
    p50, p95 = np.percentile(latencies, 50) * 1000, np.percentile(latencies, 95) * 1000
    print(f"{'':>35}save over a revision (PUT): p50 {p50:6.1f} ms  p95 {p95:6.1f} ms")


def main() -> None:
    call_command("migrate", verbosity=0)
    user = User.objects.create_user("bench", password="bench-password")
    project = project_create(user=user, name="bench")
    ontology_save(project=project, user=user, document={
        "classes": [{"name": "thing", "color": "#ff0000", "kind": "thing"}], "classifications": []})
    client = APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    print(f"label submit through the API, {REPEATS} requests each, PostgreSQL {BENCH_DB}")
    run_case(client, project, user, 10, 768, 1024)
    run_case(client, project, user, 20, 3000, 4000)
    print("targets: p50 <= 15 ms at 1 MP, <= 30 ms at 12 MP (Label Studio: 104 ms p50 for 10 masks at 1 MP)")


if __name__ == "__main__":
    main()
