"""Syncing a customer's bucket against uploading the same images: time per image and bytes the platform
stores, with moto_server as the bucket (on this machine: the network is a loopback socket).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/buckets.py

IMAGES (100) synthetic 1024x768 PNGs (gradients with a little noise, photo-like sizes) are put under a
prefix; then, on a scratch database (BENCH_DB, default labelplatform_bench_buckets):
0. bare boto3 GETs of every object, one after another (what the bucket itself costs),
1. a first sync (list, read each object once for the check and its thumbnail, register),
2. a second sync (listing only: nothing new),
3. `assets_upload` of the same files (check, copy into media storage; its thumbnails job not run).
Wall and CPU time (process_time: this process, all its threads; moto's own CPU is not counted) and
the bytes written under MEDIA_ROOT after each step. On a shared machine the CPU time is the figure to
read: a sync's includes each image's thumbnail, the upload's does not (its thumbnails job is not run).
"""

import io
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("BENCH_DB", "labelplatform_bench_buckets")

from bench.scratch import database_url, scratch_database  # noqa: E402

IMAGES = int(os.environ.get("IMAGES", "100"))
ROOT = Path(__file__).resolve().parent.parent
MEDIA = Path(os.environ.get("BENCH_MEDIA", "/tmp/labelplatform-bench-buckets-media"))


def png(seed: int) -> bytes:
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:768, 0:1024]
    base = np.stack([(x * 255 // 1024), (y * 255 // 768), ((x + y + seed * 7) % 256)], axis=2)
    pixels = (base + rng.integers(0, 8, base.shape)).clip(0, 255).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "PNG")
    return out.getvalue()


def media_bytes() -> int:
    return sum(p.stat().st_size for p in MEDIA.rglob("*") if p.is_file())


def main() -> None:
    import shutil
    import socket

    shutil.rmtree(MEDIA, ignore_errors=True)
    scratch_database(os.environ["BENCH_DB"])
    os.environ.update({"DATABASE_URL": database_url(os.environ["BENCH_DB"]), "MEDIA_ROOT": str(MEDIA),
                       "DJANGO_SETTINGS_MODULE": "labelplatform.settings", "OUTBOUND_ALLOW_HOSTS": "127.0.0.1"})
    os.environ.pop("REDIS_URL", None)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    moto = subprocess.Popen([str(ROOT / ".venv/bin/moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        run(f"http://127.0.0.1:{port}")
    finally:
        moto.terminate()
        moto.wait(15)


def run(endpoint: str) -> None:
    import boto3
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from labelplatform.assets.services import assets_upload
    from labelplatform.buckets.services import source_attach
    from labelplatform.buckets.sync import bucket_sync
    from labelplatform.jobs.models import Job
    from labelplatform.jobs.progress import Progress
    from labelplatform.projects.services import project_create

    for _ in range(60):
        try:
            s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="k",
                              aws_secret_access_key="s")
            s3.create_bucket(Bucket="customer")
            break
        except Exception:
            time.sleep(0.5)
    images = [png(i) for i in range(IMAGES)]
    for i, data in enumerate(images):
        s3.put_object(Bucket="customer", Key=f"photos/{i:05d}.png", Body=data)
    total = sum(map(len, images))
    print(f"{IMAGES} PNGs 1024x768, {total / IMAGES / 1024:.0f} KiB each, {total / 2**20:.1f} MiB in all")
    user = User.objects.create_user("bench")
    project = project_create(user=user, name="bench")
    source = source_attach(project=project, user=user, name="customer", endpoint_url=endpoint, bucket="customer",
                           prefix="photos/", region="us-east-1", access_key_id="k", secret_access_key="s")

    def timed(what: str, work) -> None:  # type: ignore[no-untyped-def]
        wall, cpu = time.perf_counter(), time.process_time()
        outcome = work()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"{what:34s} wall {wall:6.2f} s ({wall / IMAGES * 1000:5.1f} ms/image)  cpu {cpu:6.2f} s  "
              f"media {media_bytes() / 2**20:7.1f} MiB  {outcome}")

    def sync() -> str:
        job = Job.objects.create(kind="bucket_sync", project=project, params={"source": source.pk}, status="running")
        result = bucket_sync(source, Progress(job))
        return f"registered {result['registered']}"

    def bare_gets() -> str:
        read = sum(len(s3.get_object(Bucket="customer", Key=f"photos/{i:05d}.png")["Body"].read())
                   for i in range(IMAGES))
        return f"read {read / 2**20:.1f} MiB"

    timed("bare GETs, one by one (the bucket)", bare_gets)
    timed("sync, first (read once, register)", sync)
    timed("sync, second (listing only)", sync)
    upload_project = project_create(user=user, name="upload")

    def upload() -> str:
        files = [SimpleUploadedFile(f"{i:05d}.png", data) for i, data in enumerate(images)]
        return f"stored {len(assets_upload(project=upload_project, user=user, files=files))}"

    timed("assets_upload of the same files", upload)


if __name__ == "__main__":
    main()
