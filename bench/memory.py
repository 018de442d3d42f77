"""Peak memory of a process handling the inputs of issue 14, item 4; each case in a fresh process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/memory.py

Cases, against a scratch database (BENCH_DB, default `labelplatform_bench_memory`):

- upload: POST a 10900x10900 RGBA PNG (one colour, about 0.5 MB) through the API, as a web process does;
- thumbnail: make that asset's thumbnail, as the worker's job does;
- counts: POST a label whose one mask on a 5000x5000 asset has 25M runs (a 25 MB counts string).

Each figure is the highest VmRSS sampled every 10 ms during the case (the whole process: Python,
Django and the case), and how much the case added to what the process held before it. Nothing is
asserted; the tests (tests/hardening/test_upload_limits.py, test_label_limits.py) hold the behaviour.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.exports import PeakRss, load, rss_mib  # noqa: E402
from bench.scratch import scratch_database  # noqa: E402

BENCH_DB = os.environ.get("BENCH_DB", "labelplatform_bench_memory")
MEDIA = Path(os.environ.get("BENCH_MEDIA", "/tmp/labelplatform-bench-memory"))
SIDE, MASK_SIDE = 10900, 5000


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labelplatform.settings")
    import django

    django.setup()


def _client():  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import User
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(User.objects.get(username="bench"))
    return client


def _post_image(project_id: int, name: str, data: bytes) -> tuple[int, dict]:  # type: ignore[type-arg]
    part = io.BytesIO(data)
    part.name = name
    response = _client().post(f"/api/v1/projects/{project_id}/assets", {"files": [part]}, format="multipart")
    return response.status_code, response.json()


def setup() -> dict[str, int]:
    from django.contrib.auth.models import User

    from labelplatform.projects.services import ontology_save, project_create
    from tests.hardening.images import flat_png

    user = User.objects.create_user("bench", password="bench")  # a fresh database each run
    project = project_create(user=user, name="memory", description="", settings={})
    version = ontology_save(project=project, user=user,
                            document={"classes": [{"name": "a", "color": "#ff0000"}], "classifications": []})
    _, body = _post_image(project.pk, "mask-size.png", flat_png(MASK_SIDE, MASK_SIDE))
    return {"project": project.pk, "mask_asset": body[0]["id"], "class": version.document["classes"][0]["id"]}


def case_upload(ids: dict[str, int]) -> str:
    from tests.hardening.images import flat_png

    data = flat_png(SIDE, SIDE)
    peak, before = PeakRss(), rss_mib()
    status, body = _post_image(ids["project"], "huge.png", data)
    high = peak.stop()
    return f"{status} {SIDE}x{SIDE} PNG of {len(data) / 1e6:.2f} MB: peak {high:.0f} MiB (+{high - before:.0f})"


def case_thumbnail(ids: dict[str, int]) -> str:
    from labelplatform.assets.models import Asset
    from labelplatform.assets.services import thumbnail_make

    asset = Asset.objects.filter(project_id=ids["project"], width=SIDE).last()
    if asset is None:
        return "no uploaded asset (the upload case failed)"
    peak, before = PeakRss(), rss_mib()
    thumbnail_make(asset=asset)
    high = peak.stop()
    return f"thumbnail of {SIDE}x{SIDE}: peak {high:.0f} MiB (+{high - before:.0f})"


def case_counts(ids: dict[str, int]) -> str:
    class_id = ids["class"]
    runs = MASK_SIDE * MASK_SIDE  # a checkerboard column by column: every run is one pixel
    body = json.dumps({"objects": [{"class": class_id, "mask": {
        "size": [MASK_SIDE, MASK_SIDE], "counts": "111" + "0" * (runs - 3)}}]})
    peak, before = PeakRss(), rss_mib()
    response = _client().post(f"/api/v1/assets/{ids['mask_asset']}/labels", body, content_type="application/json")
    high = peak.stop()
    detail = response.json().get("detail", "stored") if response.status_code >= 400 else "stored"
    return f"{response.status_code} {runs} runs ({detail[:80]}): peak {high:.0f} MiB (+{high - before:.0f})"


def child(name: str, ids_json: str) -> None:
    _django()
    if name == "setup":
        print(json.dumps(setup()))
    else:
        print(globals()[f"case_{name}"](json.loads(ids_json)))


def parent() -> None:
    env = {**os.environ, "DATABASE_URL": scratch_database(BENCH_DB), "MEDIA_ROOT": str(MEDIA),
           "ALLOWED_HOSTS": "testserver",
           "DJANGO_SETTINGS_MODULE": "labelplatform.settings"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)

    def run(name: str, ids: str = "{}") -> str:
        out = subprocess.run([sys.executable, __file__, name, ids], cwd=ROOT, env=env, check=True,
                             stdout=subprocess.PIPE, text=True)
        return out.stdout.strip().splitlines()[-1]

    ids = run("setup")
    print(f"{load()}; each case in a fresh process (peak VmRSS, and what the case added)")
    for name in ("upload", "thumbnail", "counts"):
        print(f"{name}: {run(name, ids)}")


if __name__ == "__main__":
    child(sys.argv[1], sys.argv[2]) if len(sys.argv) > 2 else parent()
