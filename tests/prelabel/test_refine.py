"""SAM's edge refinement at full resolution: the image's edges decide the band the 256x256 logits leave open."""

import cv2
import numpy as np

from labelplatform.masks.compare import boundary_f
from labelplatform.prelabel.engines.refine import REFINE_FROM_CELL, cell_size, refine_mask

SIZE = 1200


def polygon_scene() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(image, truth, logits): a red polygon with corners on green, and blurred 256x256 logits of it upsampled
    bilinearly, as SAM's decoder gives them (edges rounded and off by a few pixels at this size)."""
    truth = np.zeros((SIZE, SIZE), np.uint8)
    corners = np.array([[300, 250], [900, 320], [700, 600], [950, 950], [350, 850], [420, 560]], np.int32)
    cv2.fillPoly(truth, [corners], 1)
    rng = np.random.default_rng(0)
    image = np.where(truth[..., None] > 0, np.array([200, 60, 50]), np.array([40, 110, 60])).astype(np.float32)
    image = np.clip(image + rng.normal(0, 10, image.shape), 0, 255).astype(np.uint8)
    low = cv2.resize(truth.astype(np.float32) * 2 - 1, (256, 256), interpolation=cv2.INTER_AREA) * 8
    logits = cv2.resize(cv2.GaussianBlur(low, (0, 0), 2.5), (SIZE, SIZE), interpolation=cv2.INTER_LINEAR)
    return image, truth > 0, logits


def test_the_refined_edge_follows_the_image_closer_than_the_upsampled_logits():
    image, truth, logits = polygon_scene()
    bare = logits > 0
    refined = refine_mask(image, logits, cell_size((SIZE, SIZE)))
    assert boundary_f(refined, truth, 1) > boundary_f(bare, truth, 1) + 0.015
    assert boundary_f(refined, truth, 2) > boundary_f(bare, truth, 2)
    changed = refined != bare
    assert changed.any() and np.abs(logits[changed]).max() < 8  # only the uncertain band moved


def test_small_images_are_left_as_the_logits_say():
    image, _, logits = polygon_scene()
    small = cv2.resize(image, (600, 600)), cv2.resize(logits, (600, 600))
    assert cell_size((600, 600)) < REFINE_FROM_CELL
    assert np.array_equal(refine_mask(*small, cell_size((600, 600))), small[1] > 0)
