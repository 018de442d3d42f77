"""Input checks and output shapes of the pre-labeling endpoints."""

from typing import Any

from rest_framework import serializers

from labelplatform.common.fields import JSONField, StrictFloatField, StrictIntegerField
from labelplatform.labels.serializers import LabelObjectOutSerializer
from labelplatform.prelabel.engines.prompts import Prompt, Scribble
from labelplatform.prelabel.models import Prediction, RegisteredModel, TrainedModel

MAX_POINTS = 200
MAX_SCRIBBLES = 50
MAX_SCRIBBLE_POINTS = 5000


def _point(value: Any, where: str, width: int, height: int) -> tuple[float, float]:
    if (not isinstance(value, list | tuple) or len(value) < 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value[:2])):
        raise serializers.ValidationError(f"{where} must be [x, y] numbers")
    x, y = float(value[0]), float(value[1])
    if not (0 <= x < width and 0 <= y < height):
        raise serializers.ValidationError(f"{where} = [{x:g}, {y:g}] is outside the {width}x{height} image")
    return x, y


class SegmentInSerializer(serializers.Serializer[dict[str, Any]]):
    backend = serializers.CharField(required=False, max_length=100)  # absent: mobilesam if installed, else grabcut
    box = serializers.ListField(child=StrictFloatField(), min_length=4, max_length=4, required=False)
    points = serializers.ListField(child=serializers.ListField(), required=False, max_length=MAX_POINTS)
    scribbles = serializers.ListField(child=serializers.DictField(), required=False, max_length=MAX_SCRIBBLES)

    def prompt(self, width: int, height: int) -> Prompt:
        """The prompt in image pixels; every coordinate inside the image, at least one prompt."""
        data = self.validated_data
        box = None
        if "box" in data:
            x, y, w, h = data["box"]
            if w <= 0 or h <= 0:
                raise serializers.ValidationError({"box": ["width and height must be positive"]})
            if x < 0 or y < 0 or x + w > width or y + h > height:
                raise serializers.ValidationError(
                    {"box": [f"[{x:g}, {y:g}, {w:g}, {h:g}] is not inside the {width}x{height} image"]})
            box = (x, y, w, h)
        points = []
        for i, raw in enumerate(data.get("points", [])):
            x, y = _point(raw, f"points[{i}]", width, height)
            if len(raw) != 3 or raw[2] not in (0, 1) or isinstance(raw[2], bool):
                raise serializers.ValidationError({"points": [f"points[{i}] must be [x, y, 1|0] (1 = inside)"]})
            points.append((x, y, raw[2] == 1))
        scribbles = [self._scribble(raw, i, width, height) for i, raw in enumerate(data.get("scribbles", []))]
        prompt = Prompt(box=box, points=points, scribbles=scribbles)
        if box is None and not points and not scribbles:
            raise serializers.ValidationError({"detail": "give a box, points or scribbles"})
        if not prompt.locates:
            raise serializers.ValidationError(
                {"detail": "without a box, at least one positive point or scribble (label 1) is needed"})
        return prompt

    @staticmethod
    def _scribble(raw: dict[str, Any], index: int, width: int, height: int) -> Scribble:
        where = f"scribbles[{index}]"
        points = raw.get("points")
        if not isinstance(points, list) or not points or len(points) > MAX_SCRIBBLE_POINTS:
            raise serializers.ValidationError(
                {"scribbles": [f"{where}.points must be a list of 1..{MAX_SCRIBBLE_POINTS} [x, y]"]})
        label = raw.get("label")
        if label not in (0, 1) or isinstance(label, bool):
            raise serializers.ValidationError({"scribbles": [f"{where}.label must be 1 (inside) or 0 (outside)"]})
        radius = raw.get("radius", 3)
        if isinstance(radius, bool) or not isinstance(radius, int | float) or not 0.5 <= radius <= 100:
            raise serializers.ValidationError({"scribbles": [f"{where}.radius must be a number in 0.5..100"]})
        try:
            xy = [_point(p, f"{where}.points[{j}]", width, height) for j, p in enumerate(points)]
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"scribbles": exc.detail}) from None
        return Scribble(xy, label == 1, float(radius))


class PrelabelInSerializer(serializers.Serializer[dict[str, Any]]):
    backend = serializers.CharField(max_length=100)
    assets = serializers.ListField(child=StrictIntegerField(min_value=1), required=False,
                                   allow_empty=False, max_length=100000)


class ModelRegisterSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=["onnx", "http"])
    config = JSONField()


class PredictedObjectOutSerializer(LabelObjectOutSerializer):
    """An object of prediction_out: a label object's shape, with a score instead of attributes."""

    attributes = None  # type: ignore[assignment]
    score = StrictFloatField(allow_null=True)


class PredictionOutSerializer(serializers.Serializer[dict[str, Any]]):
    """The body prediction_out builds, for the schema."""

    id = StrictIntegerField()
    asset = StrictIntegerField()
    source = serializers.CharField()  # type: ignore[assignment]  # named like Field.source; the stubs see that
    model_version = serializers.CharField()
    score = StrictFloatField(allow_null=True)
    created_at = serializers.DateTimeField()
    objects = PredictedObjectOutSerializer(many=True)


def prediction_out(prediction: Prediction) -> dict[str, Any]:
    size = [prediction.asset.height, prediction.asset.width]
    return {
        "id": prediction.pk, "asset": prediction.asset_id, "source": prediction.source,
        "model_version": prediction.model_version, "score": prediction.score,
        "created_at": prediction.created_at.isoformat(),
        "objects": [{"id": o.pk, "class": o.class_id, "mask": {"size": size, "counts": o.counts},
                     "score": o.score, "area": o.area, "bbox": o.bbox, "track": o.track}
                    for o in prediction.predicted_objects.all()],
    }


def registered_out(model: RegisteredModel) -> dict[str, Any]:
    config = dict(model.config)
    if "headers" in config:  # may hold the customer's API key: names only
        config["headers"] = {name: "***" for name in config["headers"]}
    return {"id": model.pk, "backend": f"{model.kind}:{model.pk}", "name": model.name, "kind": model.kind,
            "type": model.config.get("type", "http"), "config": config, "files": sorted(model.files),
            "created_at": model.created_at.isoformat()}


def trained_out(model: TrainedModel) -> dict[str, Any]:
    return {"backend": "trained", "version": model.version, "classes": model.classes,
            "labels_used": model.labels_used, "metrics": model.metrics, "created_at": model.created_at.isoformat()}
