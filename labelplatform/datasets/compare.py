"""Comparing two dataset versions: assets and objects added, removed, changed (with IoU)."""

from typing import Any

from django.db.models import Count

from labelplatform.datasets.models import DatasetVersion
from labelplatform.labels.models import LabelObject
from labelplatform.masks import match_instances

SAME_OBJECT_IOU = 0.5  # objects of one class matching at least this well are "the same, changed"


def _items(version: DatasetVersion) -> dict[int, int]:
    return dict(version.items.values_list("asset_id", "revision_id").iterator(chunk_size=10000))


def _objects(revision_id: int) -> list[dict[str, Any]]:
    rows = LabelObject.objects.filter(revision_id=revision_id).select_related("revision__label__asset")
    return [
        {"id": o.pk, "class": o.class_id, "attributes": o.attributes,
         "mask": {"size": [o.revision.label.asset.height, o.revision.label.asset.width], "counts": o.counts}}
        for o in rows.order_by("order")
    ]


def asset_changes(asset_id: int, revision_a: int, revision_b: int) -> dict[str, Any]:
    first, second = _objects(revision_a), _objects(revision_b)
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


def versions_compare(a: DatasetVersion, b: DatasetVersion, limit: int = 200) -> dict[str, Any]:
    """Summary counts over every asset; per-asset details for the first `limit` changed assets."""
    items_a, items_b = _items(a), _items(b)
    revisions = set(items_a.values()) | set(items_b.values())
    counts = dict(LabelObject.objects.filter(revision_id__in=revisions).values("revision_id")
                  .annotate(n=Count("id")).values_list("revision_id", "n"))
    added = sorted(set(items_b) - set(items_a))
    removed = sorted(set(items_a) - set(items_b))
    objects = {"added": 0, "removed": 0, "changed": 0, "unchanged": 0}
    details: list[dict[str, Any]] = []
    changed_assets = unchanged_assets = 0
    for asset_id in sorted(set(items_a) & set(items_b)):
        if items_a[asset_id] == items_b[asset_id]:
            unchanged_assets += 1
            objects["unchanged"] += counts.get(items_a[asset_id], 0)
            continue
        change = asset_changes(asset_id, items_a[asset_id], items_b[asset_id])
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
