"""Queue claims on PostgreSQL: 1, 8 and 32 concurrent labelers on a 100,000-asset project.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/claims.py

Uses a scratch database `labelplatform_bench_queue` next to the one DATABASE_URL names.
Each labeler is a thread with its own connection that claims (workflow.queue.queue_next,
what `POST projects/{id}/queue/next` runs) and then finishes the item (ends the claim, marks
the asset labeled: one statement, outside the timed claim). The baseline is a bare
`SELECT ... FOR UPDATE SKIP LOCKED` + `UPDATE` loop on a plain table of the same size and
index, with the same one-statement finish, in the same run. Prints claims per second, p50/p95
claim latency, the ratio to the baseline, and double claims (must be 0).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import os  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402

import numpy as np  # noqa: E402

BASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
BENCH_DB = "labelplatform_bench_queue"
ASSETS = int(os.environ.get("ASSETS", "100000"))
SECONDS = float(os.environ.get("SECONDS", "4"))
CONCURRENCY = [int(n) for n in os.environ.get("CONCURRENCY", "1,8,32").split(",")]
BATCH = 5000  # bulk_create rows per INSERT: big enough to be quick, small enough for one message


def scratch_database() -> str:
    import psycopg

    admin_url = BASE_URL.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return BASE_URL.rsplit("/", 1)[0] + "/" + BENCH_DB


os.environ["DATABASE_URL"] = scratch_database()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labelplatform.settings")
import django  # noqa: E402

django.setup()
import psycopg  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

from labelplatform.assets.models import Asset  # noqa: E402
from labelplatform.projects.services import project_create  # noqa: E402
from labelplatform.workflow.queue import queue_next  # noqa: E402

BARE_CLAIM = """
SELECT id FROM bench_items WHERE project_id = %s AND status = 'new'
ORDER BY priority DESC, id LIMIT 1 FOR UPDATE SKIP LOCKED
"""


def setup() -> tuple[object, list[User]]:
    call_command("migrate", verbosity=0)
    users = [User.objects.create_user(f"labeler{i}") for i in range(max(CONCURRENCY))]
    project = project_create(user=users[0], name="bench")
    rng = np.random.default_rng(0)
    priorities = rng.integers(0, 10, ASSETS).tolist()  # a few priority levels, as pre-labels give
    start = time.perf_counter()
    for low in range(0, ASSETS, BATCH):
        Asset.objects.bulk_create([
            Asset(project=project, name=f"{i}.jpg", file="", width=1024, height=768, size_bytes=1, sha256="0" * 64,
                  mime_type="image/jpeg", priority=priorities[i]) for i in range(low, min(low + BATCH, ASSETS))
        ])
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_items AS SELECT id, project_id, priority, status, "
                       "NULL::bigint AS claimed_by FROM assets_asset")
        cursor.execute("ALTER TABLE bench_items ADD PRIMARY KEY (id)")
        cursor.execute("CREATE INDEX ON bench_items (project_id, priority DESC, id) WHERE status = 'new'")
        cursor.execute("ANALYZE")
    print(f"{ASSETS} assets bulk-inserted and indexed in {time.perf_counter() - start:.1f} s")
    return project, users


def run(workers: int, claim_once) -> tuple[list[float], list[int], float]:  # type: ignore[no-untyped-def]
    latencies: list[float] = []
    claimed: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(workers + 1)
    stop = threading.Event()

    def loop(index: int) -> None:
        mine_latency, mine_ids = [], []
        state = claim_once(index, None)  # per-thread setup (its connection)
        barrier.wait()
        while not stop.is_set():
            start = time.perf_counter()
            item = claim_once(index, state)
            if item is None:
                break
            mine_latency.append(time.perf_counter() - start)
            mine_ids.append(item)
        with lock:
            latencies.extend(mine_latency)
            claimed.extend(mine_ids)
        connections.close_all()

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    barrier.wait()
    began = time.perf_counter()
    time.sleep(SECONDS)
    stop.set()
    for t in threads:
        t.join()
    return latencies, claimed, time.perf_counter() - began


def platform_claim(project, users):  # type: ignore[no-untyped-def]
    def claim_once(index: int, state):  # type: ignore[no-untyped-def]
        if state is None:
            return "ready"
        served = queue_next(project=project, user=users[index], stages=["label"])
        if served is None:
            return None
        with connection.cursor() as cursor:  # finish: what a submit does to the queue, in one statement
            cursor.execute(
                "WITH ended AS (UPDATE workflow_claim SET ended_at = now(), end_reason = 'submitted' "
                "WHERE id = %s RETURNING asset_id) UPDATE assets_asset SET status = 'labeled' "
                "WHERE id IN (SELECT asset_id FROM ended)", [served.claim.pk])
        return served.claim.asset_id

    return claim_once


def bare_claim(project_id: int):  # type: ignore[no-untyped-def]
    url = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)

    def claim_once(index: int, state):  # type: ignore[no-untyped-def]
        if state is None:
            return psycopg.connect(url)
        conn = state
        with conn.transaction():
            row = conn.execute(BARE_CLAIM, [project_id]).fetchone()
            if row is None:
                return None
            conn.execute("UPDATE bench_items SET claimed_by = %s, status = 'claimed' WHERE id = %s", [index, row[0]])
        conn.execute("UPDATE bench_items SET status = 'done' WHERE id = %s", [row[0]])  # finish
        conn.commit()
        return row[0]

    return claim_once


def report(name: str, latencies: list[float], claimed: list[int], wall: float) -> float:
    doubles = sum(n - 1 for n in Counter(claimed).values() if n > 1)
    rate = len(claimed) / wall
    p50, p95 = (np.percentile(latencies, q) * 1000 for q in (50, 95)) if latencies else (0.0, 0.0)
    print(f"  {name:<22} {rate:8.0f} claims/s   p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   double claims {doubles}")
    return rate


def main() -> None:
    project, users = setup()
    print(f"claims for {SECONDS:.0f} s per run, PostgreSQL {BENCH_DB}, {os.cpu_count()} CPUs")
    for workers in CONCURRENCY:
        print(f"{workers} concurrent labelers")
        ours = report("platform queue_next", *run(workers, platform_claim(project, users)))
        bare = report("bare SKIP LOCKED loop", *run(workers, bare_claim(project.pk)))
        print(f"  ratio platform / bare: {ours / bare:.2f}   (target >= 0.5 at 32 labelers)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM (SELECT asset_id FROM workflow_claim GROUP BY asset_id "
                       "HAVING COUNT(*) > 1) doubled")
        print(f"assets claimed more than once over all runs: {cursor.fetchone()[0]}")
        cursor.execute("EXPLAIN " + LABEL_PLAN, {"project": project.pk, "user": users[0].pk})
        print("claim query plan:\n  " + "\n  ".join(r[0] for r in cursor.fetchall()[:8]))


LABEL_PLAN = """SELECT a.id FROM assets_asset a WHERE a.project_id = %(project)s AND a.status IN ('new', 'in_progress')
ORDER BY a.priority DESC, a.id LIMIT 1 FOR UPDATE SKIP LOCKED"""

if __name__ == "__main__":
    main()
