"""`labelplatform pull` against reading the same label stream with bare HTTP calls, over gunicorn.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/pull.py

Synthesises a project of ASSETS (10000) 1920x1080 assets, one submitted label of 20 objects each
(bench/exports.py's synthesis: COPY, a few realistic RLEs reused) into a scratch database
(BENCH_DB, default labelplatform_bench_pull; BENCH_REUSE=1 keeps an earlier one), starts gunicorn
on it, then runs each case REPEAT (3) times in a fresh process (the fastest is shown, with every run,
and the highest peak memory: VmRSS sampled every 10 ms, minus VmRSS before the case):

- bare: GET projects/{id}/labels page by page (page_size 500, the server's maximum), each page
  decoded as JSON and dropped: the least any client of the stream does.
- pull: the SDK's `Client.pull` into a fresh folder (labels/<id>.json per label, atomically
  renamed, and the state file): what `labelplatform pull PROJECT DIR` runs.

The target (issue 17): pull within 1.5x of bare, and flat memory (the peak does not grow with the
project).
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BENCH_DB", "labelplatform_bench_pull")
from bench.exports import PeakRss, load, rss_mib, synthesise_projects  # noqa: E402
from bench.scratch import database_url  # noqa: E402

BENCH_DB = os.environ["BENCH_DB"]
ASSETS = int(os.environ.get("ASSETS", "10000"))
REPEAT = int(os.environ.get("REPEAT", "3"))
PAGE = 500


def prepare() -> tuple[int, str]:
    """(project id, manager token), synthesised unless BENCH_REUSE finds them."""
    import psycopg

    url = database_url(BENCH_DB).replace("postgres://", "postgresql://", 1)
    if os.environ.get("BENCH_REUSE"):
        try:
            with psycopg.connect(url) as conn:
                row = conn.execute("SELECT p.id, t.key FROM projects_project p, authtoken_token t "
                                   "WHERE p.name = %s", [f"pull-{ASSETS}"]).fetchone()
            if row:
                print("reusing", BENCH_DB)
                return int(row[0]), str(row[1])
        except psycopg.OperationalError:
            pass
    user, ids = synthesise_projects({f"pull-{ASSETS}": ASSETS})
    from rest_framework.authtoken.models import Token

    return ids[f"pull-{ASSETS}"], Token.objects.create(user=user).key


def gunicorn(port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "labelplatform.settings", "DATABASE_URL": database_url(BENCH_DB),
           "SECRET_KEY": "bench-secret-key-not-for-production", "DEBUG": "false"}
    env.pop("REDIS_URL", None)
    args = [str(Path(sys.executable).parent / "gunicorn"), "labelplatform.wsgi:application", "--bind",
            f"127.0.0.1:{port}", "--workers", "2", "--threads", "2", "--timeout", "300"]
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import httpx

    for _ in range(150):
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def parent() -> None:
    project, token = prepare()
    port = 18000 + os.getpid() % 1000
    server = gunicorn(port)
    try:
        url = f"http://127.0.0.1:{port}"
        print(f"== pull of {ASSETS} labeled assets x 20 objects  ({load()}); fastest of {REPEAT} fresh processes")
        figures = {case: child(case, url, token, project) for case in ("bare", "pull")}
    finally:
        server.terminate()
        server.wait(30)
    for case, figure in figures.items():
        print(f"{case:>5}: {figure['seconds']:7.2f} s  {figure['labels']} labels  "
              f"{figure['mib'] / figure['seconds']:6.1f} MiB/s of JSON  peak RSS +{figure['peak_mib']:5.1f} MiB  "
              f"[runs {' '.join(f'{t:.2f}' for t in figure['runs'])}]")
    print(f"pull / bare: {figures['pull']['seconds'] / figures['bare']['seconds']:.2f}x (target: within 1.5x)")


def child(case: str, url: str, token: str, project: int) -> dict:  # type: ignore[type-arg]
    runs = []
    for _ in range(REPEAT):
        out = subprocess.run([sys.executable, __file__, "--case", case, url, token, str(project)], check=True,
                             capture_output=True, text=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    best = min(runs, key=lambda r: r["seconds"])
    return {**best, "peak_mib": max(r["peak_mib"] for r in runs), "runs": [r["seconds"] for r in runs]}


def run_case(case: str, url: str, token: str, project: int) -> None:
    import httpx

    from labelplatform.client import Client

    base = rss_mib()
    peak = PeakRss()
    started = time.perf_counter()
    received = labels = 0
    if case == "bare":
        with httpx.Client(base_url=url, headers={"Authorization": f"Token {token}"}, timeout=300) as http:
            next_url: str | None = f"/api/v1/projects/{project}/labels?page_size={PAGE}"
            while next_url:
                response = http.get(next_url)
                response.raise_for_status()
                received += len(response.content)
                body = response.json()
                labels += len(body["results"])
                next_url = body["next"]
    else:
        with tempfile.TemporaryDirectory() as folder, Client(url, token) as lp:
            labels = lp.pull(project, folder)["written"]
            received = sum(f.stat().st_size for f in Path(folder, "labels").iterdir())
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "labels": labels, "mib": received / 2**20,
                      "peak_mib": peak.stop() - base}))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--case"]:
        run_case(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        parent()
