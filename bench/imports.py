"""COCO imports: seconds and peak memory of the import job, to show memory stays flat as the JSON grows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/imports.py

Synthesises, per size in ASSETS (default 1000,5000), a COCO instances zip of that many distinct
64x48 PNG images (unique names and bytes: the import reuses an image it has seen, by hash) with
OBJECTS (20) RLE annotations each, at the images' real size, written interleaved across images
(not grouped by image). Each case runs in a fresh process, so its peak memory (VmRSS sampled
every 10 ms during the case, minus VmRSS before it) belongs to it alone:

- job: the import job run in-process (job_run) into a new project of a scratch database
  (BENCH_DB, default `labelplatform_bench_imports`): detection, classes, items, images, labels;
- reader: the COCO reader alone, as this change has it: detection, classes, items, and every
  item's annotations read back and decoded (build), no database;
- previous: the previous approach's JSON load, measured in-bench (not the old code path): the
  annotations file read whole, orjson.loads, annotations grouped by image in a dict, which is what
  the reader used to hold for the whole import.

READER_ASSETS (default 50000; empty for none) adds JSON-only zips (no images) of those sizes for
the reader and previous cases, closer to a real train2017 file. Figures are printed with ratios;
nothing is asserted on time. MAX_UPLOAD_BYTES is raised for the bench: the annotations file is one
zip member and members are limited to it.
"""

import io
import json
import os
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.exports import PeakRss, load, rss_mib  # noqa: E402
from bench.scratch import database_url, scratch_database  # noqa: E402

BENCH_DB = os.environ.get("BENCH_DB", "labelplatform_bench_imports")
MEDIA = Path(os.environ.get("BENCH_MEDIA", "/tmp/labelplatform-bench-imports"))
SIZES = [int(v) for v in os.environ.get("ASSETS", "1000,5000").split(",") if v]
READER_SIZES = [int(v) for v in os.environ.get("READER_ASSETS", "50000").split(",") if v]
HEIGHT, WIDTH, OBJECTS = 48, 64, 20
CATEGORIES = [{"id": i, "name": f"class{i}", "supercategory": "thing"} for i in range(1, 6)]


def setup_django() -> None:
    os.environ["DATABASE_URL"] = database_url(BENCH_DB)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labelplatform.settings")
    os.environ["MEDIA_ROOT"] = str(MEDIA / "media")
    os.environ["MAX_UPLOAD_BYTES"] = str(4 * 1024**3)
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


# ---------------------------------------------------------------- synthesis (parent)

def strips() -> list[dict]:
    """OBJECTS disjoint horizontal bands of a 64x48 image as COCO RLE (with size), one per object."""
    import numpy as np
    from pycocotools import mask as coco

    found = []
    for row in range(OBJECTS):
        mask = np.zeros((HEIGHT, WIDTH), np.uint8)
        mask[row * 2:row * 2 + 2, 3 + row:40 + row] = 1
        encoded = coco.encode(np.asfortranarray(mask))
        found.append({"size": [HEIGHT, WIDTH], "counts": encoded["counts"].decode("ascii")})
    return found


def png(number: int) -> bytes:
    """A distinct small image: the number is written into its first pixels."""
    import numpy as np
    from PIL import Image

    pixels = np.full((HEIGHT, WIDTH, 3), 90, np.uint8)
    pixels[0, :4, 0] = list(number.to_bytes(4, "big"))
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "PNG", compress_level=1)
    return out.getvalue()


def coco_json(count: int) -> bytes:
    """Images first, then annotations interleaved across images (round robin), then categories."""
    import orjson

    masks = strips()
    images = [{"id": n + 1, "file_name": f"frame_{n:06d}.png", "width": WIDTH, "height": HEIGHT} for n in range(count)]
    annotations = []
    for order in range(OBJECTS):
        for n in range(count):
            annotations.append({"id": len(annotations) + 1, "image_id": n + 1, "category_id": 1 + order % 5,
                                "segmentation": masks[order], "area": 74, "bbox": [3.0 + order, order * 2.0, 37.0, 2.0],
                                "iscrowd": 0, "attributes": {"occluded": "no"}})
    return orjson.dumps({"info": {"description": "bench"}, "licenses": [], "images": images,
                         "annotations": annotations, "categories": CATEGORIES})


def write_zip(path: Path, count: int, with_images: bool) -> tuple[int, int]:
    """The zip and the annotations JSON's size in bytes."""
    document = coco_json(count)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("annotations/instances.json", document)
        if with_images:
            for n in range(count):
                archive.writestr(f"images/frame_{n:06d}.png", png(n), zipfile.ZIP_STORED)
    return path.stat().st_size, len(document)


def prepare() -> None:
    scratch_database(BENCH_DB)
    setup_django()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    User.objects.create_user("bench")


