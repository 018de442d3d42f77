"""bench/api.py's label submit (POST) and autosave (PUT) in client process CPU time, for comparing trees.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/api_cpu.py [REPO]
    ... bench/api_cpu.py TREE_A TREE_B    the two trees taking turns (below)
    BIG=1 ...   the 12 MP case (20 masks) instead of 1 MP (10 masks); REPEATS=100 by default
    BENCH_DB=name  the scratch database (default bench/api.py's labelplatform_bench; with two trees
                   name_0 and name_1, default api_ab_0 and api_ab_1)

REPO (default: this checkout) is a tree whose bench/api.py and labelplatform are used, e.g. a
`git worktree add /tmp/base 84478ea` with its masks/_counts extension built, so an older tree is
measured with the same requests. Time is process_time, not wall time: on a shared, loaded machine the
other processes' work then does not count, so alternate runs of two trees and compare medians. Prints
the p50s and the SQL statements of one POST.

With two trees each runs in its own process and the two take turns every BATCH (5) requests for
ROUNDS (42) rounds per method, the first of each pair switching every round: both then meet the same
load, which two runs one after the other do not. Prints each tree's p50 and p25 and B's difference.
"""

import importlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

WARM_UP = 10  # requests (one tree), rounds: 2
ROUNDS = int(os.environ.get("ROUNDS", "42"))
BATCH = int(os.environ.get("BATCH", "5"))


def load(repo: Path) -> ModuleType:
    """REPO's bench.api, imported: it makes the scratch database and sets Django up."""
    sys.path.insert(0, str(repo))
    os.chdir(repo)
    os.environ.setdefault("REPEATS", "100")
    if "BENCH_DB" in os.environ:  # a scratch database of one's own, also for a tree whose bench/api.py fixes it
        scratch = importlib.import_module("bench.scratch")
        make = scratch.scratch_database
        scratch.scratch_database = lambda name: make(os.environ["BENCH_DB"])
    return importlib.import_module("bench.api")


def prepare(b: ModuleType) -> tuple[Any, dict[str, Any], Any]:
    """(client, body, a function making an asset). bench/api.py's set-up, written here because an older
    REPO's bench/api.py has it inline in its main()."""
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from labelplatform.assets.models import Asset
    from labelplatform.projects.services import ontology_save, project_create

    call_command("migrate", verbosity=0)
    user = User.objects.create_user("bench", password="bench-password")
    project = project_create(user=user, name="bench")
    ontology_save(project=project, user=user, document={
        "classes": [{"name": "thing", "color": "#ff0000", "kind": "thing"}], "classifications": []})
    client = APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    height, width, count = (3000, 4000, 20) if os.environ.get("BIG") else (768, 1024, 10)
    body = {"objects": [{"class": 1, "mask": m} for m in b.instance_masks(count, height, width, seed=count)],
            "status": "submitted", "time_spent_s": 30}

    def asset() -> Asset:
        return Asset.objects.create(project=project, name="a.png", file="none", width=width, height=height,
                                    size_bytes=0, sha256="0" * 64, mime_type="image/png")

    return client, body, asset


def one_tree(repo: Path) -> None:
    b = load(repo)
    import numpy as np
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, body, asset = prepare(b)
    assets = [asset() for _ in range(int(os.environ["REPEATS"]) + WARM_UP)]
    post, put = [], []
    for i, a in enumerate(assets):
        start = time.process_time()
        response = client.post(f"/api/v1/assets/{a.pk}/labels", body, format="json")
        if i >= WARM_UP:
            post.append(time.process_time() - start)
        assert response.status_code == 201, response.content[:300]
    for i, a in enumerate(assets):
        label = client.get(f"/api/v1/assets/{a.pk}/labels").json()[0]
        start = time.process_time()
        response = client.put(f"/api/v1/labels/{label['id']}", {**body, "revision": label["revision"]}, format="json")
        if i >= WARM_UP:
            put.append(time.process_time() - start)
        assert response.status_code == 200, response.content[:300]
    size = "4000x3000" if os.environ.get("BIG") else "1024x768"
    print(f"{repo} {size}: POST cpu p50 {np.percentile(post, 50) * 1000:.2f} ms  "
          f"PUT cpu p50 {np.percentile(put, 50) * 1000:.2f} ms")
    one = asset()
    with CaptureQueriesContext(connection) as queries:
        client.post(f"/api/v1/assets/{one.pk}/labels", body, format="json")
    for query in queries.captured_queries:
        print("  SQL", " ".join(query["sql"].split())[:140])


