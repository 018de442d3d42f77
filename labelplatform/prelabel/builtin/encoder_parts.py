"""The installer's split of an encoder into its convolutional stem and the rest (engines/sam_split.py runs them).

Cut at mobilesam.SPLIT's two tensors with onnx's extractor: the stem from the padded input to the cut, the
rest from the cut to the embedding. Plain subgraphs of the checked encoder, nothing re-exported or re-weighted;
`split_error` runs both ways on an image so an install keeps the parts only when they give the same embedding.
"""

from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from labelplatform.prelabel.engines.onnx_models import load_session, run_session
from labelplatform.prelabel.engines.sam_split import load_split, split_run


def split_encoder(source: Path, stem: Path, rest: Path, split: dict[str, Any], output: str) -> None:
    """Write the two parts of the encoder at `source`; ValueError when the graph has no such cut."""
    import onnx  # imported here: only the installer edits graphs
    from onnx.utils import Extractor

    model = onnx.shape_inference.infer_shapes(onnx.load(str(source)))  # the extractor needs the cut's value info
    names = {name for node in model.graph.node for name in node.output}
    for cut in (split["input"], split["output"]):
        if cut not in names:
            raise ValueError(f"{source.name} has no tensor {cut!r} to cut at")
    extractor = Extractor(model)
    onnx.save(extractor.extract_model([split["input"]], [split["output"]]), str(stem))
    onnx.save(extractor.extract_model([split["output"]], [output]), str(rest))


def split_error(whole: Path, stem: Path, rest: Path, split: dict[str, Any], names: dict[str, Any],
                image: NDArray[np.float32]) -> float:
    """Largest |whole - split| over the embedding of `image` ([1, h, w, 3], longest side split["side"])."""
    (expected,) = run_session(load_session(str(whole)), [names["output"]], {names["name"]: image}, "the encoder")
    got = split_run(load_split(str(stem), str(rest), split), image, names["output"])
    return float(np.abs(np.asarray(expected, np.float32) - got).max())
