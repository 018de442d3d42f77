"""Part streams deflated while written and spliced into one zip entry; the raw row reader and part planning."""

import io
import json
import threading
import zipfile
import zlib

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labelplatform.datasets.formats.base import write_joined, write_lines
from labelplatform.datasets.formats.streams import PartSink, fragments
from labelplatform.datasets.formats.zipjoin import crc32_combine
from labelplatform.datasets.models import ExportPart
from labelplatform.datasets.rows import AssetRow, asset_ranges, part_rows
from labelplatform.datasets.selectors import chosen_revisions
from labelplatform.jobs.models import Job

blobs = st.binary(max_size=3000)


@settings(max_examples=200, deadline=None)
@given(blobs, blobs)
def test_crc32_combine_agrees_with_zlib_on_the_joined_bytes(first, second):
    assert crc32_combine(zlib.crc32(first), zlib.crc32(second), len(second)) == zlib.crc32(first + second)


def _parts(tmp_path, items_per_part: list[list[bytes]], deflate: list[bool]):  # type: ignore[no-untyped-def]
    folders = []
    for index, (items, packed) in enumerate(zip(items_per_part, deflate, strict=True)):
        folder = tmp_path / f"part-{index}"
        folder.mkdir()
        sink = PartSink(folder, deflate=packed)
        for item in items:
            sink.append("things", b"," + item)
            sink.append("lines", item + b"\n")
        sink.close()
        folders.append(folder)
    return folders


@settings(max_examples=40, deadline=None)
@given(
    items=st.lists(st.lists(st.binary(min_size=0, max_size=400).map(lambda b: json.dumps(b.hex()).encode()),
                            max_size=6), min_size=1, max_size=5),
    packing=st.lists(st.booleans(), min_size=5, max_size=5),
    zip_deflated=st.booleans(),
)
def test_fragments_join_into_the_same_entry_whatever_the_parts_and_compression(
        tmp_path_factory, items, packing, zip_deflated):
    # given parts, some empty, each written raw or deflated
    folders = _parts(tmp_path_factory.mktemp("parts"), items, packing[:len(items)])
    buffer = io.BytesIO()
    # when they are joined into a zip that is deflated or stored
    compression = zipfile.ZIP_DEFLATED if zip_deflated else zipfile.ZIP_STORED
    with zipfile.ZipFile(buffer, "w", compression, allowZip64=True) as out:
        write_joined(out, "things.json", [b'{"things":[', ("things", fragments(folders, "things")), b"]}"])
        out.writestr("between.txt", b"an entry written the ordinary way")
        write_lines(out, "things.ndjson", fragments(folders, "lines"))
    # then every reader sees the items in order, and the CRCs check out
    archive = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    assert archive.testzip() is None
    flat = [item for part in items for item in part]
    assert json.loads(archive.read("things.json")) == {"things": [json.loads(item) for item in flat]}
    assert archive.read("things.ndjson") == b"".join(item + b"\n" for item in flat)
    assert archive.read("between.txt") == b"an entry written the ordinary way"
    assert archive.getinfo("things.json").compress_type == compression


def test_a_large_deflated_stream_shrinks_and_comes_back_exactly(tmp_path):
    items = [b',{"counts":"%s"}' % (b"0123456789abcdef" * (i % 50 + 1)) for i in range(20000)]
    folders = []
    for index in range(3):
        folder = tmp_path / f"p{index}"
        folder.mkdir()
        sink = PartSink(folder, deflate=True)
        for item in items[index::3]:
            sink.append("things", item)
        sink.close()
        folders.append(folder)
    path = tmp_path / "out.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as out:
        write_joined(out, "x.json", [b"[", ("things", fragments(folders, "things")), b"]"])
    archive = zipfile.ZipFile(path)
    info = archive.getinfo("x.json")
    expected = b"[" + b"".join(b"".join(items[i::3]) for i in range(3))[1:] + b"]"
    assert archive.read("x.json") == expected
    assert info.file_size == len(expected) and info.compress_size < len(expected) / 5


