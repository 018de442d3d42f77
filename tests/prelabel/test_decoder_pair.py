"""The server's decoder pair (engines/sam_prepared.py) on the real installed MobileSAM, loaded as the workers
load it (backends.sam_decoder): prepared once per embedding, it answers the whole decoder's logits and scores
on a photo, the same thresholded masks, the same data engine candidates and segment-everything proposals; a
model without the pair runs its whole decoder."""

import os
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from labelplatform.dataengine.engines.candidates import sam_scored_masks
from labelplatform.prelabel.backends import builtin_pair, sam_decoder, sam_session
from labelplatform.prelabel.builtin import mobilesam
from labelplatform.prelabel.engines.everything import proposals
from labelplatform.prelabel.engines.sam import Step, decoder_outputs, sam_embed, upsampled
from labelplatform.prelabel.engines.sam_prepared import DecoderPair, Prepared, prepared
from tests.prelabel import conftest as prelabel_fixtures

installed = prelabel_fixtures.installed  # the one model-installed fixture (fails under CI, skips elsewhere)
GRABCUT = Path(__file__).resolve().parents[3] / "shared" / "data" / "grabcut" / "GrabCut" / "data_GT"
TOLERANCE = 1e-3  # largest |pair - whole| of logits and scores (float32 reordering: about 2e-5)


def photo(name: str) -> np.ndarray:
    path = GRABCUT / f"{name}.jpg"
    if not path.exists():  # CI has ../shared: a missing photo there is a failure, not a skip
        (pytest.fail if os.environ.get("CI") == "true" else pytest.skip)(f"{path} is not here")
    return cv2.cvtColor(cv2.imread(str(path)), cv2.COLOR_BGR2RGB)


def flips(got: np.ndarray, expected: np.ndarray) -> int:
    """Low-res logits on the other side of 0; each must be one the whole decoder left within TOLERANCE of 0."""
    other_side = (got > 0) != (expected > 0)
    assert np.all(np.abs(expected[other_side]) < TOLERANCE)
    return int(other_side.sum())


@pytest.fixture
def loaded(installed):  # type: ignore[no-untyped-def]
    """(the installed pair, its whole decoder, its decoder for many prompts) as backends load them."""
    pair = builtin_pair(mobilesam.NAME)
    return pair, sam_session(pair, "decoder"), sam_decoder(pair)


def test_the_pair_answers_the_whole_decoders_logits_scores_and_masks(loaded):
    pair, whole, decoder = loaded
    assert isinstance(decoder, DecoderPair)
    image = photo("227092")  # 481x321 (portrait)
    size = image.shape[:2]
    embedding = sam_embed(sam_session(pair, "encoder"), pair.config, image)
    ready = prepared(decoder, embedding)
    assert isinstance(ready, Prepared) and ready.projections.shape == (1, 4096, 384)
    assert prepared(ready, embedding) is ready  # once per embedding
    steps = [
        Step([(240.0, 160.0, 1.0)], True),  # one click on the person: three candidates
        Step([(120.0, 80.0, 1.0)], True),  # one on the background
        Step([(240.0, 160.0, 1.0), (100.0, 250.0, 0.0)], False),  # a positive and a negative click
        Step([(240.0, 160.0, 1.0), (60.0, 40.0, 2.0), (300.0, 420.0, 3.0)], False),  # a click in a box
    ]
    flipped_low_res = flipped_pixels = masks_seen = 0
    for step in steps:
        expected, expected_scores = decoder_outputs(whole, pair.config, embedding, step, size)
        got, got_scores = decoder_outputs(ready, pair.config, embedding, step, size)
        assert expected.shape == got.shape == (1, 4, 256, 256)
        assert expected_scores is not None and got_scores is not None
        assert np.abs(got - expected).max() < TOLERANCE
        assert np.abs(got_scores - expected_scores).max() < TOLERANCE
        flipped_low_res += flips(got, expected)
        for k in range(4):  # every candidate's mask at the image's size: the same but where the logit is 0 +- 1e-3
            whole_logits = upsampled(expected[0, k], pair.config, size)
            flipped_pixels += flips(upsampled(got[0, k], pair.config, size), whole_logits)
            masks_seen += int(0 < np.count_nonzero(whole_logits > 0.0) < whole_logits.size)
        # the next click fed the best candidate back (the editor's refinement), on the same projections
        best = expected[0, int(np.argmax(expected_scores))]
        refine = Step([*step.points, (60.0, 60.0, 0.0)], False)
        expected, expected_scores = decoder_outputs(whole, pair.config, embedding, refine, size, best)
        got, got_scores = decoder_outputs(ready, pair.config, embedding, refine, size, best)
        assert np.abs(got - expected).max() < TOLERANCE and np.abs(got_scores - expected_scores).max() < TOLERANCE
        flipped_low_res += flips(got, expected)
    # of 2 million low-res logits and 2.5 million pixels (onnxruntime's threads sum in the order they run, so
    # under load a boundary pixel can fall on the other side of 0); real masks, not empty nor all
    assert flipped_low_res <= 4 and flipped_pixels <= 16 and masks_seen >= 12
    # a pair prepared for one photo, given another's embedding, prepares that one (never the old projections)
    other_image = photo("106024")
    other_size = other_image.shape[:2]
    other = sam_embed(sam_session(pair, "encoder"), pair.config, other_image)
    again = prepared(ready, other)
    assert isinstance(again, Prepared) and again.embedding is other
    assert not np.allclose(again.projections, ready.projections)
    step = Step([(other_size[1] / 2, other_size[0] / 2, 1.0)], True)
    expected, _ = decoder_outputs(whole, pair.config, other, step, other_size)
    got, _ = decoder_outputs(ready, pair.config, other, step, other_size)  # prepared for the other photo: redone
    assert np.abs(got - expected).max() < TOLERANCE


