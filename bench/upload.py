"""Upload of 200 synthetic 1024x768 PNGs: where the server's time goes, and the CLI's upload end to end,
side by side with Label Studio 1.23.2 on the same machine when one is set up.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/upload.py

The issue's reference (issue 17): the same kind of upload takes 2.7 s into Label Studio 1.23.2 and
4.0 s into this platform on the issue's machine. Images (IMAGES, 200) are smooth gradients with
shapes and a little noise, about the size of photos' PNGs; they are made once into a folder
(BENCH_IMAGES, default /tmp/labelplatform-bench-upload). The scratch database's media (BENCH_MEDIA) and
VAR_DIR (BENCH_VAR: the filesystem broker the upload's job messages go to, not the checkout's var/) are
emptied at each start; MobileSAM comes from the checkout's var/models when installed there, so the
upload makes the embedding jobs it makes in use.

Every figure is wall time and CPU time: on a machine shared with other work the wall time says
little, the CPU time (process_time in process; the gunicorn master's and workers' user + system
time over HTTP, from /proc) is what the server spent per image.

1. server, in process: `assets_upload` over all the images on a scratch database (BENCH_DB,
   default labelplatform_bench_upload), with the checks and writes on 1 thread and on
   UPLOAD_THREADS; the 1-thread run under cProfile prints where the time goes (own time).
2. server over HTTP: the same images POSTed to gunicorn (2 workers x 2 threads), UPLOAD_BATCH (16)
   per request and CONCURRENCY (4) requests at a time, as the SDK sends them.
3. CLI: `labelplatform upload PROJECT DIR --concurrency N` timed as a subprocess (its start-up included).
4. Label Studio, when LABEL_STUDIO_VENV names a virtualenv with label-studio==1.23.2 (not a
   dependency of ours): its WSGI app under the same gunicorn settings, the same images POSTed to
   `api/projects/{id}/import` with the same batches and concurrency (one form field per file: it
   keeps one file per field name). Set it up once, in its own venv and database:

       python3.11 -m venv /tmp/lsvenv && /tmp/lsvenv/bin/pip install label-studio==1.23.2 \
           'sentry-sdk<3' gunicorn
       createdb -h 127.0.0.1 -U postgres lp_upload_ls
       LABEL_STUDIO_BASE_DATA_DIR=/tmp/lsdata DJANGO_DB=default POSTGRE_NAME=lp_upload_ls \
           POSTGRE_USER=postgres POSTGRE_PASSWORD= POSTGRE_HOST=127.0.0.1 POSTGRE_PORT=5432 \
           /tmp/lsvenv/bin/label-studio init bench --username bench@example.com \
           --password benchbench123 --user-token "$LABEL_STUDIO_TOKEN" --no-browser
       psql -h 127.0.0.1 -U postgres lp_upload_ls \
           -c "UPDATE jwt_auth_jwtsettings SET legacy_api_tokens_enabled = true"

   then LABEL_STUDIO_VENV=/tmp/lsvenv LABEL_STUDIO_DATA=/tmp/lsdata LABEL_STUDIO_DB=lp_upload_ls
   LABEL_STUDIO_TOKEN=<the token>.
The platform's and Label Studio's runs alternate, REPEAT (3) times each (a fresh project each);
the fastest is shown with every run.
"""

import cProfile
import io
import os
import pstats
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BENCH_DB", "labelplatform_bench_upload")
from bench.exports import load  # noqa: E402
from bench.pull import gunicorn  # noqa: E402
from bench.scratch import database_url, scratch_database  # noqa: E402
from labelplatform.client.resources import UPLOAD_BATCH  # noqa: E402  the SDK's, for Label Studio's requests too

BENCH_DB = os.environ["BENCH_DB"]
IMAGES = int(os.environ.get("IMAGES", "200"))
REPEAT = int(os.environ.get("REPEAT", "3"))
CONCURRENCY = int(os.environ.get("CONCURRENCY", "4"))
FOLDER = Path(os.environ.get("BENCH_IMAGES", "/tmp/labelplatform-bench-upload"))
WIDTH, HEIGHT = 1024, 768
LABEL_STUDIO_VENV = os.environ.get("LABEL_STUDIO_VENV", "")
LS_CONFIG = ('<View><Image name="image" value="$image"/><BrushLabels name="tag" toName="image">'
             '<Label value="car"/></BrushLabels></View>')
