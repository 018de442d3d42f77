"""SAM's decoder in two parts on the server: its image-only work once per embedding, the rest per prompt.

The installed MobileSAM holds the browser's decoder pair (builtin/web_decoder.py, mobilesam.WEB_ROLES):
`decoder_prepare` turns an embedding into the image-only products of the decoder's first attention layer
([1, 4096, 384]); `decoder_web` takes them as one more input and does the per-prompt rest, with the later
token-to-image projections folded into their attention. It answers the whole decoder's logits and scores
within float32 reordering (the installer checks it; tests/prelabel/test_decoder_pair.py on photos). Where
many prompts share one embedding (the data engine's candidates, segment everything, propagation's runs on a
frame) the caller prepares once (prepared()) and decoder_outputs runs the per-prompt part: about 62 instead
of 75 ms a run on one core, and 13 ms once per embedding (the prepare model), so the pair costs the same for
one run and wins from two on. A model without the pair (a registered one, an older install) has only its
whole decoder, which decoder_of() and prepared() hand back as they are; the segment endpoint keeps the whole
decoder (backends.sam_session).
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
import onnxruntime as ort
from numpy.typing import NDArray

from labelplatform.prelabel.builtin.mobilesam import WEB_ROLES
from labelplatform.prelabel.builtin.web_decoder import PROJECTIONS_INPUT
from labelplatform.prelabel.engines.onnx_models import run_session

PREPARE_INPUT = "image_embeddings"  # the prepare model's one input (web_decoder._prepare_model)


@dataclass(frozen=True)
class DecoderPair:
    """The decoder as the prepare model and the per-prompt (web) decoder."""

    prepare: ort.InferenceSession
    web: ort.InferenceSession


@dataclass(frozen=True)
class Prepared:
    """A pair with one embedding's projections: decoder_outputs runs its web decoder on that embedding."""

    pair: DecoderPair
    embedding: NDArray[Any]  # the very array prepared: another one is prepared anew
    projections: NDArray[np.float32]


Decoder: TypeAlias = ort.InferenceSession | DecoderPair | Prepared


def decoder_of(roles: Collection[str], load: Callable[[str], ort.InferenceSession]) -> Decoder:
    """The decoder for many prompts on one embedding, from a model's file roles and a loader of a role's
    session: its pair when it has both parts, else its whole decoder."""
    web, prepare = WEB_ROLES
    if web in roles and prepare in roles:
        return DecoderPair(load(prepare), load(web))
    return load("decoder")


def prepared(decoder: Decoder, embedding: NDArray[Any]) -> Decoder:
    """`decoder` ready for prompts on `embedding`: a pair's projections computed once (kept when `decoder`
    is already prepared for this very array); a whole decoder as it is."""
    if isinstance(decoder, Prepared):
        if decoder.embedding is embedding:
            return decoder
        decoder = decoder.pair
    if not isinstance(decoder, DecoderPair):
        return decoder
    feeds = {PREPARE_INPUT: np.asarray(embedding, np.float32)}
    (projections,) = run_session(decoder.prepare, [PROJECTIONS_INPUT], feeds, "the decoder's prepare model")
    return Prepared(decoder, embedding, np.asarray(projections, np.float32))


def session_and_feeds(decoder: Decoder, embedding: NDArray[Any]) -> tuple[ort.InferenceSession, dict[str, Any]]:
    """The session that answers a prompt on `embedding` and its feeds beyond the prompt's: the web decoder and
    the projections (prepared here if the caller did not), or the whole decoder and none."""
    if not isinstance(decoder, DecoderPair | Prepared):
        return decoder, {}
    ready = prepared(decoder, embedding)
    assert isinstance(ready, Prepared)
    return ready.pair.web, {PROJECTIONS_INPUT: ready.projections}
