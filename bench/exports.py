"""Dataset exports on PostgreSQL: seconds and peak memory per format, and COCO's ratio to the bare floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/exports.py

Synthesises projects of 1920x1080 assets x 20 objects into a scratch database
`labelplatform_bench_exports` (COPY for the objects; a few distinct realistic
RLEs reused), then runs every case in a fresh process so its peak memory
(ru_maxrss growth past the process's start-up) belongs to that case alone.
The floor reads the same object rows with a plain server-side cursor and
serialises each with orjson into a file: the least any COCO export must do.
Peak memory is VmRSS sampled every 10 ms during the case, minus VmRSS before it.
ASSETS=2500,10000 and PNG_ASSETS=500 change the sizes.
"""

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# bench/ holds scripts named like stdlib modules (queue.py): keep it off the import path.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
BASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
BENCH_DB = "labelplatform_bench_exports"
SIZES = [int(v) for v in os.environ.get("ASSETS", "2500,10000").split(",")]
PNG_ASSETS = int(os.environ.get("PNG_ASSETS", "500"))
HEIGHT, WIDTH, OBJECTS = 1080, 1920, 20
BATCH = 2500  # assets per synthesis round


def bench_url() -> str:
    return BASE_URL.rsplit("/", 1)[0] + "/" + BENCH_DB


def setup_django() -> None:
    os.environ["DATABASE_URL"] = bench_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labelplatform.settings")
    os.environ["MEDIA_ROOT"] = os.environ.get("BENCH_MEDIA", "/tmp/labelplatform-bench-media")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"  # part tasks run in this process, no broker needed
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


