"""The browser's decoder: SAM's exported decoder with its image-only work moved into a "prepare" model.

In the first two-way attention layer the image tokens are still the embedding plus the dense prompt
(`src = image_embeddings + dense`), so three of the decoder's ten 4096x256x128 products are linear in it:
the token-to-image keys ((src + pe) Wk), values (src Wv) and the image-to-token queries ((src + pe) Wq). By
linearity each is (E [+ pe]) W, which depends on the image only, plus dense W. The dense prompt is either the
"no mask" vector (first clicks) or the last 1x1 convolution of the mask downscaling applied to 16 channels g,
so dense W = has_mask * (g (W6^T W) + b6 W) + (1 - has_mask) * no_mask W: a 4096x16x384 product instead of
three 4096x256x128 ones. The prepare model computes the image part once per embedding ([1, 4096, 384]); the
web decoder takes it as one more input and computes the rest.

Where the tokens attend to the image after that (layer 1's token-to-image attention and the final one), the
image tokens X are never projected either: per head the scores q (X Wk_h + bk_h)^T are (q Wk_h^T) X^T + q bk_h,
and the mix A (X Wv_h + bv_h) is (A X) Wv_h + bv_h (a softmax row sums to 1), so each 4096x256x128 projection
becomes a product over the 8 heads' few query rows (8 x (6 + clicks) instead of 128 columns): about half the
work at one or two clicks, the same at ten. Nothing else of the graph changes.

The same sums in another order: the installer keeps the pair only when it answers the whole decoder's logits
and scores within WEB_TOLERANCE on a check embedding (max error printed and recorded in the manifest).
"""

from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from labelplatform.prelabel.engines.onnx_models import ModelRunError, load_session, run_session

PROJECTIONS_INPUT = "image_projections"
# Bump when the rewrite changes: the installer makes the pair again for an install that recorded another revision.
WEB_REVISION = 2
# The token-to-image attention blocks whose image-side projections are folded into the queries and the mix.
FOLDED = ("/transformer/layers.1/cross_attn_token_to_image", "/transformer/final_attn_token_to_image")
HEADS = 8
# The layer-0 products moved out, in the order of their columns in the prepare model's output.
LAYER0 = "/transformer/layers.0"
PRODUCTS = (  # (MatMul node, whether its input has the positional encoding added)
    (f"{LAYER0}/cross_attn_token_to_image/k_proj/MatMul", True),
    (f"{LAYER0}/cross_attn_token_to_image/v_proj/MatMul", False),
    (f"{LAYER0}/cross_attn_image_to_token/q_proj/MatMul", True),
)
KEYS = "/transformer/Transpose_output_0"  # src as [1, 4096, 256] tokens
KEY_PE = "/transformer/Transpose_1_output_0"  # the image's positional encoding, same layout
MASK_FEATURES = "/mask_downscaling/mask_downscaling.5/Mul_1_output_0"  # g: [1, 16, 64, 64]
MASK_CONV = "/mask_downscaling/mask_downscaling.6/Conv"  # 1x1, 16 -> 256
NO_MASK_BLEND = "/Mul_9"  # (1 - has_mask) * no_mask_embed
WEB_TOLERANCE = 1e-3  # largest |web - whole| of logits and scores accepted (float32 reordering: about 1e-5)


def _initializers(model: Any) -> dict[str, NDArray[np.float32]]:
    from onnx import numpy_helper

    return {init.name: numpy_helper.to_array(init) for init in model.graph.initializer}


def _key_pe(source: Path) -> NDArray[np.float32]:
    """The decoder's image positional encoding ([1, 4096, 256]): the decoder's own nodes run on one click."""
    import onnx
    import onnxruntime

    model = onnx.load(str(source))
    model.graph.output.append(onnx.helper.make_empty_tensor_value_info(KEY_PE))
    feeds = {
        "image_embeddings": np.zeros((1, 256, 64, 64), np.float32),
        "point_coords": np.zeros((1, 1, 2), np.float32),
        "point_labels": np.ones((1, 1), np.float32),
        "mask_input": np.zeros((1, 1, 256, 256), np.float32),
        "has_mask_input": np.zeros(1, np.float32),
    }
    session = onnxruntime.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return np.asarray(session.run([KEY_PE], feeds)[0], np.float32)


