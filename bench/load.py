"""Load: N labelers claiming and submitting through gunicorn on PostgreSQL, as docker-compose runs it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/8 \
        .venv/bin/python bench/load.py            LABELERS=50 SECONDS=300 WORKERS=4 THREADS=4

Uses a scratch database `labelplatform_load`. gunicorn runs with the web service's workers and
threads from docker-compose.yml (4 x 4) on 127.0.0.1. Each labeler (a thread with its own
keep-alive session; PROCESSES client processes share them) loops: POST projects/{id}/queue/next,
then POST assets/{id}/labels with a submitted one-object label. Prints errors (any answer but
200/201, or 204 before the queue is empty), double claims (an asset served twice, or with more
than one label in the database), p50/p95/p99 per request, and where the time goes: the server's
own time per request (gunicorn's access log, %(D)s) against what the client waited, and the CPU
seconds of gunicorn, PostgreSQL and the client processes over the run.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import multiprocessing  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402

import numpy as np  # noqa: E402

from bench.scratch import scratch_database  # noqa: E402

LABELERS = int(os.environ.get("LABELERS", "50"))
SECONDS = float(os.environ.get("SECONDS", "300"))
WORKERS, THREADS = os.environ.get("WORKERS", "4"), os.environ.get("THREADS", "4")  # docker-compose.yml web
PROCESSES = int(os.environ.get("PROCESSES", "2"))  # client processes: one GIL would be the bottleneck
ASSETS = int(os.environ.get("ASSETS", "30000"))
# Requests started in the first WARM_UP seconds are not timed: each gunicorn worker loads Django and
# prepares its statements on its first requests (errors are still counted).
WARM_UP = float(os.environ.get("WARM_UP", "20"))
ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

os.environ["DATABASE_URL"] = scratch_database("labelplatform_load")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labelplatform.settings")
import django  # noqa: E402

django.setup()
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from labelplatform.assets.models import Asset  # noqa: E402
from labelplatform.labels.models import Label  # noqa: E402
from labelplatform.projects.models import Membership, Role  # noqa: E402
from labelplatform.projects.services import ontology_save, project_create  # noqa: E402

HEIGHT, WIDTH = 480, 640
# one car, a 100x150 rectangle at (150, 100): COCO RLE of the 480x640 asset, made once
MASK = np.zeros((HEIGHT, WIDTH), np.uint8)
MASK[100:200, 150:300] = 1


def setup() -> tuple[int, list[str]]:
    from pycocotools import mask as coco

    call_command("migrate", verbosity=0)
    manager = User.objects.create_user("manager", password="x")
    project = project_create(user=manager, name="load", description="", settings={"labels_per_asset": 1,
                                                                                    "review_fraction": 0.0})
    ontology_save(project=project, user=manager, document={"classes": [
        {"name": "car", "color": "#ff0000", "kind": "thing"}], "classifications": []})
    Asset.objects.bulk_create([Asset(project=project, name=f"{i}.png", file="", width=WIDTH, height=HEIGHT,
                                     size_bytes=1, sha256="0" * 64, mime_type="image/png")
                               for i in range(ASSETS)], batch_size=5000)
    tokens = []
    for i in range(LABELERS):
        user = User.objects.create_user(f"labeler{i}", password="x")
        Membership.objects.create(project=project, user=user, role=Role.LABELER)
        tokens.append(Token.objects.create(user=user).key)
    encoded = coco.encode(np.asfortranarray(MASK))
    global BODY
    BODY = {"objects": [{"class": 1, "mask": {"size": [HEIGHT, WIDTH], "counts": encoded["counts"].decode()},
                         "attributes": {}}], "classifications": {}, "status": "submitted", "time_spent_s": 5}
    return project.pk, tokens


BODY: dict[str, object] = {}


Record = tuple[str, float, int, int, float]  # request, seconds, status, asset, start (perf_counter)


def labeler(base: str, project_id: int, token: str, until: float, out: list[Record]) -> None:
    import requests

    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    while time.monotonic() < until:
        t0 = time.perf_counter()
        served = session.post(f"{base}/api/v1/projects/{project_id}/queue/next")
        out.append(("POST queue/next", time.perf_counter() - t0, served.status_code, 0, t0))
        if served.status_code != 200:
            return
        asset = served.json()["asset"]["id"]
        t0 = time.perf_counter()
        saved = session.post(f"{base}/api/v1/assets/{asset}/labels", json=BODY)
        out.append(("POST assets/{id}/labels", time.perf_counter() - t0, saved.status_code, asset, t0))


def client(base: str, project_id: int, tokens: list[str], until: float, queue: "multiprocessing.Queue[object]") -> None:
    out: list[Record] = []
    threads = [threading.Thread(target=labeler, args=(base, project_id, t, until, out)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    usage = os.times()
    queue.put((out, usage.user + usage.system))


def cpu_seconds(pids: list[int], with_children: bool = False) -> float:
    """utime + stime; with_children adds the time of children that exited (a server's backends)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if with_children else 0)
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def postgres_cpu() -> float:
    """PostgreSQL's CPU so far: the postmaster with its exited backends, plus the live backends."""
    pids = pids_named("postgres")
    parents = {pid: int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]) for pid in pids}
    masters = [pid for pid, parent in parents.items() if parent not in parents]
    return cpu_seconds(masters, with_children=True) + cpu_seconds([p for p in pids if p not in masters])


