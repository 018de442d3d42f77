"""The data engine's pre-labeler with the real MobileSAM, without a database: it learns "car" (a thing) and
"road" (stuff) from three labeled scenes and pre-labels a fourth with objects of the right classes."""

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray

from labelplatform.dataengine.engines import engine
from labelplatform.dataengine.engines.candidates import (
    Prompt,
    component_points,
    min_area,
    sam_all_masks,
    sam_scored_masks,
)
from labelplatform.dataengine.engines.copy_paste import Instance, cutouts, synthesize
from labelplatform.dataengine.engines.engine import (
    FATES,
    Example,
    calibrated,
    engine_predict,
    engine_train,
    nearest,
    run_object,
    work_size,
)
from labelplatform.masks.compare import iou
from labelplatform.prelabel.builtin.manifest import manifest_read
from labelplatform.prelabel.engines.onnx_models import load_session
from labelplatform.prelabel.engines.sam import sam_embed
from tests.dataengine.scenes import CAR, ROAD, SIZE, street


@pytest.fixture(scope="module")
def sam(installed_model):  # type: ignore[no-untyped-def]
    manifest = manifest_read(installed_model)
    return (load_session(str(manifest.files["encoder"].path)), load_session(str(manifest.files["decoder"].path)),
            manifest.config)


def example(seed: int, sam) -> Example:  # type: ignore[no-untyped-def]
    encoder, _, config = sam
    image, classes, cars = street(seed)
    return Example(image, classes, [(CAR, m) for m in cars] + [(ROAD, classes == ROAD)],
                   sam_embed(encoder, config, image))


def test_it_learns_things_and_stuff_and_prelabels_objects_of_the_right_class(sam):
    _, decoder, config = sam
    model = engine_train([example(seed, sam) for seed in (1, 2, 3)], [CAR], decoder, config)
    assert model.things == [CAR] and model.objects is not None
    fresh = example(9, sam)
    answer = engine_predict(model, fresh.image, fresh.embedding, decoder, config)
    cars = [o for o in answer.objects if o.thing]
    truths = [m for c, m in fresh.instances if c == CAR]
    assert all(o.class_id == CAR and 0.0 < o.score <= 1.0 for o in cars)
    for truth in truths:  # every car found as its own object, outlined by SAM
        assert max(iou(o.mask, truth) for o in cars) >= 0.8
    road = [o for o in answer.objects if o.class_id == ROAD]
    assert road and not any(o.thing for o in road)
    assert iou(np.any([o.mask for o in road], axis=0), fresh.classes == ROAD) >= 0.8
    # no pixel has two objects, and the class map is the objects drawn
    total = np.sum([o.mask for o in answer.objects], axis=0)
    assert total.max() == 1
    for obj in answer.objects:
        assert (answer.class_map[obj.mask] == obj.class_id).all()
    assert (answer.class_map[total == 0] == 0).all()


def test_explain_tells_the_fate_of_every_candidate_and_the_kept_ones_are_the_objects(sam):
    # given a model of cars and road, and a fresh scene pre-labeled with explain
    _, decoder, config = sam
    model = engine_train([example(seed, sam) for seed in (1, 2, 3)], [CAR], decoder, config)
    fresh = example(9, sam)
    answer = engine_predict(model, fresh.image, fresh.embedding, decoder, config, explain=True)
    # then every SAM candidate weighed is there with a known fate, at the image's size
    assert answer.candidates and all(c.fate in FATES and c.mask.shape == (SIZE, SIZE) for c in answer.candidates)
    kept = [c for c in answer.candidates if c.fate == "kept"]
    cars = [o for o in answer.objects if o.thing]
    assert len(kept) == len(cars) and all(c.class_id == CAR for c in kept)
    for obj in cars:  # each object is a kept candidate, perhaps less the pixels of a surer one
        assert any(not (obj.mask & ~c.mask).any() for c in kept)
    assert all(c.class_id == 0 for c in answer.candidates if c.fate == "not an object")
    # and without explain none are held
    assert engine_predict(model, fresh.image, fresh.embedding, decoder, config).candidates == []


def car_point(fresh: Example, right: float = 0.0) -> tuple[NDArray[np.bool_], Prompt]:
    """The scene's first car and a point prompt at its centre, `right` pixels to the right."""
    car = fresh.instances[0][1]
    ys, xs = np.nonzero(car)
    return car, ((float(xs.mean()) + 0.5 + right, float(ys.mean()) + 0.5), None)


