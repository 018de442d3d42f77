"""Upload of 200 synthetic 1024x768 PNGs: where the server's time goes, and the CLI's upload end to end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/upload.py

The issue's reference (issue 17): the same kind of upload takes 2.7 s into Label Studio 1.23.2 and
4.0 s into this platform on the issue's machine. Images (IMAGES, 200) are smooth gradients with
shapes and a little noise, about the size of photos' PNGs; they are made once into a folder
(BENCH_IMAGES, default /tmp/labelplatform-bench-upload).

1. server, in process: `assets_upload` over all the images on a scratch database (BENCH_DB,
   default labelplatform_bench_upload), with the checks and writes on 1 thread (as before) and on
   UPLOAD_THREADS; the 1-thread run under cProfile prints where the time goes (own time: the PNG
   stream's inflate, CRCs and hashing, storage writes, rows).
2. server over HTTP: the same images POSTed to gunicorn (2 workers x 2 threads), UPLOAD_BATCH (16)
   per request and CONCURRENCY (4) requests at a time, as the SDK sends them.
3. CLI: `labelplatform upload PROJECT DIR --concurrency N` timed as a subprocess (its start-up included).
Each timed case runs REPEAT (3) times (fresh project each); the fastest is shown with every run.
"""

import cProfile
import io
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BENCH_DB", "labelplatform_bench_upload")
from bench.exports import load  # noqa: E402
from bench.pull import gunicorn  # noqa: E402
from bench.scratch import database_url, scratch_database  # noqa: E402

BENCH_DB = os.environ["BENCH_DB"]
IMAGES = int(os.environ.get("IMAGES", "200"))
REPEAT = int(os.environ.get("REPEAT", "3"))
CONCURRENCY = int(os.environ.get("CONCURRENCY", "4"))
FOLDER = Path(os.environ.get("BENCH_IMAGES", "/tmp/labelplatform-bench-upload"))
WIDTH, HEIGHT = 1024, 768


def make_images() -> list[Path]:
    import numpy as np
    from PIL import Image, ImageDraw

    FOLDER.mkdir(parents=True, exist_ok=True)
    paths = [FOLDER / f"synthetic_{n:04d}.png" for n in range(IMAGES)]
    if all(p.exists() for p in paths):
        return paths
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH]
    for n, path in enumerate(paths):
        rng = np.random.default_rng(n)
        base = np.stack([(xx * (n % 7 + 1) / 8) % 256, (yy * (n % 5 + 1) / 6) % 256, (xx + yy) % 256], -1)
        pixels = (base + rng.normal(0, 6, base.shape)).clip(0, 255).astype(np.uint8)
        image = Image.fromarray(pixels)
        draw = ImageDraw.Draw(image)
        for _ in range(12):
            x, y = int(rng.integers(0, WIDTH - 200)), int(rng.integers(0, HEIGHT - 150))
            draw.ellipse([x, y, x + int(rng.integers(40, 200)), y + int(rng.integers(30, 150))],
                         fill=tuple(int(v) for v in rng.integers(0, 255, 3)))
        image.save(path, "PNG")
    return paths


def setup() -> None:
    scratch_database(BENCH_DB)
    os.environ["DATABASE_URL"] = database_url(BENCH_DB)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labelplatform.settings")
    os.environ["MEDIA_ROOT"] = os.environ.get("BENCH_MEDIA", "/tmp/labelplatform-bench-upload-media")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def in_process(paths: list[Path]) -> None:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile

    from labelplatform.assets import services
    from labelplatform.projects.services import project_create

    user = User.objects.get_or_create(username="bench")[0]
    blobs = [(p.name, p.read_bytes()) for p in paths]
    threads = services.UPLOAD_THREADS
    profile = cProfile.Profile()
    for label, count in (("1 thread", 1), (f"{threads} threads", threads)):
        services.UPLOAD_THREADS = count
        runs = []
        for run in range(REPEAT):
            project = project_create(user=user, name=f"in-process-{count}-{run}")
            files = [SimpleUploadedFile(name, data, content_type="image/png") for name, data in blobs]
            profiled = count == 1 and run == 0
            started = time.perf_counter()
            if profiled:
                profile.enable()
            services.assets_upload(project=project, user=user, files=files)
            if profiled:
                profile.disable()
            runs.append(time.perf_counter() - started)
        print(f"server in process, assets_upload, {label}: {min(runs):6.2f} s  "
              f"[runs {' '.join(f'{t:.2f}' for t in runs)}]  {min(runs) / IMAGES * 1000:.1f} ms per image", flush=True)
    services.UPLOAD_THREADS = threads
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(10)
    print("where the time goes (1 thread, first run, by own time):")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))


def over_http(paths: list[Path]) -> None:
    from django.contrib.auth.models import User
    from rest_framework.authtoken.models import Token

    from labelplatform.client import Client
    from labelplatform.projects.services import project_create

    user = User.objects.get_or_create(username="bench")[0]
    token = Token.objects.get_or_create(user=user)[0].key
    port = 19000 + os.getpid() % 1000
    server = gunicorn(port)
    url = f"http://127.0.0.1:{port}"
    try:
        sdk, cli = [], []
        for run in range(REPEAT):
            project = project_create(user=user, name=f"http-{run}")
            with Client(url, token) as lp:
                started = time.perf_counter()
                created = lp.assets.upload(project.pk, paths, concurrency=CONCURRENCY)
                sdk.append(time.perf_counter() - started)
            assert len(created) == IMAGES
            project = project_create(user=user, name=f"cli-{run}")
            env = {**os.environ, "LABELPLATFORM_URL": url, "LABELPLATFORM_TOKEN": token}
            started = time.perf_counter()
            subprocess.run([str(Path(sys.executable).parent / "labelplatform"), "upload", str(project.pk),
                            str(FOLDER), "--concurrency", str(CONCURRENCY), "--json"], check=True, env=env,
                           capture_output=True)
            cli.append(time.perf_counter() - started)
    finally:
        server.terminate()
        server.wait(30)
    for what, runs in (("SDK upload over HTTP", sdk), ("CLI `labelplatform upload`", cli)):
        print(f"{what} (concurrency {CONCURRENCY}): {min(runs):6.2f} s  "
              f"[runs {' '.join(f'{t:.2f}' for t in runs)}]")


def main() -> None:
    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)
    paths = make_images()
    megabytes = sum(p.stat().st_size for p in paths) / 2**20
    print(f"== {IMAGES} PNGs {WIDTH}x{HEIGHT}, {megabytes:.0f} MiB  ({load()})")
    setup()
    in_process(paths)
    over_http(paths)
    print("reference (issue 17, its machine): Label Studio 1.23.2 2.7 s, this platform 4.0 s")


if __name__ == "__main__":
    main()
