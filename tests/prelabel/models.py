"""Tiny ONNX models the tests build themselves: no weights are ever downloaded."""

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

SIDE = 64
OPSET = [helper.make_opsetid("", 17)]
# "redness" logit: 4R - 4G - 1 on pixels scaled to 0..1 is > 0 on the red car, < 0 on green grass
REDNESS = np.array([[4.0, -4.0, 0.0]], np.float32).reshape(1, 3, 1, 1)


def _save(graph: onnx.GraphProto, path: Path) -> Path:
    model = helper.make_model(graph, opset_imports=OPSET)
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path


def semantic_model(path: Path) -> Path:
    """image [1,3,64,64] -> logits [1,2,64,64]: channel 0 "grass" (0), channel 1 "car" (redness)."""
    weights = np.concatenate([np.zeros((1, 3, 1, 1), np.float32), REDNESS])
    graph = helper.make_graph(
        [helper.make_node("Conv", ["image", "w", "b"], ["logits"])], "semantic",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 3, SIDE, SIDE])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 2, SIDE, SIDE])],
        [numpy_helper.from_array(weights, "w"), numpy_helper.from_array(np.array([0.0, -1.0], np.float32), "b")])
    return _save(graph, path)


def sam_pair(folder: Path) -> tuple[Path, Path]:
    """A SAM-shaped pair: encoder image -> embedding; decoder embedding + points -> mask logits, score."""
    encoder = helper.make_graph(
        [helper.make_node("Conv", ["pixels", "w", "b"], ["embedding"])], "encoder",
        [helper.make_tensor_value_info("pixels", TensorProto.FLOAT, [1, 3, SIDE, SIDE])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, [1, 1, SIDE, SIDE])],
        [numpy_helper.from_array(REDNESS, "w"), numpy_helper.from_array(np.array([-1.0], np.float32), "b")])
    # masks = embedding * max(point_labels): a positive click shows the red object, negatives alone nothing
    decoder = helper.make_graph(
        [helper.make_node("ReduceMax", ["point_labels"], ["top"], keepdims=0),
         helper.make_node("Mul", ["image_embeddings", "top"], ["masks"]),
         helper.make_node("ReduceMean", ["point_coords"], ["mean_xy"], keepdims=0),
         helper.make_node("Mul", ["mean_xy", "zero"], ["nothing"]),
         helper.make_node("Add", ["nothing", "point_nine"], ["iou_predictions"])], "decoder",
        [helper.make_tensor_value_info("image_embeddings", TensorProto.FLOAT, [1, 1, SIDE, SIDE]),
         helper.make_tensor_value_info("point_coords", TensorProto.FLOAT, [1, None, 2]),
         helper.make_tensor_value_info("point_labels", TensorProto.FLOAT, [1, None])],
        [helper.make_tensor_value_info("masks", TensorProto.FLOAT, [1, 1, SIDE, SIDE]),
         helper.make_tensor_value_info("iou_predictions", TensorProto.FLOAT, [])],
        [numpy_helper.from_array(np.array(0.0, np.float32), "zero"),
         numpy_helper.from_array(np.array(0.9, np.float32), "point_nine")])
    return _save(encoder, folder / "encoder.onnx"), _save(decoder, folder / "decoder.onnx")


SEMANTIC_CONFIG = {"type": "semantic",
                   "input": {"name": "image", "size": [SIDE, SIDE], "layout": "NCHW",
                             "mean": [0, 0, 0], "std": [1, 1, 1], "scale": 255},
                   "output": {"name": "logits", "kind": "logits"},
                   "classes": {"0": None, "1": 1}}
SAM_CONFIG = {"type": "sam",
              "encoder": {"name": "pixels", "size": [SIDE, SIDE], "output": "embedding"},
              "decoder": {"embedding_input": "image_embeddings", "points_input": "point_coords",
                          "labels_input": "point_labels", "mask_output": "masks", "score_output": "iou_predictions"}}