def turn_taker(repo: Path, total: int) -> None:
    """One tree's side of two: answers each 'post N' / 'put N' line on stdin with the CPU ms of N requests."""
    answer, sys.stdout = sys.stdout, sys.stderr  # the set-up's prints go to stderr
    client, body, asset = prepare(load(repo))
    assets = [asset() for _ in range(total)]
    labels: list[list[int]] = []  # [id, revision], PUT in turn
    print("ready", file=answer, flush=True)
    for line in sys.stdin:
        method, n = line.split()
        times = []
        for _ in range(int(n)):
            start = time.process_time()
            if method == "post":
                response = client.post(f"/api/v1/assets/{assets.pop().pk}/labels", body, format="json")
                times.append(time.process_time() - start)
                assert response.status_code == 201, response.content[:300]
                labels.append([response.json()["id"], response.json()["revision"]])
            else:
                label = labels.pop(0)
                response = client.put(f"/api/v1/labels/{label[0]}", {**body, "revision": label[1]}, format="json")
                times.append(time.process_time() - start)
                assert response.status_code == 200, response.content[:300]
                labels.append([label[0], response.json()["revision"]])
        print(json.dumps([t * 1000 for t in times]), file=answer, flush=True)


def two_trees(trees: list[Path]) -> None:
    prefix = os.environ.get("BENCH_DB", "api_ab")
    procs = [subprocess.Popen([sys.executable, __file__, "--turns", str(tree), str(ROUNDS * BATCH)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "BENCH_DB": f"{prefix}_{i}"}) for i, tree in enumerate(trees)]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    times: dict[tuple[int, str], list[float]] = {(i, m): [] for i in (0, 1) for m in ("post", "put")}
    loads = [os.getloadavg()[0]]
    for method in ("post", "put"):
        for turn in range(ROUNDS):
            for i in (0, 1) if turn % 2 == 0 else (1, 0):
                assert procs[i].stdin is not None and procs[i].stdout is not None
                procs[i].stdin.write(f"{method} {BATCH}\n")
                procs[i].stdin.flush()
                batch = json.loads(procs[i].stdout.readline())
                if turn >= 2:  # warm-up rounds
                    times[(i, method)] += batch
        loads.append(os.getloadavg()[0])
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait()
    print(f"A {trees[0]}  B {trees[1]}  {'12 MP' if os.environ.get('BIG') else '1 MP'}, "
          f"load average {' '.join(f'{v:.1f}' for v in loads)}")
    for method in ("post", "put"):
        a, b = times[(0, method)], times[(1, method)]
        pa, pb = statistics.median(a), statistics.median(b)
        qa, qb = (statistics.quantiles(t, n=4, method="inclusive")[0] for t in (a, b))
        print(f"  {method.upper():4} cpu p50 A {pa:.2f} B {pb:.2f} ms ({pb / pa - 1:+.1%})  "
              f"p25 A {qa:.2f} B {qb:.2f} ms ({qb / qa - 1:+.1%})  n={len(a)}")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--turns"]:
        turn_taker(Path(args[1]).resolve(), int(args[2]))
    elif len(args) == 2:
        two_trees([Path(t).resolve() for t in args])
    else:
        one_tree(Path(args[0] if args else Path(__file__).resolve().parents[1]).resolve())