def test_a_part_that_fails_stops_its_compressor_threads(labeled, client_for, settings):
    from labelplatform.datasets.formats.coco import CocoInstances

    before = threading.active_count()
    original = CocoInstances.write_asset
    calls = []

    def failing(self, row, sink, ctx):  # type: ignore[no-untyped-def]
        calls.append(row.asset_id)
        if len(calls) == 2:
            raise OSError("disk full")
        original(self, row, sink, ctx)

    CocoInstances.write_asset = failing  # type: ignore[method-assign]
    try:
        started = client_for("manager").post(f"/api/v1/projects/{labeled.pk}/exports", {"format": "coco"},
                                             format="json")
        from tests.datasets.conftest import run

        job = run(started.json()["id"])
    finally:
        CocoInstances.write_asset = original  # type: ignore[method-assign]
    assert job.status == "failed" and "disk full" in job.error
    assert threading.active_count() == before


@pytest.mark.parametrize("compress", [True, False])
def test_coco_and_ndjson_hold_the_same_bytes_compressed_or_not_in_one_part_or_many(
        labeled, export_zip, settings, compress):
    whole = export_zip(labeled, format="coco")
    settings.EXPORT_PART_ASSETS = 1
    split = export_zip(labeled, format="coco", compress=compress)
    name = "annotations/instances.json"
    assert split.read(name) == whole.read(name)
    assert split.getinfo(name).compress_type == (zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED)
    lines = export_zip(labeled, format="ndjson", compress=compress).read("labels.ndjson")
    settings.EXPORT_PART_ASSETS = 1000
    assert lines == export_zip(labeled, format="ndjson").read("labels.ndjson")
    assert len(lines.splitlines()) == 4
    job = Job.objects.filter(kind="export").order_by("-pk")[1]
    assert ExportPart.objects.filter(job=job).count() == 4


def _orm_rows(revisions):  # type: ignore[no-untyped-def]
    """The chosen assets read through model instances, all at once: what the raw reader must give."""
    rows = []
    for revision in revisions.select_related("label__asset", "label__author").order_by("label__asset_id"):
        label, asset = revision.label, revision.label.asset
        objects = [(o.pk, o.class_id, o.counts, o.area, o.bbox, o.attributes)
                   for o in revision.label_objects.order_by("order")]
        rows.append((asset.pk, asset.name, asset.file, asset.width, asset.height, asset.sha256, asset.status,
                     label.pk, label.author.username, revision.number, revision.status, revision.classifications,
                     label.time_spent_s, label.updated_at, revision.ontology_version, objects))
    return rows


def _plain(row: AssetRow):  # type: ignore[no-untyped-def]
    objects = [(o.id, o.class_id, o.counts, o.area, orjson.loads(o.bbox_json), o.attribute_values())
               for o in row.objects]
    return (row.asset_id, row.name, row.file, row.width, row.height, row.sha256, row.asset_status, row.label_id,
            row.author, row.revision, row.label_status, row.classifications, row.time_spent_s, row.updated_at,
            row.ontology_version, objects)


def test_the_raw_row_reader_gives_what_the_orm_reader_gives(labeled, users):
    from labelplatform.assets.models import Asset
    from tests.datasets.conftest import label_asset
    # an asset whose newest label has no objects, and one whose label is newer than the first
    label_asset(Asset.objects.get(project=labeled, name="street4.png"), users["manager"], [])
    label_asset(Asset.objects.get(project=labeled, name="street1.png"), users["labeler"], [], through_queue=False)
    revisions = chosen_revisions(labeled, "latest")
    raw = list(part_rows(revisions, 0, 10**12))
    assert [_plain(row) for row in raw] == _orm_rows(revisions)
    assert [len(row.objects) for row in raw] == [4, 0, 4, 4, 0]
    assert all([o.id for o in row.objects] == sorted(o.id for o in row.objects) for row in raw)
    first, last = raw[1].asset_id, raw[3].asset_id
    assert [row.asset_id for row in part_rows(revisions, first, last)] == [r.asset_id for r in raw[1:4]]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 100])
def test_parts_are_planned_in_one_query_as_the_id_walk_plans_them(labeled, size, django_assert_num_queries):
    revisions = chosen_revisions(labeled, "latest")
    with django_assert_num_queries(1):
        ranges = asset_ranges(revisions, size)
    ids = list(revisions.order_by("label__asset_id").values_list("label__asset_id", flat=True))
    runs = [ids[start:start + size] for start in range(0, len(ids), size)]
    assert ranges == [(run[0], run[-1], len(run)) for run in runs]
    assert sum(count for _, _, count in ranges) == 4


def test_nothing_chosen_plans_no_range(project):
    assert asset_ranges(chosen_revisions(project, "accepted"), 10) == []