def split_decoder(source: Path, decoder: Path, prepare: Path) -> None:
    """Write the web decoder and its prepare model made from the exported decoder at `source`; ValueError when the
    graph is not the SAM decoder this rewrite knows."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    try:
        model = onnx.load(str(source))
    except Exception as exc:  # protobuf's DecodeError and friends: not an ONNX file at all
        raise ValueError(f"{source.name} is not a readable ONNX file ({exc})") from None
    graph = model.graph
    weights = _initializers(model)
    nodes = {node.name: node for node in graph.node}
    missing = [name for name, _ in PRODUCTS if name not in nodes] + [
        n for n in (MASK_CONV, NO_MASK_BLEND) if n not in nodes
    ]
    if missing:
        raise ValueError(f"{source.name} has no node {missing[0]!r}: not the SAM decoder the web split knows")
    products = [nodes[name] for name, _ in PRODUCTS]
    mats = [weights[node.input[1]].astype(np.float64) for node in products]  # each [256, 128]
    conv = nodes[MASK_CONV]
    w6 = weights[conv.input[1]][:, :, 0, 0].astype(np.float64)  # [256, 16]
    b6 = weights[conv.input[2]].astype(np.float64)
    no_mask = weights[nodes[NO_MASK_BLEND].input[1]].astype(np.float64).reshape(-1)  # [256]
    width = sum(m.shape[1] for m in mats)

    def const(name: str, value: NDArray[Any], dtype: type = np.float32) -> str:
        graph.initializer.append(numpy_helper.from_array(np.asarray(value, dtype), name))
        return name

    web = "/web_split"
    g_weight = const(f"{web}/mask_weight", np.concatenate([w6.T @ m for m in mats], axis=1))  # [16, 384]
    with_mask = const(f"{web}/with_mask", np.concatenate([b6 @ m for m in mats]))
    without_mask = const(f"{web}/without_mask", np.concatenate([no_mask @ m for m in mats]))
    shape = const(f"{web}/g_shape", np.array([1, 16, -1]), np.int64)
    one = const(f"{web}/one", np.array([1.0]))
    added = [
        helper.make_node("Reshape", [MASK_FEATURES, shape], [f"{web}/g_flat"], name=f"{web}/Reshape"),
        helper.make_node("Transpose", [f"{web}/g_flat"], [f"{web}/g_tokens"], name=f"{web}/Transpose", perm=[0, 2, 1]),
        helper.make_node("Mul", [f"{web}/g_tokens", "has_mask_input"], [f"{web}/g_masked"], name=f"{web}/Mul"),
        helper.make_node("MatMul", [f"{web}/g_masked", g_weight], [f"{web}/g_part"], name=f"{web}/MatMul"),
        helper.make_node("Mul", ["has_mask_input", with_mask], [f"{web}/bias_with"], name=f"{web}/Mul_1"),
        helper.make_node("Sub", [one, "has_mask_input"], [f"{web}/no_mask"], name=f"{web}/Sub"),
        helper.make_node("Mul", [f"{web}/no_mask", without_mask], [f"{web}/bias_without"], name=f"{web}/Mul_2"),
        helper.make_node("Add", [f"{web}/bias_with", f"{web}/bias_without"], [f"{web}/bias"], name=f"{web}/Add"),
        helper.make_node("Add", [PROJECTIONS_INPUT, f"{web}/g_part"], [f"{web}/sum"], name=f"{web}/Add_1"),
        helper.make_node("Add", [f"{web}/sum", f"{web}/bias"], [f"{web}/all"], name=f"{web}/Add_2"),
        helper.make_node(
            "Split",
            [f"{web}/all", const(f"{web}/widths", np.array([m.shape[1] for m in mats]), np.int64)],
            [node.output[0] for node in products],
            name=f"{web}/Split",
            axis=2,
        ),
    ]
    removed = {node.name for node in products}
    kept = [node for node in graph.node if node.name not in removed]
    first_user = next(i for i, node in enumerate(kept) if any(o in node.input for p in products for o in p.output))
    del graph.node[:]
    graph.node.extend(kept[:first_user] + added + kept[first_user:])
    graph.input.append(helper.make_tensor_value_info(PROJECTIONS_INPUT, TensorProto.FLOAT, [1, 4096, width]))
    for block in FOLDED:
        _fold_image_products(model, block, weights)
    onnx.checker.check_model(model)
    model = onnx.shape_inference.infer_shapes(model)
    _prune(model)
    onnx.save(model, str(decoder))
    onnx.save(_prepare_model(model, products, mats, _key_pe(source), width), str(prepare))


def _fold_image_products(model: Any, block: str, weights: dict[str, NDArray[np.float32]]) -> None:
    """In one tokens-attend-to-image block: scores from (q Wk_h^T) X^T + q bk_h, the mix as (A X) Wv_h + bv_h; the
    block's k/v projections and their reshapes are left for _prune."""
    from onnx import helper, numpy_helper

    graph = model.graph
    nodes = {node.name: node for node in graph.node}
    needed = [
        f"{block}/{name}"
        for name in ("k_proj/MatMul", "k_proj/Add", "v_proj/MatMul", "v_proj/Add", "MatMul", "MatMul_1", "Transpose")
    ]
    missing = [name for name in needed if name not in nodes]
    if missing:
        raise ValueError(f"the decoder has no node {missing[0]!r}: not the SAM decoder the web split knows")

    def bias(add: Any) -> NDArray[np.float32]:
        return next(weights[name] for name in add.input if name in weights)

    k, v = nodes[f"{block}/k_proj/MatMul"], nodes[f"{block}/v_proj/MatMul"]
    wk, wv = weights[k.input[1]], weights[v.input[1]]  # [256, 128]
    bk, bv = bias(nodes[f"{block}/k_proj/Add"]), bias(nodes[f"{block}/v_proj/Add"])
    channels, width = wk.shape
    per_head = width // HEADS
    consts = {
        "wk": wk.reshape(channels, HEADS, per_head).transpose(1, 2, 0)[None],  # [1, 8, 16, 256]
        "bk": bk.reshape(HEADS, per_head)[None, :, :, None],  # [1, 8, 16, 1]
        "wv": wv.reshape(channels, HEADS, per_head).transpose(1, 0, 2)[None],  # [1, 8, 256, 16]
        "bv": bv.reshape(HEADS, per_head)[None, :, None, :],
    }  # [1, 8, 1, 16]
    name = f"{block}/folded"
    for key, value in consts.items():
        graph.initializer.append(numpy_helper.from_array(np.ascontiguousarray(value, np.float32), f"{name}/{key}"))
    queries = nodes[f"{block}/Transpose"].output[0]  # [1, 8, n, 16]
    scores, mix = nodes[f"{block}/MatMul"], nodes[f"{block}/MatMul_1"]
    made = {
        scores.output[0]: [
            helper.make_node("MatMul", [queries, f"{name}/wk"], [f"{name}/qw"], name=f"{name}/qw"),
            helper.make_node("Transpose", [k.input[0]], [f"{name}/xt"], name=f"{name}/xt", perm=[0, 2, 1]),
            helper.make_node("MatMul", [f"{name}/qw", f"{name}/xt"], [f"{name}/qx"], name=f"{name}/qx"),
            helper.make_node("MatMul", [queries, f"{name}/bk"], [f"{name}/qb"], name=f"{name}/qb"),
            helper.make_node("Add", [f"{name}/qx", f"{name}/qb"], [scores.output[0]], name=f"{name}/scores"),
        ],
        mix.output[0]: [
            helper.make_node("MatMul", [mix.input[0], v.input[0]], [f"{name}/ax"], name=f"{name}/ax"),
            helper.make_node("MatMul", [f"{name}/ax", f"{name}/wv"], [f"{name}/axw"], name=f"{name}/axw"),
            helper.make_node("Add", [f"{name}/axw", f"{name}/bv"], [mix.output[0]], name=f"{name}/mix"),
        ],
    }
    rebuilt = []
    for node in graph.node:
        rebuilt.extend(made.get(node.output[0], [node]))
    del graph.node[:]
    graph.node.extend(rebuilt)


