"""Writes upsample_cv2.json: masks the server's SAM postprocessing (engines/sam.py `upsampled`, OpenCV) makes
from a synthetic 256x256 logits map, for upsample.test.ts to compare the browser's upsampling with.

    cd /work/main && .venv/bin/python frontend/src/sam/testdata/make_upsample_fixture.py
"""

import json
from pathlib import Path

import numpy as np

from labelplatform.masks import encode
from labelplatform.prelabel.engines.sam import upsampled

CONFIG = {"encoder": {"size": [1024, 1024], "resize": "longest"}}
SIZES = [(480, 640), (321, 481), (23, 37), (3000, 4000)]


def logits() -> np.ndarray:
    """The same formula as upsample.test.ts: a blob with a ragged edge (integer grid, so both sides agree)."""
    i, j = np.mgrid[0:256, 0:256].astype(np.float64)
    value = 30.0 - 0.5 * np.abs(i - 110) - 0.75 * np.abs(j - 90) + 6.0 * (((i * 7 + j * 3) % 11) - 5) / 5
    return value.astype(np.float32)


def main() -> None:
    cases = []
    for height, width in SIZES:
        mask = upsampled(logits(), CONFIG, (height, width)) > 0
        rle = encode(mask)
        cases.append({"height": height, "width": width, "counts": rle["counts"], "area": int(mask.sum())})
    out = Path(__file__).with_name("upsample_cv2.json")
    out.write_text(json.dumps(cases) + "\n")
    print(out, [c["area"] for c in cases])


if __name__ == "__main__":
    main()