def test_a_prompt_inside_an_earlier_runs_best_mask_is_not_decoded_again(sam):
    # given a point on a car and a second point a few pixels away on the same car
    _, decoder, config = sam
    fresh = example(9, sam)
    car, first = car_point(fresh)
    _, second = car_point(fresh, 3.0)
    assert car[int(second[0][1]), int(second[0][0])]
    # then without skipping both runs answer masks, with skipping the second is not run (an empty list)
    both = sam_scored_masks(decoder, config, fresh.embedding, (SIZE, SIZE), [first, second])
    once = sam_scored_masks(decoder, config, fresh.embedding, (SIZE, SIZE), [first, second], skip_covered=True)
    assert len(both) == len(once) == 2 and both[1] and once[1] == []
    assert len(once[0]) == len(both[0]) and all(np.array_equal(a, b) for (a, _), (b, _) in zip(once[0], both[0],
                                                                                               strict=True))


def test_every_mask_of_a_run_is_kept_once_and_cleaned(sam):
    # given a point prompt on a car (SAM answers its single mask and three candidates in one run)
    _, decoder, config = sam
    fresh = example(9, sam)
    car, point = car_point(fresh)
    masks = sam_all_masks(decoder, config, fresh.embedding, (SIZE, SIZE), [point])
    # then 1 to 4 masks come back, none a near-copy of another, none smaller than an object
    assert 1 <= len(masks) <= 4
    (run,) = sam_scored_masks(decoder, config, fresh.embedding, (SIZE, SIZE), [point])  # one list per prompt
    assert len(run) == len(masks) and all(np.array_equal(a, b) for (a, _), b in zip(run, masks, strict=True))
    assert all(0.0 < score < 2.0 for _, score in run)  # SAM's predicted IoU of each
    assert all(np.count_nonzero(m) >= min_area((SIZE, SIZE)) for m in masks)
    assert all(iou(a, b) < 0.9 for i, a in enumerate(masks) for b in masks[i + 1:])
    # and one of them is the car
    assert max(iou(m, car) for m in masks) >= 0.8


def test_joined_objects_get_a_point_each_and_every_component_its_innermost_one_first():
    yy, xx = np.mgrid[:200, :300]
    # given two discs joined by a thin bar (one component, as the pixel classifier draws people holding hands
    # or a shadow between two cars), a third disc away from them, and a speck under the smallest object
    region = ((xx - 50) ** 2 + (yy - 100) ** 2 <= 20 ** 2) | ((xx - 130) ** 2 + (yy - 100) ** 2 <= 20 ** 2)
    region |= (abs(yy - 100) <= 3) & (xx > 50) & (xx < 130)
    region |= (xx - 240) ** 2 + (yy - 100) ** 2 <= 15 ** 2
    region |= (xx - 280) ** 2 + (yy - 180) ** 2 <= 2 ** 2
    points = component_points(region)
    assert all(box is None for _, box in points)
    # then one point near each disc's centre, none on the bar or the speck
    assert len(points) == 3
    for cx, cy in [(50, 100), (130, 100), (240, 100)]:
        assert sum(np.hypot(x - cx, y - cy) < 6 for (x, y), _ in points) == 1
    # the innermost point of each component before a second point of a component
    assert np.hypot(points[1][0][0] - 240, points[1][0][1] - 100) < 6
    assert component_points(region, limit=2) == points[:2]
    # and two discs touching side by side (centres two depths apart) stay one point: SAM offers each among
    # the run's masks, and a second point there cost CamVid's long cars a second, partial object
    touching = ((xx - 50) ** 2 + (yy - 100) ** 2 <= 20 ** 2) | ((xx - 90) ** 2 + (yy - 100) ** 2 <= 20 ** 2)
    assert len(component_points(touching)) == 1


def test_a_runs_object_is_its_largest_named_mask_but_no_group():
    # (area, class probability x SAM's predicted IoU, index, group) of a run's masks named a thing: a part
    # ranked first by the product, the whole object, a second part, a group holding another run's point
    named = [(100, 0.9, 0, False), (400, 0.6, 1, False), (200, 0.95, 2, False), (900, 0.97, 3, True)]
    assert run_object(named) == (400, 0.6, 1, False)
    assert run_object([(400, 0.5, 0, False), (400, 0.7, 1, False)])[2] == 1  # equal areas: the likelier
    assert run_object([(900, 0.5, 0, True), (800, 0.7, 1, True)])[2] == 1  # only groups: the likeliest


def test_a_mask_holding_another_runs_point_is_a_group_unless_that_run_offers_it_too():
    yy, xx = np.mgrid[:100, :200]
    left, right = (xx - 50) ** 2 + (yy - 50) ** 2 <= 20 ** 2, (xx - 100) ** 2 + (yy - 50) ** 2 <= 20 ** 2
    pair = left | right
    asked = {0: (50, 50), 1: (50, 100)}  # (row, col) of each run's point
    # two cars, one point on each: the second run offers its car and the pair, the first its car only
    runs = [[(left, 0.9)], [(right, 0.9), (pair, 0.8)]]
    assert engine._group(pair, 1, asked, runs)
    assert not engine._group(right, 1, asked, runs) and not engine._group(left, 0, asked, runs)
    # two points on one person (torso and legs): both runs offer the whole person, which is no group
    runs = [[(left, 0.9), (pair, 0.8)], [(right, 0.9), (pair, 0.85)]]
    assert not engine._group(pair, 0, asked, runs) and not engine._group(pair, 1, asked, runs)
    # a point that was not run (empty run, inside an earlier mask) makes nothing a group
    assert not engine._group(pair, 0, {0: (50, 50)}, [[(pair, 0.9)], []])