TICK = os.sysconf("SC_CLK_TCK")
WARM_UP = 8  # one-image requests to each server before the timed runs: 2 workers x 2 threads, twice over


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
    # the scratch database's files and job messages: emptied each run, away from the checkout's var/ (whose
    # filesystem broker a worker of another database could read); the checkout's models, so the upload makes
    # the embedding jobs it makes in use
    media = Path(os.environ.get("BENCH_MEDIA", "/tmp/labelplatform-bench-upload-media"))
    var = Path(os.environ.get("BENCH_VAR", "/tmp/labelplatform-bench-upload-var"))
    for folder in (media, var):
        shutil.rmtree(folder, ignore_errors=True)
    os.environ.setdefault("MODELS_ROOT", str(ROOT / "var" / "models"))
    os.environ.update({"MEDIA_ROOT": str(media), "VAR_DIR": str(var)})
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def tree_cpu(pid: int) -> float:
    """User + system CPU seconds of a process and its live children (gunicorn's master and workers)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(entry.name) == pid or int(fields[1]) == pid:  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / TICK  # utime, stime
    return total


class Runs:
    """Wall and CPU seconds of each run of one case; prints the fastest (by wall) with every run."""

    def __init__(self, what: str) -> None:
        self.what, self.walls, self.cpus = what, [], []  # type: ignore[var-annotated]

    def add(self, wall: float, cpu: float) -> None:
        self.walls.append(wall)
        self.cpus.append(cpu)

    def line(self) -> str:
        best = min(range(len(self.walls)), key=self.walls.__getitem__)
        wall, cpu = self.walls[best], self.cpus[best]
        runs = " ".join(f"{w:.2f}/{c:.2f}" for w, c in zip(self.walls, self.cpus, strict=True))
        each = f"wall {wall / IMAGES * 1000:5.1f} ms, cpu {cpu / IMAGES * 1000:5.1f} ms"
        return f"{self.what:44s} wall {wall:6.2f} s  cpu {cpu:6.2f} s  per image: {each}  [wall/cpu s: {runs}]"


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
        runs = Runs(f"server in process, assets_upload, {label}")
        for run in range(REPEAT):
            project = project_create(user=user, name=f"in-process-{count}-{run}")
            files = [SimpleUploadedFile(name, data, content_type="image/png") for name, data in blobs]
            profiled = count == 1 and run == 0
            started, cpu = time.perf_counter(), time.process_time()
            if profiled:
                profile.enable()
            services.assets_upload(project=project, user=user, files=files)
            if profiled:
                profile.disable()
            runs.add(time.perf_counter() - started, time.process_time() - cpu)
        print(runs.line(), flush=True)
    services.UPLOAD_THREADS = threads
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(10)
    print("where the time goes (1 thread, first run, by own time; profiled, so slower than above):")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))


def label_studio_server(port: int) -> subprocess.Popen[bytes]:
    """Label Studio's WSGI app under the same gunicorn settings as ours (bench/pull.py's gunicorn)."""
    venv = Path(LABEL_STUDIO_VENV)
    app = next((venv / "lib").glob("python3*/site-packages/label_studio"))
    env = {**os.environ, "LABEL_STUDIO_BASE_DATA_DIR": os.environ.get("LABEL_STUDIO_DATA", "/tmp/lsdata"),
           "DJANGO_DB": "default", "POSTGRE_NAME": os.environ.get("LABEL_STUDIO_DB", "lp_upload_ls"),
           "POSTGRE_USER": "postgres", "POSTGRE_PASSWORD": "", "POSTGRE_HOST": "127.0.0.1", "POSTGRE_PORT": "5432",
           "DJANGO_SETTINGS_MODULE": "core.settings.label_studio", "DEBUG": "false", "LOG_LEVEL": "WARNING"}
    for name in ("DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "BENCH_DB"):
        env.pop(name, None)
    args = [str(venv / "bin" / "gunicorn"), "--chdir", str(app), "core.wsgi:application", "--bind",
            f"127.0.0.1:{port}", "--workers", "2", "--threads", "2", "--timeout", "300"]
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import httpx

    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    process.kill()
    raise RuntimeError("Label Studio did not start")


def label_studio_upload(url: str, paths: list[Path], batch: int = UPLOAD_BATCH, concurrency: int = CONCURRENCY) -> int:
    """The images into a new Label Studio project, `batch` per request, `concurrency` at a time; tasks made."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    headers = {"Authorization": f"Token {os.environ['LABEL_STUDIO_TOKEN']}"}
    with httpx.Client(base_url=url, headers=headers, timeout=300,
                      limits=httpx.Limits(max_connections=32, max_keepalive_connections=16)) as ls:
        project = ls.post("/api/projects", json={"title": "bench", "label_config": LS_CONFIG}).json()["id"]

        def send(group: list[Path]) -> int:
            handles = [p.open("rb") for p in group]
            try:
                parts = [(p.name, (p.name, h, "image/png")) for p, h in zip(group, handles, strict=True)]
                answer = ls.post(f"/api/projects/{project}/import", files=parts)
            finally:
                for handle in handles:
                    handle.close()
            answer.raise_for_status()
            return int(answer.json()["task_count"])

        batches = [paths[i:i + batch] for i in range(0, len(paths), batch)]
        with ThreadPoolExecutor(concurrency) as pool:
            return sum(pool.map(send, batches))


