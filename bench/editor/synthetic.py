"""A synthetic labeling session for the editor benchmark: a large photo-like image and a label of many objects."""

import io
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image

from labelplatform.masks import encode

CLASS_COLORS = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#bfef45"]


@dataclass(frozen=True)
class Session:
    width: int
    height: int
    jpeg: bytes
    label: dict[str, Any]
    ontology: dict[str, Any]
    asset: dict[str, Any]
    project: dict[str, Any]


def photo_like(width: int, height: int, seed: int) -> bytes:
    """Smooth gradients plus mild noise, as JPEG: compresses like a photo, not like noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    base = np.stack([
        128 + 100 * np.sin(x / 310.0) * np.cos(y / 270.0),
        128 + 90 * np.cos((x + y) / 500.0),
        128 + 80 * np.sin(y / 190.0),
    ], axis=-1)
    base += rng.normal(0, 6, base.shape).astype(np.float32)
    out = io.BytesIO()
    Image.fromarray(np.clip(base, 0, 255).astype(np.uint8)).save(out, "JPEG", quality=88)
    return out.getvalue()


def blob_label_map(width: int, height: int, count: int, seed: int) -> np.ndarray:
    """`count` ellipses of varied size; later ones take the pixels of earlier ones, so none overlap."""
    rng = np.random.default_rng(seed)
    labels = np.zeros((height, width), dtype=np.uint16)
    for index in range(1, count + 1):
        rx, ry = rng.integers(40, 420, size=2)
        cx, cy = rng.integers(rx, width - rx), rng.integers(ry, height - ry)
        y, x = np.ogrid[cy - ry:cy + ry, cx - rx:cx + rx]
        inside = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1
        labels[cy - ry:cy + ry, cx - rx:cx + rx][inside] = index
    return labels


def make_session(width: int = 4000, height: int = 3000, objects: int = 50, seed: int = 7) -> Session:
    labels = blob_label_map(width, height, objects, seed)
    classes = [{"id": i + 1, "name": f"class {i + 1}", "color": color, "kind": "thing", "parent": None,
                "attributes": [], "archived": False} for i, color in enumerate(CLASS_COLORS)]
    label_objects = []
    for index in range(1, objects + 1):
        mask = labels == index
        if not mask.any():
            continue  # wholly covered by later blobs
        label_objects.append({"id": index, "class": 1 + index % len(CLASS_COLORS), "mask": encode(mask),
                              "attributes": {}, "area": int(mask.sum()), "bbox": [0, 0, 0, 0]})
    stamp = "2024-01-01T00:00:00Z"
    asset = {"id": 1, "project": 1, "name": "synthetic.jpg", "width": width, "height": height, "status": "in_progress",
             "sha256": "0" * 64, "size_bytes": 0, "thumbnail_ready": False, "created_at": stamp, "label_count": 1}
    label = {"id": 1, "asset": 1, "author": {"id": 1, "username": "bench"}, "revision": 1, "status": "draft",
             "ontology_version": 1, "objects": label_objects, "classifications": {}, "time_spent_s": 0,
             "created_at": stamp, "updated_at": stamp}
    project = {"id": 1, "name": "Bench", "description": "", "settings": {"labels_per_asset": 1, "review_fraction": 0},
               "created_at": stamp, "my_role": "labeler", "asset_count": 1}
    ontology = {"version": 1, "created_at": stamp, "classes": classes, "classifications": []}
    return Session(width, height, photo_like(width, height, seed), label, ontology, asset, project)
