"""Comparing two dataset versions: assets and objects added, removed, changed (with IoU)."""

from typing import Any

from django.db.models import Count, Q

from labelplatform.datasets.models import DatasetVersion
from labelplatform.jobs.progress import Progress
from labelplatform.labels.models import LabelObject
from labelplatform.masks import match_instances

SAME_OBJECT_IOU = 0.5  # objects of one class matching at least this well are "the same, changed"
COMPARE_BATCH = 500  # assets whose objects are read per query: ~2 x 500 x 20 objects of counts in memory


def _items(version: DatasetVersion) -> dict[int, int]:
    return dict(version.items.values_list("asset_id", "revision_id").iterator(chunk_size=10000))


def _objects_of(revision_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The objects of many revisions in one query, each revision's in drawing order."""
    found: dict[int, list[dict[str, Any]]] = {pk: [] for pk in revision_ids}
    rows = (LabelObject.objects.filter(revision_id__in=revision_ids).order_by("revision_id", "order")
            .values_list("revision_id", "pk", "class_id", "attributes", "counts",
                         "revision__label__asset__height", "revision__label__asset__width"))
    for revision_id, pk, class_id, attributes, counts, height, width in rows.iterator(chunk_size=5000):
        found[revision_id].append({"id": pk, "class": class_id, "attributes": attributes,
                                   "mask": {"size": [height, width], "counts": counts}})
    return found


def asset_changes(asset_id: int, first: list[dict[str, Any]], second: list[dict[str, Any]]) -> dict[str, Any]:
    """What changed on one asset from the objects `first` to `second`."""
    matched = match_instances([(o["class"], o["mask"]) for o in first], [(o["class"], o["mask"]) for o in second],
                              threshold=SAME_OBJECT_IOU)
    pairs = {i: (j, iou) for i, j, iou in matched.pairs}
    in_b = {j for j, _ in pairs.values()}
    changed, unchanged = [], 0
    for i, (j, iou) in pairs.items():
        attributes_changed = first[i]["attributes"] != second[j]["attributes"]
        if first[i]["mask"]["counts"] == second[j]["mask"]["counts"] and not attributes_changed:
            unchanged += 1
            continue
        changed.append({"a": first[i]["id"], "b": second[j]["id"], "class": first[i]["class"], "iou": round(iou, 6),
                        "attributes_changed": attributes_changed})
    return {
        "asset": asset_id,
        "objects_added": [{"id": o["id"], "class": o["class"]} for j, o in enumerate(second) if j not in in_b],
        "objects_removed": [{"id": o["id"], "class": o["class"]} for i, o in enumerate(first) if i not in pairs],
        "objects_changed": changed,
        "objects_unchanged": unchanged,
    }


def versions_compare(
    a: DatasetVersion, b: DatasetVersion, limit: int = 200, progress: Progress | None = None
) -> dict[str, Any]:
    """Summary counts over every asset; per-asset details for the first `limit` changed assets.

    Only assets whose revision differs are matched, their objects read COMPARE_BATCH assets at a time."""
    items_a, items_b = _items(a), _items(b)
    in_either = Q(revision_id__in=a.items.values("revision_id")) | Q(revision_id__in=b.items.values("revision_id"))
    counts = dict(LabelObject.objects.filter(in_either).values("revision_id")
                  .annotate(n=Count("id")).values_list("revision_id", "n"))
    added = sorted(set(items_b) - set(items_a))
    removed = sorted(set(items_a) - set(items_b))
    objects = {"added": 0, "removed": 0, "changed": 0, "unchanged": 0}
    details: list[dict[str, Any]] = []
    changed_assets = 0
    both = sorted(set(items_a) & set(items_b))
    edited = [asset_id for asset_id in both if items_a[asset_id] != items_b[asset_id]]
    unchanged_assets = len(both) - len(edited)
    objects["unchanged"] = sum(counts.get(items_a[asset_id], 0) for asset_id in both
                               if items_a[asset_id] == items_b[asset_id])
    if progress is not None:
        progress.set_total(len(edited))
    for start in range(0, len(edited), COMPARE_BATCH):
        batch = edited[start:start + COMPARE_BATCH]
        found = _objects_of([items_a[i] for i in batch] + [items_b[i] for i in batch])
        for asset_id in batch:
            change = asset_changes(asset_id, found[items_a[asset_id]], found[items_b[asset_id]])
            objects["added"] += len(change["objects_added"])
            objects["removed"] += len(change["objects_removed"])
            objects["changed"] += len(change["objects_changed"])
            objects["unchanged"] += change["objects_unchanged"]
            if change["objects_added"] or change["objects_removed"] or change["objects_changed"]:
                changed_assets += 1
                if len(details) < limit:
                    details.append(change)
            else:
                unchanged_assets += 1
        if progress is not None:
            progress.advance(len(batch))
    for asset_id in added:
        objects["added"] += counts.get(items_b[asset_id], 0)
    for asset_id in removed:
        objects["removed"] += counts.get(items_a[asset_id], 0)
    return {
        "a": a.name, "b": b.name,
        "assets": {"added": added[:limit], "added_count": len(added), "removed": removed[:limit],
                   "removed_count": len(removed), "changed": changed_assets, "unchanged": unchanged_assets},
        "objects": objects,
        "changes": details,
        "truncated": changed_assets > limit or len(added) > limit or len(removed) > limit,
    }
