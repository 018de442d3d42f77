"""What exports read: one asset with its chosen label revision and objects (plain values, no models)."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson

from labelplatform.masks.rle import Rle


@dataclass(slots=True)
class ObjectRow:
    """bbox and attributes stay JSON text: writers embed them as they are (orjson.Fragment), no parsing."""

    id: int
    class_id: int
    counts: str
    area: int
    bbox_json: str
    attributes_json: str

    @property
    def bbox(self) -> orjson.Fragment:
        return orjson.Fragment(self.bbox_json)

    @property
    def attributes(self) -> orjson.Fragment:
        return orjson.Fragment(self.attributes_json)

    def attribute_values(self) -> dict[str, Any]:
        values: dict[str, Any] = orjson.loads(self.attributes_json)
        return values


@dataclass(slots=True)
class AssetRow:
    asset_id: int
    name: str
    file: str
    width: int
    height: int
    sha256: str
    asset_status: str
    label_id: int
    author: str
    revision: int
    label_status: str
    classifications: dict[str, Any]
    time_spent_s: float
    updated_at: datetime
    ontology_version: int
    objects: list[ObjectRow] = field(default_factory=list)

    def rle(self, obj: ObjectRow) -> Rle:
        return {"size": [self.height, self.width], "counts": obj.counts}
