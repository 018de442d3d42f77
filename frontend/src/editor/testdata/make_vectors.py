"""Write rle_vectors.json: masks and the COCO RLE counts pycocotools gives for them.

Run from the repository root:  .venv/bin/python frontend/src/editor/testdata/make_vectors.py
"""

import json
from pathlib import Path

import numpy as np
from pycocotools import mask as mask_utils


def encode(m: np.ndarray) -> dict:
    rle = mask_utils.encode(np.asfortranarray(m.astype(np.uint8)))
    return {"counts": rle["counts"].decode("ascii"), "size": [int(v) for v in rle["size"]]}


def uncompressed_counts(m: np.ndarray) -> list[int]:
    flat = m.flatten(order="F")
    counts, current, run = [], 0, 0
    for v in flat:
        if v != current:
            counts.append(run)
            run, current = 0, v
        run += 1
    counts.append(run)
    return counts


def binary_masks(rng: np.random.Generator) -> dict[str, np.ndarray]:
    masks: dict[str, np.ndarray] = {}
    masks["row_1x9"] = np.array([[0, 1, 1, 0, 1, 0, 0, 1, 1]])
    masks["column_9x1"] = np.array([[1], [1], [0], [0], [1], [0], [1], [1], [0]])
    masks["full_5x4"] = np.ones((5, 4))
    masks["single_pixel_7x6"] = np.zeros((7, 6))
    masks["single_pixel_7x6"][3, 2] = 1
    masks["corner_last_pixel_4x5"] = np.zeros((4, 5))
    masks["corner_last_pixel_4x5"][3, 4] = 1
    masks["first_pixel_3x3"] = np.zeros((3, 3))
    masks["first_pixel_3x3"][0, 0] = 1
    yy, xx = np.mgrid[:31, :40]
    masks["disc_31x40"] = (yy - 15) ** 2 + (xx - 19) ** 2 <= 121
    masks["ring_25x25"] = masks_ring(25)
    masks["checker_8x8"] = (yy[:8, :8] + xx[:8, :8]) % 2 == 0
    masks["random_37x23"] = rng.random((37, 23)) < 0.5
    masks["sparse_random_61x47"] = rng.random((61, 47)) < 0.05
    masks["wide_stripes_2x300"] = np.tile(np.array([1] * 40 + [0] * 60), (2, 3))
    # Long runs need multi-chunk numbers, and runs shorter than counts[i-2] give negative deltas.
    big = np.zeros((150, 200))
    big[10:140, 5:190] = 1
    big[60:70, 100:120] = 0
    masks["large_runs_150x200"] = big
    return {name: m.astype(np.uint8) for name, m in masks.items()}


def masks_ring(n: int) -> np.ndarray:
    yy, xx = np.mgrid[:n, :n]
    r2 = (yy - n // 2) ** 2 + (xx - n // 2) ** 2
    return (r2 <= (n // 2) ** 2) & (r2 >= (n // 4) ** 2)


def label_map_vector(rng: np.random.Generator) -> dict:
    """A label map with several objects; each object's RLE as pycocotools encodes its binary mask."""
    labels = np.zeros((29, 33), dtype=np.int64)
    labels[2:20, 3:15] = 1
    labels[5:25, 12:30] = 2
    labels[rng.random((29, 33)) < 0.03] = 7
    labels[28, 32] = 300
    objects = {str(i): encode(labels == i) for i in sorted(set(labels.flatten()) - {0})}
    return {"height": 29, "width": 33, "labels": labels.flatten().tolist(), "objects": objects}


def main() -> None:
    rng = np.random.default_rng(20240611)
    vectors = []
    for name, m in binary_masks(rng).items():
        rle = encode(m)
        assert rle["size"] == list(m.shape)
        unc = uncompressed_counts(m)
        from_unc = mask_utils.frPyObjects({"counts": unc, "size": list(m.shape)}, *m.shape)
        assert from_unc["counts"].decode("ascii") == rle["counts"], name
        vectors.append({
            "name": name,
            "height": int(m.shape[0]),
            "width": int(m.shape[1]),
            "rows": ["".join(str(int(v)) for v in row) for row in m],
            "counts": rle["counts"],
            "uncompressed": unc,
        })
    out = {"binary": vectors, "label_map": label_map_vector(rng)}
    path = Path(__file__).with_name("rle_vectors.json")
    path.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {len(vectors)} masks to {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