def _prune(model: Any) -> None:
    """Drop the nodes and initializers nothing reads any more (the positional add the moved products read)."""
    graph = model.graph
    needed = {out.name for out in graph.output}
    keep = []
    for node in reversed(graph.node):
        if any(o in needed for o in node.output):
            keep.append(node)
            needed.update(node.input)
    del graph.node[:]
    graph.node.extend(reversed(keep))
    used = [init for init in graph.initializer if init.name in needed]
    del graph.initializer[:]
    graph.initializer.extend(used)


def _prepare_model(
    decoder: Any, products: list[Any], mats: list[NDArray[np.float64]], key_pe: NDArray[np.float32], width: int
) -> Any:
    """image_embeddings [1, 256, 64, 64] -> image_projections [1, 4096, 384]: the moved products of the image."""
    from onnx import TensorProto, helper, numpy_helper

    pe_added = [with_pe for _, with_pe in PRODUCTS]
    inits = [
        numpy_helper.from_array(key_pe, "key_pe"),
        numpy_helper.from_array(np.array([1, 256, -1], np.int64), "flat"),
    ]
    nodes = [
        helper.make_node("Reshape", ["image_embeddings", "flat"], ["e_flat"]),
        helper.make_node("Transpose", ["e_flat"], ["e"], perm=[0, 2, 1]),
        helper.make_node("Add", ["e", "key_pe"], ["e_pe"]),
    ]
    for k, (mat, with_pe) in enumerate(zip(mats, pe_added, strict=True)):
        inits.append(numpy_helper.from_array(mat.astype(np.float32), f"w{k}"))
        nodes.append(helper.make_node("MatMul", ["e_pe" if with_pe else "e", f"w{k}"], [f"p{k}"]))
    nodes.append(helper.make_node("Concat", [f"p{k}" for k in range(len(mats))], [PROJECTIONS_INPUT], axis=2))
    graph = helper.make_graph(
        nodes,
        "sam_decoder_prepare",
        [helper.make_tensor_value_info("image_embeddings", TensorProto.FLOAT, [1, 256, 64, 64])],
        [helper.make_tensor_value_info(PROJECTIONS_INPUT, TensorProto.FLOAT, [1, 4096, width])],
        inits,
    )
    return helper.make_model(graph, opset_imports=list(decoder.opset_import), ir_version=decoder.ir_version)


