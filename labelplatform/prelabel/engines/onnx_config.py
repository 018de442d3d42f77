"""The JSON config that says how to feed and read a user's ONNX model (checked before any file is kept)."""

from typing import Any

LAYOUTS = ("NCHW", "NHWC")
OUTPUT_KINDS = ("logits", "probabilities", "labels")
RESIZES = ("stretch", "longest")  # SAM encoders: to `size` exactly, or longest side to max(size), padded in the graph
MAX_SIDE = 4096


class ConfigError(ValueError):
    """The config is unusable; the message names the field."""


def _field(doc: dict[str, Any], key: str, where: str) -> Any:
    if key not in doc:
        raise ConfigError(f"{where}.{key} is missing")
    return doc[key]


def _name(doc: dict[str, Any], key: str, where: str) -> str:
    value = _field(doc, key, where)
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where}.{key} must be a tensor name (non-empty string)")
    return value


def _image_input(doc: Any, where: str) -> dict[str, Any]:
    if not isinstance(doc, dict):
        raise ConfigError(f"{where} must be an object")
    size = _field(doc, "size", where)
    if (not isinstance(size, list) or len(size) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= MAX_SIDE for v in size)):
        raise ConfigError(f"{where}.size must be [height, width], integers in 1..{MAX_SIDE}")
    out = {"name": _name(doc, "name", where), "size": size, "layout": doc.get("layout", "NCHW"),
           "mean": doc.get("mean", [0.0, 0.0, 0.0]), "std": doc.get("std", [1.0, 1.0, 1.0]),
           "scale": doc.get("scale", 255.0), "color": doc.get("color", "RGB")}
    if out["layout"] not in LAYOUTS:
        raise ConfigError(f"{where}.layout must be one of {', '.join(LAYOUTS)}")
    if out["color"] not in ("RGB", "BGR"):
        raise ConfigError(f"{where}.color must be RGB or BGR")
    for key in ("mean", "std"):
        values = out[key]
        if (not isinstance(values, list) or len(values) != 3
                or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)):
            raise ConfigError(f"{where}.{key} must be three numbers")
    if any(v == 0 for v in out["std"]) or not isinstance(out["scale"], int | float) or out["scale"] <= 0:
        raise ConfigError(f"{where}: std values and scale must not be zero")
    return out


def _class_map(doc: Any, known_classes: set[int]) -> dict[int, int]:
    if not isinstance(doc, dict) or not doc:
        raise ConfigError("classes must map output indices to ontology class ids, e.g. {\"1\": 1}")
    mapping = {}
    for key, value in doc.items():
        try:
            index = int(key)
        except ValueError:
            raise ConfigError(f"classes: key {key!r} is not an output index") from None
        if value is None:
            continue  # an output the project does not label (e.g. background)
        if isinstance(value, bool) or not isinstance(value, int) or value not in known_classes:
            raise ConfigError(f"classes[{key}]: {value!r} is not an active class of the ontology")
        mapping[index] = value
    if not mapping:
        raise ConfigError("classes maps no output to an ontology class")
    return mapping


def _sam_resize(encoder: dict[str, Any]) -> dict[str, str]:
    resize = encoder.get("resize", "stretch")
    if resize not in RESIZES:
        raise ConfigError(f"config.encoder.resize must be one of {', '.join(RESIZES)}")
    return {"resize": resize}


def _sam_low_res(decoder: dict[str, Any], names: dict[str, str]) -> dict[str, bool]:
    """low_res: mask_output is SAM's four 256x256 logits of the padded input (docs/prelabel.md)."""
    low_res = decoder.get("low_res", False)
    if not isinstance(low_res, bool):
        raise ConfigError("config.decoder.low_res must be true or false")
    if low_res and not {"score_output", "mask_input", "has_mask_input"} <= set(names):
        raise ConfigError("config.decoder.low_res needs score_output, mask_input and has_mask_input")
    return {"low_res": low_res}


def check_onnx_config(doc: Any, known_classes: set[int]) -> dict[str, Any]:
    """The config, checked and with defaults filled in; raises ConfigError naming the field."""
    if not isinstance(doc, dict):
        raise ConfigError("config must be a JSON object")
    kind = doc.get("type", "semantic")
    if kind == "semantic":
        output = _field(doc, "output", "config")
        if not isinstance(output, dict):
            raise ConfigError("config.output must be an object")
        output_kind = output.get("kind", "logits")
        if output_kind not in OUTPUT_KINDS:
            raise ConfigError(f"config.output.kind must be one of {', '.join(OUTPUT_KINDS)}")
        min_pixels = doc.get("min_pixels", 16)
        if isinstance(min_pixels, bool) or not isinstance(min_pixels, int) or min_pixels < 1:
            raise ConfigError("config.min_pixels must be a positive integer")
        return {"type": "semantic", "input": _image_input(_field(doc, "input", "config"), "config.input"),
                "output": {"name": _name(output, "name", "config.output"), "kind": output_kind},
                "classes": {str(k): v for k, v in _class_map(_field(doc, "classes", "config"), known_classes).items()},
                "min_pixels": min_pixels}
    if kind == "sam":
        encoder = _field(doc, "encoder", "config")
        decoder = _field(doc, "decoder", "config")
        if not isinstance(encoder, dict) or not isinstance(decoder, dict):
            raise ConfigError("config.encoder and config.decoder must be objects")
        checked_decoder = {key: _name(decoder, key, "config.decoder") for key in
                           ("embedding_input", "points_input", "labels_input", "mask_output")}
        for optional in ("score_output", "mask_input", "has_mask_input", "orig_size_input"):
            if optional in decoder:
                checked_decoder[optional] = _name(decoder, optional, "config.decoder")
        return {"type": "sam", "encoder": {**_image_input(encoder, "config.encoder"), **_sam_resize(encoder),
                                           "output": _name(encoder, "output", "config.encoder")},
                "decoder": {**checked_decoder, **_sam_low_res(decoder, checked_decoder)}}
    raise ConfigError("config.type must be 'semantic' or 'sam'")
