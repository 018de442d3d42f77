"""Comparing two dataset versions on PostgreSQL: seconds for the compare job's work, batched reads vs one asset
at a time (how the comparison read objects when it ran inside the request).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/compare.py

Synthesises ASSETS (default 2000) assets of 1920x1080 with 20 objects each (the export benchmark's scenes)
into a scratch database `labelplatform_bench_compare`, freezes v1, gives every label a second revision with
the objects of another scene, freezes v2, then times versions_compare(v1, v2) in this process with the
default batch and with COMPARE_BATCH=1. Every asset changed is the worst case: each one is matched.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("BENCH_DB", "labelplatform_bench_compare")
from bench import exports  # noqa: E402
from bench.scratch import scratch_database  # noqa: E402

ASSETS = int(os.environ.get("ASSETS", "2000"))


def second_revisions(project, user, scenes) -> None:  # type: ignore[no-untyped-def]
    """Revision 2 of every label: the objects of the next scene (other sizes at the same places)."""
    from django.db import transaction

    from labelplatform.labels.models import Label, LabelRevision

    labels = list(Label.objects.filter(asset__project=project).order_by("asset_id"))
    with transaction.atomic():
        revisions = LabelRevision.objects.bulk_create([
            LabelRevision(label=label, number=2, editor=user, status="submitted", ontology_version=2,
                          classifications={}, time_spent_s=30.0) for label in labels])
        exports.copy_objects(revisions, scenes, first_scene=1)
        Label.objects.filter(asset__project=project).update(revision=2)


def main() -> None:
    scratch_database(exports.BENCH_DB)
    exports.setup_django()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection

    from labelplatform.datasets import compare
    from labelplatform.datasets.services import version_create
    from labelplatform.projects.services import ontology_save, project_create

    call_command("migrate", verbosity=0)
    user = User.objects.create_user("bench")
    project = project_create(user=user, name="compare")
    classes = [{"name": f"class{i}", "color": f"#{40 * i:02x}8000", "kind": "thing"} for i in range(1, 6)]
    ontology_save(project=project, user=user, document={"classes": classes, "classifications": []})
    scenes = exports.templates()
    exports.synthesise(project, user, ASSETS, scenes)
    first = version_create(project=project, user=user, name="v1", labels="latest")
    second_revisions(project, user, scenes)
    second = version_create(project=project, user=user, name="v2", labels="latest")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would have by now: plans for the real table sizes
    print(f"versions_compare over {ASSETS} assets x {exports.OBJECTS} objects at "
          f"{exports.WIDTH}x{exports.HEIGHT}, every asset changed")
    timings = {}
    for batch in (compare.COMPARE_BATCH, 1):
        compare.COMPARE_BATCH = batch
        started = time.perf_counter()
        result = compare.versions_compare(first, second)
        timings[batch] = time.perf_counter() - started
        print(f"  {batch:4d} asset(s) per read: {timings[batch]:6.2f} s  "
              f"({timings[batch] / ASSETS * 1000:.2f} ms per asset; objects {result['objects']})")
    print(f"batched / one at a time: {timings[max(timings)] / timings[1]:.2f}")


if __name__ == "__main__":
    main()
