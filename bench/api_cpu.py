"""bench/api.py's label submit (POST) and autosave (PUT) in client process CPU time, for comparing trees.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/api_cpu.py [REPO]
    BIG=1 ...   the 12 MP case (20 masks) instead of 1 MP (10 masks); REPEATS=100 by default

REPO (default: this checkout) is a tree whose bench/api.py and labelplatform are used, e.g. a
`git worktree add /tmp/base 84478ea` with its masks/_counts extension built, so an older tree is
measured with the same requests. Time is process_time, not wall time: on a shared, loaded machine the
other processes' work then does not count, so alternate runs of two trees and compare medians. Prints
the p50s and the SQL statements of one POST.
"""

import importlib
import os
import sys
import time
from pathlib import Path

REPO = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]).resolve()
sys.path.insert(0, str(REPO))
os.chdir(REPO)
os.environ.setdefault("REPEATS", "100")
b = importlib.import_module("bench.api")  # makes the scratch database and sets Django up
import numpy as np  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from labelplatform.assets.models import Asset  # noqa: E402
from labelplatform.projects.services import ontology_save, project_create  # noqa: E402

WARM_UP = 10


def main() -> None:
    # bench/api.py's set-up, written here because an older REPO's bench/api.py has it inline in its main().
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
    print(f"{REPO} {width}x{height}: POST cpu p50 {np.percentile(post, 50) * 1000:.2f} ms  "
          f"PUT cpu p50 {np.percentile(put, 50) * 1000:.2f} ms")
    one = asset()
    with CaptureQueriesContext(connection) as queries:
        client.post(f"/api/v1/assets/{one.pk}/labels", body, format="json")
    for query in queries.captured_queries:
        print("  SQL", " ".join(query["sql"].split())[:140])


if __name__ == "__main__":
    main()