def test_work_size_keeps_the_aspect_under_the_pixel_budget_and_nearest_keeps_labels(monkeypatch):
    monkeypatch.setattr(engine, "WORK_PIXELS", 10_000)
    assert work_size((50, 80)) == (50, 80)  # small enough: untouched
    height, width = work_size((600, 800))
    assert height * width <= 10_000 * 1.02 and abs(width / height - 800 / 600) < 0.03
    labels = np.arange(12, dtype=np.int64).reshape(3, 4)
    assert nearest(labels, (6, 8)).tolist()[1] == [0, 0, 1, 1, 2, 2, 3, 3]
    assert set(np.unique(nearest(labels, (6, 8)))) == set(range(12))
    assert nearest(nearest(labels, (6, 8)), (3, 4)).tolist() == labels.tolist()
    assert nearest(np.eye(4, dtype=bool), (2, 2)).dtype == np.bool_


def test_calibration_leans_towards_the_common_class_and_smooths_single_pixels():
    # a balanced forest's answer: a slight lean to the rare class (a fifth of the labeled pixels) everywhere,
    # and one pixel of a firm rare-class vote in the middle of the common class
    proba = np.zeros((21, 21, 2), np.float32)
    proba[:, :10] = (0.55, 0.45)
    proba[:, 10:] = (0.2, 0.8)
    proba[15, 15] = (0.9, 0.1)
    answer = calibrated(proba, (0.2, 0.8))
    best = np.argmax(answer, axis=2)
    assert (best[:, :8] == 1).all()  # the slight lean goes to the common class
    assert best[15, 15] == 1  # the lone pixel is smoothed away
    assert np.allclose(answer.sum(axis=2), 1.0, atol=1e-4)
    unweighted = np.argmax(calibrated(proba, ()), axis=2)  # a version without priors: only smoothed
    assert (unweighted[:, :8] == 0).all() and unweighted[15, 15] == 1


def test_a_big_image_is_worked_at_the_work_size_and_answered_at_its_own(sam, monkeypatch):
    # given a model trained on scenes that are worked at half their size (a quarter of the pixels)
    _, decoder, config = sam
    monkeypatch.setattr(engine, "WORK_PIXELS", (SIZE // 2) ** 2)
    model = engine_train([example(seed, sam) for seed in (1, 2, 3)], [CAR], decoder, config)
    fresh = example(9, sam)
    answer = engine_predict(model, fresh.image, fresh.embedding, decoder, config)
    # then the pre-labels have the image's size, find each car and still never overlap
    assert answer.class_map.shape == (SIZE, SIZE)
    assert all(o.mask.shape == (SIZE, SIZE) for o in answer.objects)
    cars = [o for o in answer.objects if o.thing and o.class_id == CAR]
    for truth in (m for c, m in fresh.instances if c == CAR):
        assert max(iou(o.mask, truth) for o in cars) >= 0.75
    total = np.sum([o.mask for o in answer.objects], axis=0)
    assert total.max() == 1
    for obj in answer.objects:
        assert (answer.class_map[obj.mask] == obj.class_id).all()
    assert (answer.class_map[total == 0] == 0).all()


def test_copy_paste_labels_are_exact_and_never_overlap():
    image, classes, cars = street(4)
    background, background_classes, _ = street(5, cars=1)
    under = [Instance(int(v), background_classes == v) for v in (CAR, ROAD)]
    pool = cutouts(image, [Instance(CAR, m) for m in cars])
    made, objects = synthesize(background, under, pool, 5, np.random.default_rng(0))
    masks = np.stack([o.mask for o in objects])
    assert masks.sum(axis=0).max() == 1  # one object per pixel at most
    assert len([o for o in objects if o.class_id == CAR]) >= 3  # pasted cars (some may be covered)
    # a pasted car's pixels are the source's car colour (red), the road's stay grey: the labels are exact
    for obj in objects:
        colours = made[obj.mask].astype(int)
        if obj.class_id == CAR:
            assert np.median(colours[:, 0]) > 150 and np.median(colours[:, 2]) < 90
        else:
            assert np.abs(np.median(colours, axis=0) - 120).max() < 25
    # away from the objects (the blend softens a pixel or two outside them) the background is unchanged
    near = cv2.dilate(masks.any(axis=0).astype(np.uint8), np.ones((9, 9), np.uint8)) > 0
    assert np.array_equal(made[~near], background[~near])
