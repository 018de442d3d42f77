"""Boundary refinement of a SAM-family mask at full resolution: the image's own edges decide the band.

SAM's decoder answers 256x256 logits of the 1024-px encoder input, so on an image of side S one logit
covers S/256 pixels: upsampled bilinearly (sam.upsampled) the edge is smooth but knows nothing of the
image, which shows as rounded corners and edges off by a few pixels at large sizes. Here, only where
the upsampled logits are uncertain (a band about one logit cell either side of the edge), the mask's
probability goes through a colour guided filter (He et al., 2010) with the full-resolution image as
guide: the filtered probability follows the image's edges within the band, and is thresholded at 0.5.
The filter's coefficients are computed on a copy subsampled by a quarter of the cell (the fast guided
filter, He and Sun, 2015) and only over the band's bounding box, so a 12 MP image costs a fraction of a
second. Below REFINE_FROM_CELL pixels per logit the bilinear edge is already within a pixel or two and
nothing is done.
"""

import cv2
import numpy as np
from numpy.typing import NDArray

REFINE_FROM_CELL = 3.0  # pixels per low-res logit from which refinement runs (images over ~770 px, longest side)
EPS = 1e-3  # guided filter regularisation: larger follows the logits, smaller the image's edges
BAND_CELLS = 1.0  # the band's half-width, in logit cells


def cell_size(image_size: tuple[int, int], low_res: int = 256, encoder_side: int = 1024) -> float:
    """Pixels of the image per low-res logit (SAM: the longest side maps to `encoder_side`)."""
    return max(image_size) / encoder_side * (encoder_side / low_res)


def _box(values: NDArray[np.float32], radius: int) -> NDArray[np.float32]:
    return np.asarray(cv2.boxFilter(values, -1, (2 * radius + 1, 2 * radius + 1), borderType=cv2.BORDER_REFLECT),
                      np.float32)


def guided_filter(guide: NDArray[np.float32], source: NDArray[np.float32], radius: int, eps: float,
                  subsample: int) -> NDArray[np.float32]:
    """Colour guided filter of `source` (h, w) by `guide` (h, w, 3) in 0..1, coefficients at 1/`subsample`."""
    height, width = source.shape
    small_size = (max(1, width // subsample), max(1, height // subsample))
    guide_s = np.asarray(cv2.resize(guide, small_size, interpolation=cv2.INTER_AREA), np.float32)
    source_s = np.asarray(cv2.resize(source, small_size, interpolation=cv2.INTER_AREA), np.float32)
    r = max(1, radius // subsample)
    mean_i = np.stack([_box(guide_s[..., c], r) for c in range(3)], -1)
    mean_p = _box(source_s, r)
    cov_ip = np.stack([_box(guide_s[..., c] * source_s, r) for c in range(3)], -1) - mean_i * mean_p[..., None]
    sigma = np.empty(guide_s.shape[:2] + (3, 3), np.float32)
    for a in range(3):
        for b in range(a, 3):
            value = _box(guide_s[..., a] * guide_s[..., b], r) - mean_i[..., a] * mean_i[..., b]
            sigma[..., a, b] = sigma[..., b, a] = value
    sigma += eps * np.eye(3, dtype=np.float32)
    coeff = np.linalg.solve(sigma, cov_ip[..., None])[..., 0]  # a: (h, w, 3)
    offset = mean_p - np.einsum("hwc,hwc->hw", coeff, mean_i)
    mean_a = np.stack([_box(coeff[..., c], r) for c in range(3)], -1)
    mean_b = _box(offset, r)
    full_a = np.asarray(cv2.resize(mean_a, (width, height), interpolation=cv2.INTER_LINEAR), np.float32)
    full_b = np.asarray(cv2.resize(mean_b, (width, height), interpolation=cv2.INTER_LINEAR), np.float32)
    return np.asarray(np.einsum("hwc,hwc->hw", full_a, guide) + full_b, np.float32)


def refine_mask(image_rgb: NDArray[np.uint8], logits: NDArray[np.float32], cell: float) -> NDArray[np.bool_]:
    """The mask of full-resolution `logits` (already upsampled), its uncertain band decided by the image."""
    mask: NDArray[np.bool_] = logits > 0.0
    if cell < REFINE_FROM_CELL or not mask.any() or mask.all():
        return mask
    half = max(1, int(round(cell * BAND_CELLS)))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * half + 1, 2 * half + 1))
    as_u8 = mask.view(np.uint8)
    band = (np.asarray(cv2.dilate(as_u8, kernel)) != np.asarray(cv2.erode(as_u8, kernel)))
    ys, xs = np.nonzero(band)
    radius = max(2, int(round(cell)))
    margin = 2 * radius
    y0, y1 = max(0, ys.min() - margin), min(mask.shape[0], ys.max() + margin + 1)
    x0, x1 = max(0, xs.min() - margin), min(mask.shape[1], xs.max() + margin + 1)
    guide = image_rgb[y0:y1, x0:x1].astype(np.float32) / 255.0
    probability = (1.0 / (1.0 + np.exp(-np.clip(logits[y0:y1, x0:x1], -30, 30)))).astype(np.float32)
    filtered = guided_filter(guide, probability, radius, EPS, max(1, radius // 4))
    local = band[y0:y1, x0:x1]
    refined = mask.copy()
    refined[y0:y1, x0:x1][local] = filtered[local] > 0.5
    return refined
