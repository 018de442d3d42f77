"""Queue claims on PostgreSQL: 1, 8 and 32 concurrent labelers on a 100,000-asset project.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/claims.py
    MODEL=threads ... (default: processes)   SECONDS=3   ROUNDS=3   CONCURRENCY=1,8,32   ASSETS=100000

Uses a scratch database `<name of DATABASE_URL's database>_bench_queue` (BENCH_DB overrides).
Each labeler is a worker with its own connection that claims (workflow.queue.queue_next, what
`POST projects/{id}/queue/next` runs) and then finishes the item (ends the claim, marks the
asset labeled: one statement, outside the timed claim but inside claims/s).

The baseline runs on a plain table of the same size with the same queue index, in the same run
and with the same process model, in two shapes:
  bare 1-statement: `WITH c AS (SELECT id ... ORDER BY priority DESC, id LIMIT 1 FOR UPDATE SKIP
      LOCKED) UPDATE ... RETURNING id` in autocommit: one statement, one transaction, one round
      trip, the same shape as the platform claim. The ratio is taken against this one.
  bare BEGIN/SELECT/UPDATE/COMMIT: the textbook loop (four round trips), for reference.
Both baselines finish with a one-statement UPDATE, as the platform does; the finishes are sent the
same way on every side (one psycopg execute). Every side uses the driver settings Django uses
(psycopg, autocommit, client-side binding, no server-side prepared statements).

MODEL=processes (default) runs each labeler in its own forked process, as gunicorn workers do;
MODEL=threads runs them as threads of one process (one GIL). Both sides always use the same.

The machine is shared, so each concurrency level runs ROUNDS interleaved rounds (platform, bare,
textbook, again...) and reports the median claims/s of each side, p50/p95 over all rounds, and
the median of the per-round ratios. Every run starts from the same state: every item back in
both queues, then VACUUM (what autovacuum does between bursts in production; the server here
may run with autovacuum off).
Dead index entries left by earlier claims are skipped cheaply only once no snapshot older than
them is open: a long transaction anywhere on the server slows both sides' scans; the header
line prints the oldest open transaction's age. Then double claims (must be 0) and the EXPLAIN
ANALYZE of the claim's candidate scan with 32 other claims open.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import multiprocessing  # noqa: E402
import os  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from bench.scratch import BASE_URL, scratch_database  # noqa: E402

BENCH_DB = os.environ.get("BENCH_DB", BASE_URL.rsplit("/", 1)[1].split("?")[0] + "_bench_queue")
ASSETS = int(os.environ.get("ASSETS", "100000"))
SECONDS = float(os.environ.get("SECONDS", "3"))
ROUNDS = int(os.environ.get("ROUNDS", "3"))
CONCURRENCY = [int(n) for n in os.environ.get("CONCURRENCY", "1,8,32").split(",")]
MODEL = os.environ.get("MODEL", "processes")
BATCH = 5000  # bulk_create rows per INSERT: big enough to be quick, small enough for one message


os.environ["DATABASE_URL"] = scratch_database(BENCH_DB)
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

BARE_ONE_STATEMENT = """
WITH c AS (SELECT id FROM bench_items WHERE project_id = %s AND status = 'new'
           ORDER BY priority DESC, id LIMIT 1 FOR UPDATE SKIP LOCKED)
UPDATE bench_items b SET claimed_by = %s, status = 'claimed' FROM c WHERE b.id = c.id RETURNING b.id
"""
BARE_SELECT = """
SELECT id FROM bench_items WHERE project_id = %s AND status = 'new'
ORDER BY priority DESC, id LIMIT 1 FOR UPDATE SKIP LOCKED
"""
BARE_FINISH = "UPDATE bench_items SET status = 'done' WHERE id = %s"
PLATFORM_FINISH = (
    "WITH ended AS (UPDATE workflow_claim SET ended_at = now(), end_reason = 'submitted' WHERE id = %s) "
    "UPDATE assets_asset SET status = 'labeled' WHERE id = %s"
)
ClaimOnce = Callable[[int, Any], Any]


def setup() -> tuple[Any, list[User]]:
    call_command("migrate", verbosity=0)
    users = [User.objects.create_user(f"labeler{i}") for i in range(max(CONCURRENCY) + 1)]
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


def backend_pid(state: Any) -> int:
    if isinstance(state, psycopg.Connection):
        return int(state.execute("SELECT pg_backend_pid()").fetchone()[0])
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def backend_cpu(pid: int) -> float:
    """CPU seconds of a server process (PostgreSQL runs on this machine); 0 where /proc can't tell."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker(index: int, claim_once: ClaimOnce, barrier: Any, stop: Any, results: Any) -> None:
    latencies, ids = [], []
    state = claim_once(index, None)  # per-worker setup (its connection)
    pid = backend_pid(state)
    barrier.wait()
    client_start, server_start = time.thread_time(), backend_cpu(pid)
    while not stop.is_set():
        start = time.perf_counter()
        item = claim_once(index, state)
        if item is None:
            break
        latencies.append(time.perf_counter() - start)
        ids.append(item)
    cpu = (time.thread_time() - client_start, backend_cpu(pid) - server_start)
    if hasattr(state, "close"):
        state.close()
    connections.close_all()
    results.put((latencies, ids, cpu))