def pids_named(name: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip().startswith(name):
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def children(pid: int) -> list[int]:
    listed = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [pid, *map(int, listed)]


def percentiles(values: list[float]) -> str:
    p50, p95, p99 = np.percentile(np.array(values) * 1000, [50, 95, 99])
    return f"p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  p99 {p99:7.1f} ms"


def main() -> None:
    import socket

    project_id, tokens = setup()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    log = Path("/tmp/labelplatform_load_access.log")
    log.unlink(missing_ok=True)
    env = {**os.environ, "DB_CONN_MAX_AGE": os.environ.get("DB_CONN_MAX_AGE", "60")}
    web = subprocess.Popen([str(BIN / "gunicorn"), "labelplatform.wsgi:application", "--bind", f"127.0.0.1:{port}",
                            "--workers", WORKERS, "--threads", THREADS, "--timeout", "120",
                            "--access-logfile", str(log), "--access-logformat", '%(m)s %(U)s %(s)s %(D)s'],
                           cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        time.sleep(2)
        with open("/proc/loadavg") as f:
            load_before = f.read().split()[:3]
        web_pids = children(web.pid)
        web_cpu0, pg_cpu0 = cpu_seconds(web_pids), postgres_cpu()
        queue: multiprocessing.Queue[object] = multiprocessing.Queue()
        until = time.monotonic() + SECONDS
        started, timed_from = time.monotonic(), time.perf_counter() + WARM_UP
        shares = [tokens[i::PROCESSES] for i in range(PROCESSES)]
        procs = [multiprocessing.Process(target=client, args=(base, project_id, share, until, queue))
                 for share in shares]
        for proc in procs:
            proc.start()
        results = [queue.get() for _ in procs]
        for proc in procs:
            proc.join()
        wall = time.monotonic() - started
        web_cpu, pg_cpu = cpu_seconds(web_pids) - web_cpu0, postgres_cpu() - pg_cpu0
        with open("/proc/loadavg") as f:
            load_after = f.read().split()[:3]
    finally:
        web.terminate()
        web.wait(30)
    requests_done = [r for out, _ in results for r in out]  # type: ignore[attr-defined]
    client_cpu = sum(cpu for _, cpu in results)  # type: ignore[misc]
    by_kind: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    served_assets: Counter[int] = Counter()
    for kind, seconds, code, asset, t0 in requests_done:
        if t0 >= timed_from:
            by_kind[kind].append(seconds)
        if kind.endswith("labels"):
            served_assets[asset] += 1
        if code not in (200, 201):
            errors[f"{kind} {code}"] += 1
    server: dict[str, list[float]] = defaultdict(list)
    warm = sum(1 for r in requests_done if r[4] < timed_from)
    for line in log.read_text().splitlines()[warm:]:  # in the order they ended: the warm-up's about first
        method, path, _code, micros = line.split()
        kind = "POST queue/next" if path.endswith("/queue/next") else "POST assets/{id}/labels"
        server[kind].append(int(micros) / 1e6)
    twice = sum(1 for n in served_assets.values() if n > 1)
    labels = Label.objects.filter(asset__project_id=project_id).values("asset_id")
    multi = Counter(row["asset_id"] for row in labels)
    double_in_db = sum(1 for n in multi.values() if n > 1)
    submits = sum(1 for r in requests_done if r[0].endswith("labels"))
    print(f"{LABELERS} labelers, {wall:.0f} s, gunicorn {WORKERS} workers x {THREADS} threads, "
          f"{PROCESSES} client processes; load average before {' '.join(load_before)}, after {' '.join(load_after)}")
    print(f"requests {len(requests_done)} ({len(requests_done) / wall:.1f}/s), submits {submits} "
          f"({submits / wall:.1f}/s), labels in the database {len(labels)}")
    print(f"errors {sum(errors.values())} {dict(errors)}; double claims {twice} (served twice), "
          f"{double_in_db} (assets with more than one label)")
    for kind in sorted(by_kind):
        print(f"{kind:26s} client {percentiles(by_kind[kind])}   n={len(by_kind[kind])}")
        if server[kind]:
            print(f"{'':26s} server {percentiles(server[kind])}   (gunicorn's time in the request)")
    cores = os.cpu_count() or 1
    print(f"CPU over the run ({cores} cores, {wall * cores:.0f} core-s): gunicorn {web_cpu:.0f} s, "
          f"PostgreSQL {pg_cpu:.0f} s (all its processes), load clients {client_cpu:.0f} s")


if __name__ == "__main__":
    main()
