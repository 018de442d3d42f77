"""The data engine's pre-labeler with the real MobileSAM, without a database: it learns "car" (a thing) and
"road" (stuff) from three labeled scenes and pre-labels a fourth with objects of the right classes."""

import cv2
import numpy as np
import pytest

from labelplatform.dataengine.engines.copy_paste import Instance, cutouts, synthesize
from labelplatform.dataengine.engines.engine import Example, engine_predict, engine_train
from labelplatform.masks.compare import iou
from labelplatform.prelabel.builtin.manifest import manifest_read
from labelplatform.prelabel.engines.onnx_models import load_session
from labelplatform.prelabel.engines.sam import sam_embed
from tests.dataengine.scenes import CAR, ROAD, street


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