def fresh_queue() -> None:
    """Every run starts from the same state: all items back in both queues, dead rows vacuumed."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM workflow_claim")
        cursor.execute("UPDATE assets_asset SET status = 'new' WHERE status <> 'new'")
        cursor.execute("UPDATE bench_items SET status = 'new', claimed_by = NULL WHERE status <> 'new'")
        for table in ("assets_asset", "workflow_claim", "bench_items"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")


Run = tuple[list[float], list[int], float, tuple[float, float]]


def run(workers: int, claim_once: ClaimOnce) -> Run:
    """Workers claim for SECONDS; claims/s counts every finished claim over the whole wall time."""
    fresh_queue()
    if MODEL == "processes":
        connections.close_all()  # a forked child must open its own connection, never share ours
        context = multiprocessing.get_context("fork")
        barrier, stop, results = context.Barrier(workers + 1), context.Event(), context.Queue()
        spawn: Any = context.Process
    else:
        barrier, stop = threading.Barrier(workers + 1), threading.Event()
        results, spawn = __import__("queue").Queue(), threading.Thread
    runners = [spawn(target=worker, args=(i, claim_once, barrier, stop, results)) for i in range(workers)]
    for r in runners:
        r.start()
    barrier.wait()
    began = time.perf_counter()
    time.sleep(SECONDS)
    stop.set()
    latencies: list[float] = []
    claimed: list[int] = []
    client_cpu = server_cpu = 0.0
    for _ in runners:
        got_latencies, got_ids, (client, server) = results.get(timeout=120)
        latencies.extend(got_latencies)
        claimed.extend(got_ids)
        client_cpu, server_cpu = client_cpu + client, server_cpu + server
    wall = time.perf_counter() - began
    for r in runners:
        r.join()
    return latencies, claimed, wall, (client_cpu, server_cpu)


def platform_claim(project: Any, users: list[User]) -> ClaimOnce:
    def claim_once(index: int, state: Any) -> Any:
        if state is None:
            return "ready"
        served = queue_next(project=project, user=users[index], stages=["label"])
        if served is None:
            return None
        # finish: what a submit does to the queue, one statement sent as the baselines send theirs
        connection.connection.execute(PLATFORM_FINISH, [served.claim.pk, served.claim.asset_id])
        return served.claim.asset_id

    return claim_once


def _connect() -> psycopg.Connection:
    """The driver settings Django uses: autocommit, client-side binding, no prepared statements."""
    url = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    return psycopg.connect(url, autocommit=True, prepare_threshold=None, cursor_factory=psycopg.ClientCursor)


def bare_one_statement(project_id: int) -> ClaimOnce:
    def claim_once(index: int, conn: Any) -> Any:
        if conn is None:
            return _connect()
        row = conn.execute(BARE_ONE_STATEMENT, [project_id, index]).fetchone()
        if row is None:
            return None
        conn.execute(BARE_FINISH, [row[0]])
        return row[0]

    return claim_once


def bare_transaction(project_id: int) -> ClaimOnce:
    def claim_once(index: int, conn: Any) -> Any:
        if conn is None:
            return _connect()
        with conn.transaction():  # BEGIN, SELECT ... FOR UPDATE SKIP LOCKED, UPDATE, COMMIT
            row = conn.execute(BARE_SELECT, [project_id]).fetchone()
            if row is None:
                return None
            conn.execute("UPDATE bench_items SET claimed_by = %s, status = 'claimed' WHERE id = %s", [index, row[0]])
        conn.execute(BARE_FINISH, [row[0]])
        return row[0]

    return claim_once


def report(name: str, rounds: list[Run]) -> list[float]:
    """Median claims/s; p50/p95 over every claim of every round; CPU per claim (labeler process, its
    PostgreSQL backend), which decides throughput once the cores are saturated."""
    latencies = [x for got, _, _, _ in rounds for x in got]
    rates = [len(ids) / wall for _, ids, wall, _ in rounds]
    doubles = sum(sum(n - 1 for n in Counter(ids).values() if n > 1) for _, ids, _, _ in rounds)
    claims = max(sum(len(ids) for _, ids, _, _ in rounds), 1)
    client, server = (sum(cpu[i] for _, _, _, cpu in rounds) / claims * 1000 for i in (0, 1))
    p50, p95 = (np.percentile(latencies, q) * 1000 for q in (50, 95)) if latencies else (0.0, 0.0)
    shown = " ".join(f"{r:.0f}" for r in rates)
    print(f"  {name:<32} {np.median(rates):6.0f} claims/s (rounds: {shown})   p50 {p50:6.2f} ms   "
          f"p95 {p95:6.2f} ms   cpu/claim client {client:.2f} ms server {server:.2f} ms   double claims {doubles}",
          flush=True)
    return rates


def server_state() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('autovacuum'), COALESCE(EXTRACT(EPOCH FROM now() - MIN(xact_start)), 0) "
                       "FROM pg_stat_activity WHERE (backend_xid IS NOT NULL OR backend_xmin IS NOT NULL) "
                       "AND pid <> pg_backend_pid()")
        autovacuum, oldest = cursor.fetchone()
    load = os.getloadavg()
    return (f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, autovacuum {autovacuum}, "
            f"oldest open transaction on the server {float(oldest):.0f} s")


def explain_candidate_scan(project: Any, users: list[User]) -> None:
    """The candidate statement of workflow_claim_asset, as the function runs it, with 32 claims of other
    people open at the head of the queue (what 32 labelers at work look like)."""
    holders = users[1:33]
    for user in holders:
        queue_next(project=project, user=user, stages=["label"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_functiondef('workflow_claim_asset'::regproc)")
        body = cursor.fetchone()[0]
        candidate = body[body.index("SELECT a.id INTO candidate"):body.index("SKIP LOCKED;") + len("SKIP LOCKED")]
        sql = (candidate.replace(" INTO candidate", "").replace("p_project", "%(project)s")
               .replace("p_user", "%(user)s").replace("p_now", "now()").replace("p_needed", "1")
               .replace("<> ALL (missed)", "<> ALL ('{}'::bigint[])"))
        cursor.execute("BEGIN")
        cursor.execute("SET LOCAL enable_seqscan = off")  # as inside the function
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, {"project": project.pk, "user": users[0].pk})
        plan = [r[0] for r in cursor.fetchall()]
        cursor.execute("ROLLBACK")
        start = time.perf_counter()
        for _ in range(20):
            queue_next(project=project, user=users[0], stages=["label"])  # held: renews, one call
        renew_ms = (time.perf_counter() - start) / 20 * 1000
    print("candidate scan of workflow_claim_asset (EXPLAIN ANALYZE, 32 open claims at the head):\n  "
          + "\n  ".join(plan))
    print(f"asking again for a held claim (one call): {renew_ms:.2f} ms")


def main() -> None:
    project, users = setup()
    print(f"claims for {SECONDS:.0f} s per run, {ROUNDS} interleaved rounds, PostgreSQL {BENCH_DB}, "
          f"{os.cpu_count()} CPUs, labelers as {MODEL} (all sides), psycopg {psycopg.__version__} "
          "with Django's settings (client-side binding, no prepared statements) on all sides")
    print(f"before: {server_state()}", flush=True)
    sides = {
        "platform queue_next": lambda: platform_claim(project, users),
        "bare 1-statement SKIP LOCKED": lambda: bare_one_statement(project.pk),
        "bare BEGIN/SELECT/UPDATE/COMMIT": lambda: bare_transaction(project.pk),
    }
    for workers in CONCURRENCY:
        print(f"{workers} concurrent labelers")
        runs: dict[str, list[Any]] = {name: [] for name in sides}
        for _ in range(ROUNDS):
            for name, make in sides.items():
                runs[name].append(run(workers, make()))
        ours, bare, textbook = (report(name, runs[name]) for name in sides)
        ratio = float(np.median([o / b for o, b in zip(ours, bare, strict=True)]))
        textbook_ratio = float(np.median([o / t for o, t in zip(ours, textbook, strict=True)]))
        print(f"  ratio platform / bare 1-statement: {ratio:.2f}   (target >= 0.5 at 32 labelers)   "
              f"platform / bare BEGIN..COMMIT: {textbook_ratio:.2f}")
    print(f"after: {server_state()}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM (SELECT asset_id FROM workflow_claim GROUP BY asset_id "
                       "HAVING COUNT(*) > 1) doubled")
        print(f"assets claimed more than once over all runs: {cursor.fetchone()[0]}")
    explain_candidate_scan(project, users)


if __name__ == "__main__":
    main()
