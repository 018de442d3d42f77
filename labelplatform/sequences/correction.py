"""A person's clicks on one frame's object, turned into an edit of the mask it has (the editor's correction
path): the engine's `correct()` (prelabel/engines/propagate.py) with the frame's image and its SAM embedding.

The generic segment endpoint redraws an object from its clicks alone; a correction keeps the mask it is given
and changes it only where the clicks say it is wrong (SAM prompted with the mask as its dense input and
bounded to the click, the thin-structure and colour edits below SAM's grid). The client sends the object's
current mask and every click made on it so far, and gets the corrected mask back; nothing is stored (the
editor saves the label as after any other tool).
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from rest_framework import status
from rest_framework.exceptions import APIException

from labelplatform.assets.models import Asset
from labelplatform.masks import encode
from labelplatform.prelabel.ahead import warmed_pair
from labelplatform.prelabel.backends import sam_decoder
from labelplatform.prelabel.engines.propagate import TrackFrame, correct, mask_logits
from labelplatform.prelabel.engines.sam_frames import SamFrames
from labelplatform.prelabel.images import asset_rgb_cached
from labelplatform.prelabel.segmentation import embedding_or_not_ready

Click = tuple[float, float, bool]  # x, y in the frame's pixels; True: the pixel belongs to the object


class NoModel(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "corrections need the built-in MobileSAM, which this server has not installed (scripts/models)"
    default_code = "no_model"


@dataclass(frozen=True)
class Correction:
    mask: NDArray[np.bool_]  # the object's current mask on the frame (frame-size bool)
    clicks: list[Click]  # every click on this object and frame so far, oldest first
    confidence: float = 1.0  # propagation's confidence for a pre-label not yet corrected; 1 for a person's mask


def frame_correct(*, asset: Asset, correction: Correction) -> dict[str, Any]:
    """`{"mask": <RLE of the frame's size>, "area": pixels}`; NotReady (202) while the frame's embedding is
    being computed, NoModel (503) without MobileSAM."""
    pair = warmed_pair()
    if pair is None:
        raise NoModel()
    embedding = embedding_or_not_ready(pair, asset)
    size = (asset.height, asset.width)
    segmenter = SamFrames(sam_decoder(pair), pair.config, lambda _index: embedding, size)
    current = TrackFrame(correction.mask, correction.confidence, mask_logits(correction.mask))
    result = correct(segmenter, 0, current, correction.clicks, asset_rgb_cached(asset))
    return {"mask": encode(result.mask), "area": int(np.count_nonzero(result.mask))}