def test_the_data_engine_candidates_and_the_proposals_are_the_whole_decoders(loaded):
    pair, whole, decoder = loaded
    image = photo("227092")
    size = image.shape[:2]
    embedding = sam_embed(sam_session(pair, "encoder"), pair.config, image)
    prompts = [((240.0, 160.0), None), ((120.0, 80.0), None), ((200.0, 250.0), (60, 40, 300, 420))]
    for skip_covered in (False, True):
        expected = sam_scored_masks(whole, pair.config, embedding, size, prompts, skip_covered=skip_covered)
        got = sam_scored_masks(decoder, pair.config, embedding, size, prompts, skip_covered=skip_covered)
        assert [len(run) for run in got] == [len(run) for run in expected] and any(expected)
        for run_got, run_expected in zip(got, expected, strict=True):
            for (mask, score), (mask_expected, score_expected) in zip(run_got, run_expected, strict=True):
                assert np.array_equal(mask, mask_expected) and abs(score - score_expected) < TOLERANCE
    expected_proposals = proposals(whole, pair.config, embedding, size, grid=4)
    got_proposals = proposals(decoder, pair.config, embedding, size, grid=4)
    assert len(got_proposals) == len(expected_proposals) > 0
    for a, b in zip(got_proposals, expected_proposals, strict=True):
        assert np.array_equal(a.mask, b.mask) and a.bbox == b.bbox and abs(a.score - b.score) < TOLERANCE


def test_a_model_without_the_pair_runs_its_whole_decoder(loaded):
    pair, whole, _ = loaded
    older = replace(pair, files={role: path for role, path in pair.files.items() if role not in mobilesam.WEB_ROLES})
    decoder = sam_decoder(older)
    assert decoder is whole  # the whole decoder's session, as sam_session loads it
    embedding = sam_embed(sam_session(pair, "encoder"), pair.config, photo("227092"))
    assert prepared(decoder, embedding) is decoder


def test_propagation_prepares_each_frames_embedding_and_answers_the_whole_decoders(loaded):
    from labelplatform.prelabel.engines.sam_frames import SamFrames

    pair, whole, decoder = loaded
    frames = [photo("227092"), photo("181079")]  # two "frames" of one size (481x321)
    size = frames[0].shape[:2]
    assert frames[1].shape[:2] == size
    embeddings = [sam_embed(sam_session(pair, "encoder"), pair.config, frame) for frame in frames]
    with_pair, with_whole = (SamFrames(d, pair.config, embeddings.__getitem__, size) for d in (decoder, whole))
    points = [(240.0, 160.0, 1.0), (60.0, 40.0, 2.0), (300.0, 420.0, 3.0)]
    for index in (0, 0, 1, 0):  # two tracks on frame 0, then frame 1, then back: each frame's own projections
        got, got_scores = with_pair.candidates(index, points, None)
        expected, expected_scores = with_whole.candidates(index, points, None)
        assert isinstance(with_pair.decoder, Prepared) and with_pair.decoder.embedding is embeddings[index]
        assert np.abs(got - expected).max() < TOLERANCE and np.abs(got_scores - expected_scores).max() < TOLERANCE
        assert np.array_equal(with_pair.to_frame(got[0]) > 0.0, with_whole.to_frame(expected[0]) > 0.0)
