from typing import Any

from rest_framework import serializers

from labelplatform.assets.models import Asset


class AssetOutSerializer(serializers.ModelSerializer[Asset]):
    thumbnail_ready = serializers.SerializerMethodField()
    label_count = serializers.SerializerMethodField()

    class Meta:
        model = Asset
        fields = ["id", "project", "name", "width", "height", "status", "sha256", "size_bytes",
                  "mime_type", "priority", "thumbnail_ready", "label_count", "created_at"]

    def get_thumbnail_ready(self, asset: Asset) -> bool:
        return bool(asset.thumbnail)

    def get_label_count(self, asset: Asset) -> int:
        count = getattr(asset, "label_count", None)
        if count is None and self.context.get("just_created"):
            return 0  # rows this request inserted have no labels: no COUNT query per uploaded file
        return int(count) if count is not None else asset.labels.count()


class UploadSerializer(serializers.Serializer[dict[str, Any]]):
    files = serializers.ListField(child=serializers.FileField(), help_text="one or more images")