@contextmanager
def timed(runs: Runs, server: subprocess.Popen[bytes]) -> Iterator[None]:
    started, cpu = time.perf_counter(), tree_cpu(server.pid)
    yield
    runs.add(time.perf_counter() - started, tree_cpu(server.pid) - cpu)


def over_http(paths: list[Path]) -> None:
    from django.contrib.auth.models import User
    from rest_framework.authtoken.models import Token

    from labelplatform.client import Client
    from labelplatform.projects.services import project_create

    user = User.objects.get_or_create(username="bench")[0]
    token = Token.objects.get_or_create(user=user)[0].key
    port = 19000 + os.getpid() % 1000
    servers = [gunicorn(port)]
    url = f"http://127.0.0.1:{port}"
    ls_url = f"http://127.0.0.1:{port + 1}"
    sdk = Runs(f"SDK upload over HTTP (concurrency {CONCURRENCY})")
    cli = Runs(f"CLI `labelplatform upload` (concurrency {CONCURRENCY})")
    ls = Runs(f"Label Studio 1.23.2 import (concurrency {CONCURRENCY})")
    try:
        if LABEL_STUDIO_VENV:
            servers.append(label_studio_server(port + 1))
        # every worker thread's first request imports the views' modules: not part of an upload's cost
        warm = paths[:WARM_UP]
        with Client(url, token) as lp:
            lp.assets.upload(project_create(user=user, name="warm-up").pk, warm, concurrency=WARM_UP, batch=1)
        if LABEL_STUDIO_VENV:
            label_studio_upload(ls_url, warm, batch=1, concurrency=WARM_UP)
        for run in range(REPEAT):
            project = project_create(user=user, name=f"http-{run}")
            with Client(url, token) as lp, timed(sdk, servers[0]):
                lp.assets.upload(project.pk, paths, concurrency=CONCURRENCY)
            assert project.assets.count() == IMAGES
            project = project_create(user=user, name=f"cli-{run}")
            env = {**os.environ, "LABELPLATFORM_URL": url, "LABELPLATFORM_TOKEN": token}
            command = [str(Path(sys.executable).parent / "labelplatform"), "upload", str(project.pk), str(FOLDER),
                       "--concurrency", str(CONCURRENCY), "--json"]
            with timed(cli, servers[0]):
                subprocess.run(command, check=True, env=env, capture_output=True)
            assert project.assets.count() == IMAGES
            if LABEL_STUDIO_VENV:
                with timed(ls, servers[1]):
                    made = label_studio_upload(ls_url, paths)
                assert made == IMAGES, made
    finally:
        for server in servers:
            server.terminate()
            server.wait(30)
    print("(server cpu: gunicorn's master and workers; the CLI's own start-up and client work are in its wall only)")
    for runs in (sdk, cli, ls) if LABEL_STUDIO_VENV else (sdk, cli):
        print(runs.line())


def main() -> None:
    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)
    paths = make_images()
    megabytes = sum(p.stat().st_size for p in paths) / 2**20
    print(f"== {IMAGES} PNGs {WIDTH}x{HEIGHT}, {megabytes:.0f} MiB  ({load()})")
    setup()
    in_process(paths)
    over_http(paths)
    print(f"({load()})")
    print("reference (issue 17, its machine): Label Studio 1.23.2 2.7 s, this platform 4.0 s")


if __name__ == "__main__":
    main()
