from typing import Any

from rest_framework import serializers

from labelplatform.common.fields import StrictBooleanField, StrictIntegerField
from labelplatform.dataengine.services import MAX_SYNTHETIC


def _id() -> StrictIntegerField:
    """A new field each time: DRF binds a child field to its list, so one instance cannot be shared."""
    return StrictIntegerField(min_value=1)


class EngineTrainInSerializer(serializers.Serializer[dict[str, Any]]):
    synthetic = StrictBooleanField(default=True, help_text="train on the project's synthetic images too")


# min_length states allow_empty=False in the schema (minItems), which drf-spectacular does not derive
class EnginePrelabelInSerializer(serializers.Serializer[dict[str, Any]]):
    assets = serializers.ListField(child=_id(), required=False, allow_empty=False, min_length=1, max_length=100000,
                                   help_text="default: every real asset without a submitted label")


class SynthesizeInSerializer(serializers.Serializer[dict[str, Any]]):
    count = StrictIntegerField(min_value=1, max_value=MAX_SYNTHETIC)
    classes = serializers.ListField(child=_id(), required=False, allow_empty=False, min_length=1, max_length=1000,
                                    help_text="copy objects of these classes only")
    backgrounds = serializers.ListField(child=_id(), required=False, allow_empty=False, min_length=1,
                                        max_length=10000,
                                        help_text="assets to paste onto (default: the labeled images)")
    seed = StrictIntegerField(min_value=0, max_value=2**31 - 1, default=0)