def rss_mib() -> float:
    """Resident memory now (VmRSS): ru_maxrss is useless here, start-up imports peak higher than any export."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class PeakRss:
    """Samples VmRSS every 10 ms in a thread; `peak` is the highest seen."""

    def __init__(self) -> None:
        import threading

        self.peak = rss_mib()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, rss_mib())

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return max(self.peak, rss_mib())


# ---------------------------------------------------------------- synthesis (parent)

def templates() -> list[list[tuple[dict, int, list[int]]]]:
    """4 scenes of 20 non-overlapping wavy blobs at 1920x1080: (rle, area, bbox) per object."""
    import numpy as np

    from labelplatform.masks import encode, measure

    scenes = []
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH]
    for seed in range(4):
        rng = np.random.default_rng(seed)
        taken = np.zeros((HEIGHT, WIDTH), bool)
        objects = []
        for i in range(OBJECTS):
            cy, cx = (i // 5 + 0.5) * HEIGHT / 4, (i % 5 + 0.5) * WIDTH / 5
            ry, rx = rng.uniform(60, 120), rng.uniform(80, 170)
            angle = np.arctan2(yy - cy, xx - cx)
            wobble = 1 + 0.15 * np.sin(angle * rng.integers(3, 9) + rng.uniform(0, 6))
            blob = (((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2 <= wobble**2) & ~taken
            taken |= blob
            measured = measure(encode(blob), HEIGHT, WIDTH)
            objects.append((measured.rle, measured.area, measured.bbox))
        scenes.append(objects)
    return scenes


def synthesise(project, user, start: int, stop: int, scenes) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection, transaction

    from labelplatform.assets.models import Asset
    from labelplatform.labels.models import Label, LabelRevision

    for low in range(start, stop, BATCH):
        high = min(stop, low + BATCH)
        with transaction.atomic():
            assets = Asset.objects.bulk_create([
                Asset(project=project, name=f"frame_{n:06d}.jpg", file=f"bench/frame_{n:06d}.jpg", width=WIDTH,
                      height=HEIGHT, size_bytes=400_000, sha256=f"{project.pk:08x}{n:056x}", mime_type="image/jpeg",
                      status="labeled")
                for n in range(low, high)])
            labels = Label.objects.bulk_create([
                Label(asset=a, author=user, revision=1, status="submitted", time_spent_s=60.0) for a in assets])
            revisions = LabelRevision.objects.bulk_create([
                LabelRevision(label=label, number=1, editor=user, status="submitted", ontology_version=2,
                              classifications={}, time_spent_s=60.0) for label in labels])
            with connection.cursor() as cursor, cursor.copy(
                    'COPY labels_labelobject (revision_id, "order", class_id, counts, area, bbox, attributes) '
                    "FROM STDIN") as copy:
                for number, revision in enumerate(revisions):
                    for order, (rle, area, box) in enumerate(scenes[(low + number) % len(scenes)]):
                        copy.write_row((revision.pk, order, 1 + order % 5, rle["counts"], area, json.dumps(box),
                                        '{"occluded": "no"}'))


def parent() -> None:
    import psycopg

    admin_url = BASE_URL.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    setup_django()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from labelplatform.projects.services import ontology_save, project_create

    call_command("migrate", verbosity=0)
    user = User.objects.create_user("bench")
    classes = [{"name": f"class{i}", "color": f"#{40 * i:02x}8000", "kind": "thing"} for i in range(1, 6)]
    projects = {}
    for name in ("big", "png"):
        projects[name] = project_create(user=user, name=name)
        ontology_save(project=projects[name], user=user, document={"classes": classes, "classifications": []})
    started = time.perf_counter()
    scenes = templates()
    synthesise(projects["png"], user, 0, PNG_ASSETS, scenes)
    print(f"synthesised {PNG_ASSETS} assets for the PNG case in {time.perf_counter() - started:.1f} s")
    done = 0
    for size in SIZES:
        started = time.perf_counter()
        synthesise(projects["big"], user, done, size, scenes)
        done = size
        print(f"\n== {size} assets x {OBJECTS} objects at {WIDTH}x{HEIGHT} "
              f"(synthesised in {time.perf_counter() - started:.1f} s)")
        figures = {case: child(case, projects["big"].pk) for case in ("floor", "coco", "coco_stored", "ndjson")}
        floor = figures["floor"]["seconds"]
        for case, figure in figures.items():
            extra = f"  {figure['seconds'] / floor:.2f}x the floor" if case.startswith("coco") else ""
            print(f"{case:>12}: {figure['seconds']:7.2f} s  peak RSS {figure['rss_mib']:6.1f} MiB "
                  f"(+{figure['peak_mib']:5.1f} over the idle process)  "
                  f"{figure['bytes'] / 2**20:8.1f} MiB out{extra}")
    print(f"\n== semantic PNG, {PNG_ASSETS} assets (a second project), parts of {PNG_ASSETS // 4} assets")
    for workers in (1, 2):
        figure = child("semantic_png", projects["png"].pk, workers=workers)
        print(f"semantic_png: {figure['seconds']:7.2f} s with {workers} worker process(es)  "
              f"peak RSS +{figure['peak_mib']:6.1f} MiB  {figure['bytes'] / 2**20:8.1f} MiB out  "
              f"{figure['seconds'] / PNG_ASSETS * 1000:.1f} ms per image")


def child(case: str, project_id: int, workers: int = 1) -> dict:
    args = [sys.executable, __file__, "--case", case, str(project_id), str(workers)]
    output = subprocess.run(args, check=True, capture_output=True, text=True, env={**os.environ}).stdout
    return json.loads(output.strip().splitlines()[-1])


# ---------------------------------------------------------------- one case (child)

FLOOR_SQL = """
SELECT o.id, a.id, o.class_id, o.counts, o.area, o.bbox, o.attributes, a.height, a.width
FROM labels_labelobject o JOIN labels_labelrevision r ON r.id = o.revision_id
JOIN labels_label l ON l.id = r.label_id AND r.number = l.revision JOIN assets_asset a ON a.id = l.asset_id
WHERE a.project_id = %s AND l.status = 'submitted' ORDER BY a.id, o."order"
"""


def run_case(case: str, project_id: int, workers: int) -> None:
    setup_django()
    import orjson
    from django.conf import settings
    from django.db import connection, transaction

    from labelplatform.jobs.models import Job
    from labelplatform.jobs.services import job_run
    from labelplatform.projects.models import Project

    project = Project.objects.get(pk=project_id)
    baseline = rss_mib()
    sampler = PeakRss()
    started = time.perf_counter()
    if case == "floor":
        out = Path(settings.MEDIA_ROOT) / "floor.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        connection.ensure_connection()
        with transaction.atomic(), open(out, "wb") as handle, connection.connection.cursor(name="floor") as cursor:
            cursor.itersize = 2000
            cursor.execute(FLOOR_SQL, [project_id])
            for oid, image, cls, counts, area, box, attributes, height, width in cursor:
                handle.write(orjson.dumps({"id": oid, "image_id": image, "category_id": cls, "segmentation": {
                    "size": [height, width], "counts": counts}, "area": area, "bbox": box, "iscrowd": 0,
                    "attributes": attributes}) + b",")
        size = out.stat().st_size
    else:
        if case == "semantic_png":
            settings.EXPORT_PART_ASSETS = max(1, PNG_ASSETS // 4)
        job = Job.objects.create(kind="export", project=project, params={
            "format": case.removesuffix("_stored"), "labels": "latest", "version": None, "include_images": False,
            "polygons": False, "instance_mode": "binary", "compress": not case.endswith("_stored")})
        helpers = []
        if workers > 1:
            from labelplatform.datasets.exporting import export_plan

            export_plan(job)
            connection.close()
            helpers = [subprocess.Popen([sys.executable, __file__, "--helper", str(job.pk)], env={**os.environ})
                       for _ in range(workers - 1)]
        job_run(job_id=job.pk)
        for helper in helpers:
            helper.wait()
        job.refresh_from_db()
        assert job.status == "succeeded", job.error
        size = job.result["bytes"]
    seconds = time.perf_counter() - started
    peak = sampler.stop()
    print(json.dumps({"seconds": seconds, "peak_mib": peak - baseline, "rss_mib": peak, "bytes": size}))


def run_helper(job_id: int) -> None:
    """A second worker: takes parts of the job until none is left to take."""
    setup_django()
    from labelplatform.datasets.exporting import part_claim, part_run
    from labelplatform.datasets.models import ExportPart

    for part_id in ExportPart.objects.filter(job_id=job_id).values_list("pk", flat=True):
        part = part_claim(part_id)
        if part is not None:
            part_run(part)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--case"]:
        run_case(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif sys.argv[1:2] == ["--helper"]:
        run_helper(int(sys.argv[2]))
    else:
        parent()
