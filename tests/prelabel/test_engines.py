"""The engines without Django: click simulation, GrabCut from clicks, features, the pixel classifier."""

import numpy as np

from labelplatform.masks.regions import iou_ignoring, split_components
from labelplatform.prelabel.engines.clicks import next_click
from labelplatform.prelabel.engines.features import feature_count, feature_rows, pixel_features
from labelplatform.prelabel.engines.grabcut import WORK_SIDE, prepare, segment
from labelplatform.prelabel.engines.noc import simulate
from labelplatform.prelabel.engines.pixel_classifier import TrainingImage, predicted_objects, train
from labelplatform.prelabel.engines.prompts import Prompt
from tests.prelabel.conftest import scene


def test_the_first_click_is_the_deepest_interior_point():
    truth = np.zeros((50, 80), bool)
    truth[10:41, 20:51] = True  # a 31x31 square: its centre is (35, 25)
    click = next_click(truth, None)
    assert click is not None and click.positive and (click.x, click.y) == (35, 25)


def test_the_next_click_goes_to_the_deeper_error_and_can_be_negative():
    truth = np.zeros((60, 60), bool)
    truth[5:15, 5:15] = True
    predicted = truth.copy()
    predicted[30:55, 30:55] = True  # a big false positive
    click = next_click(truth, predicted)
    assert click is not None and not click.positive and 30 <= click.x < 55 and 30 <= click.y < 55
    assert next_click(truth, truth) is None


def test_boundary_band_is_ignored_in_scoring():
    truth = np.zeros((10, 10), bool)
    truth[2:8, 2:8] = True
    band = np.zeros_like(truth)
    band[2, 2:8] = True
    predicted = truth & ~band
    assert iou_ignoring(predicted, truth, band) == 1.0
    assert iou_ignoring(predicted, truth) < 1.0


def test_clicks_alone_reach_090_on_a_simple_scene():
    rgb, car = scene(3)
    run = simulate(prepare(rgb), car, None, stop_at=0.9)
    assert run.clicks_to(0.90) <= 2, run.ious


def test_big_images_are_segmented_at_work_scale_and_refined_to_full_size():
    rgb, car = scene(4, width=1600, height=1200)
    prepared = prepare(rgb)
    assert max(prepared.work.shape[:2]) == WORK_SIDE
    ys, xs = np.nonzero(car)
    result = segment(prepared, Prompt(points=[(float(xs.mean()), float(ys.mean()), True)]))
    assert result.mask.shape == car.shape
    assert iou_ignoring(result.mask, car) > 0.95


def test_features_have_the_declared_shape_and_are_finite():
    rgb, _ = scene(0, 64, 48)
    features = pixel_features(rgb)
    assert features.shape == (feature_count(), 48, 64)
    assert np.isfinite(features).all()


def test_extra_planes_follow_the_pixel_features_and_rows_are_a_view():
    rgb, _ = scene(0, 64, 48)
    extra = np.stack([np.full((48, 64), 5.0, np.float32), np.arange(48 * 64, dtype=np.float32).reshape(48, 64)])
    features = pixel_features(rgb, extra=extra)
    assert features.shape == (feature_count() + 2, 48, 64)
    assert np.allclose(features[: feature_count()], pixel_features(rgb), rtol=1e-5, atol=1e-4)
    assert np.array_equal(features[feature_count() :], extra)
    rows = feature_rows(features)
    assert rows.shape == (48 * 64, feature_count() + 2) and np.shares_memory(rows, features)
    assert rows[64 + 3, -1] == extra[1, 1, 3]  # row = y * width + x


def test_the_pixel_classifier_learns_a_class_and_splits_components():
    examples = []
    for seed in (1, 2):
        rgb, car = scene(seed)
        examples.append(TrainingImage(rgb, car.astype(np.uint8) * 7))  # class id 7; 0 = nothing
    model = train(examples)
    rgb, car = scene(9)
    objects = predicted_objects(model, rgb)
    assert [value for value, _, _ in objects] == [7]
    _, mask, confidence = objects[0]
    assert iou_ignoring(mask, car) > 0.9 and 0.5 < confidence <= 1.0


def test_split_components_gives_one_mask_per_piece_and_class():
    index = np.zeros((20, 20), np.uint8)
    index[1:4, 1:4] = 2
    index[10:15, 10:15] = 2
    index[16:19, 1:3] = 3
    regions = split_components(index, min_pixels=5)
    assert sorted((v, int(m.sum())) for v, m in regions) == [(2, 9), (2, 25), (3, 6)]