def parent() -> None:
    import subprocess

    started = time.perf_counter()
    prepare()
    print(f"scratch database {BENCH_DB} ready in {time.perf_counter() - started:.1f} s; {load()}")
    cases = [(n, True, ("job", "reader", "previous")) for n in SIZES]
    cases += [(n, False, ("reader", "previous")) for n in READER_SIZES]
    figures: dict[tuple[int, str], dict] = {}
    for count, with_images, names in cases:
        path = MEDIA / "media" / "imports" / f"coco-{count}{'' if with_images else '-json-only'}.zip"
        zip_bytes, json_bytes = write_zip(path, count, with_images)
        print(f"\n== {count} images x {OBJECTS} RLE objects at {WIDTH}x{HEIGHT}"
              f"{'' if with_images else ' (JSON only, no images)'}: zip {zip_bytes / 2**20:.1f} MiB, "
              f"instances.json {json_bytes / 2**20:.1f} MiB  ({load()})", flush=True)
        for name in names:
            output = subprocess.run([sys.executable, __file__, "--case", name, str(path)], check=True,
                                    capture_output=True, text=True, env={**os.environ}).stdout
            figure = json.loads(output.strip().splitlines()[-1])
            figures[count, name] = figure
            print(f"{name:>9} {WHAT[name]:<52} {figure['seconds']:7.2f} s  peak RSS +{figure['peak_mib']:7.1f} MiB"
                  f"  ({figure['rss_mib']:.0f} MiB in all)  {figure['note']}", flush=True)
        if (count, "previous") in figures and (count, "reader") in figures:
            ratio = figures[count, "previous"]["peak_mib"] / max(figures[count, "reader"]["peak_mib"], 0.1)
            print(f"{'':>9} previous JSON load / streamed reader peak: {ratio:.1f}x")
    print("\n== peak RSS above the process baseline, by size")
    for name in ("job", "reader", "previous"):
        row = [f"{count}: +{figures[count, name]['peak_mib']:.1f} MiB" for count in SIZES + READER_SIZES
               if (count, name) in figures]
        print(f"{name:>9} {'   '.join(row)}")


WHAT = {
    "job": "import job (job_run, database and images included)",
    "reader": "streamed COCO reader alone (this change)",
    "previous": "the previous approach's JSON load (orjson + group)",
}


# ---------------------------------------------------------------- one case (child)

def run_job(path: Path) -> str:
    from django.contrib.auth.models import User

    from labelplatform.jobs.models import Job
    from labelplatform.jobs.services import job_run
    from labelplatform.projects.services import ontology_save, project_create

    user = User.objects.get(username="bench")
    project = project_create(user=user, name=f"import {path.stem} {time.time():.0f}")
    occluded = {"name": "occluded", "type": "radio", "options": [{"value": "yes"}, {"value": "no"}]}
    classes = [{"name": c["name"], "color": f"#{40 * c['id']:02x}8000", "kind": "thing", "attributes": [occluded]}
               for c in CATEGORIES]
    ontology_save(project=project, user=user, document={"classes": classes, "classifications": []})
    job = Job.objects.create(kind="import", project=project, created_by=user, params={
        "format": "auto", "predictions": False, "model_version": "", "source": "", "add_classes": False,
        "status": "submitted", "file": str(path.relative_to(MEDIA / "media")), "file_name": path.name})
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    result = job.result
    return (f"{result['format']}: {result['labels_created']} labels, {result['objects']} objects, "
            f"{result['error_count']} errors")


def run_reader(path: Path) -> str:
    from labelplatform.datasets.importing.readers import READERS, detect
    from labelplatform.datasets.importing.sources import tree_from_file

    tree = tree_from_file(path, path.name)
    try:
        fmt = detect(tree)
        reader = READERS[fmt]()
        classes = reader.classes(tree)
        objects = items = 0
        for item in reader.items(tree):
            items += 1
            if item.build is not None:
                objects += len(item.build(HEIGHT, WIDTH)[0])
    finally:
        tree.close()
    return f"{fmt}: {len(classes)} classes, {items} items, {objects} objects built"


def run_previous(path: Path) -> str:
    """The previous approach's JSON load: the whole file as bytes, then as Python objects, grouped by image."""
    import orjson

    with zipfile.ZipFile(path) as archive:
        raw = archive.read("annotations/instances.json")
    document = orjson.loads(raw)
    by_image: dict = {}
    for annotation in document["annotations"]:
        by_image.setdefault(annotation.get("image_id"), []).append(annotation)
    return f"{len(document['images'])} images, {sum(len(v) for v in by_image.values())} annotations held"


def run_case(case: str, path: Path) -> None:
    setup_django()
    from django.db import connection

    import labelplatform.datasets.importing.run  # noqa: F401 (modules loaded before the baseline: not the case's)

    if case == "job":
        connection.ensure_connection()
    baseline = rss_mib()
    sampler = PeakRss()
    started = time.perf_counter()
    note = {"job": run_job, "reader": run_reader, "previous": run_previous}[case](path)
    seconds = time.perf_counter() - started
    peak = sampler.stop()
    print(json.dumps({"seconds": seconds, "peak_mib": peak - baseline, "rss_mib": peak, "note": note}))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--case"]:
        run_case(sys.argv[2], Path(sys.argv[3]))
    else:
        parent()