def web_error(whole: Path, web: Path, prepare: Path, embedding: NDArray[np.float32]) -> tuple[float, int]:
    """(largest |web - whole| over logits and scores, low-res logits on the other side of 0) for a first click,
    then two clicks fed its logits back, as the editor asks: the pair must answer what the whole decoder does."""
    sessions = [load_session(str(path)) for path in (whole, web, prepare)]
    (projections,) = run_session(sessions[2], [PROJECTIONS_INPUT], {"image_embeddings": embedding}, "the prepare model")
    previous = np.zeros((1, 1, 256, 256), np.float32)
    worst, flipped = 0.0, 0
    for points, labels in (([[400.0, 300.0]], [1.0]), ([[400.0, 300.0], [620.0, 500.0]], [1.0, 0.0])):
        feeds = {
            "image_embeddings": embedding,
            "point_coords": np.asarray([[*points, [0.0, 0.0]]], np.float32),
            "point_labels": np.asarray([[*labels, -1.0]], np.float32),
            "mask_input": previous,
            "has_mask_input": np.asarray([float(previous.any())], np.float32),
        }
        outputs = ["low_res_masks", "iou_predictions"]
        expected = run_session(sessions[0], outputs, feeds, "the decoder")
        got = run_session(sessions[1], outputs, {**feeds, PROJECTIONS_INPUT: projections}, "the web decoder")
        for a, b in zip(expected, got, strict=True):
            worst = max(worst, float(np.abs(np.asarray(a, np.float32) - np.asarray(b, np.float32)).max()))
        flipped += int(((np.asarray(expected[0]) > 0) != (np.asarray(got[0]) > 0)).sum())
        best = int(np.argmax(np.asarray(expected[1])[0]))
        previous = np.asarray(expected[0], np.float32)[:, best : best + 1]
    return worst, flipped


def check_web_pair(decoder: Any, prepare: Any) -> None:
    """The two sessions fit together: the prepare model's output is the web decoder's extra input; raises
    ModelRunError."""
    made = [o.name for o in prepare.get_outputs()]
    taken = [i.name for i in decoder.get_inputs()]
    if made != [PROJECTIONS_INPUT] or PROJECTIONS_INPUT not in taken:
        raise ModelRunError(f"the browser decoder pair does not fit: prepare makes {made}, the decoder takes {taken}")
