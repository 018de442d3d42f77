from typing import Any

from django.contrib.auth.models import User
from rest_framework import serializers

from labelplatform.common.fields import (
    JSONField,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
    StrictRegexField,
)
from labelplatform.datasets.formats import EXPORT_FORMATS
from labelplatform.datasets.models import DatasetVersion, LabelChoice
from labelplatform.labels.objects import track_of_text

IMPORT_FORMATS = ("auto", "images", "coco", "coco_panoptic", "semantic_png", "rgb_png", "instance_png", "voc",
                  "cityscapes", "yolo", "ndjson", "davis_png", "youtube_vis", "mots")
SEQUENCE_FORMATS = ("davis_png", "youtube_vis", "mots")


class ExportInSerializer(serializers.Serializer[dict[str, Any]]):
    format = serializers.ChoiceField(choices=sorted(EXPORT_FORMATS))
    labels = serializers.ChoiceField(choices=LabelChoice.choices, default=LabelChoice.LATEST)
    version = StrictCharField(max_length=100, required=False, allow_null=True, default=None)
    include_images = StrictBooleanField(default=False, help_text="put the image files in the zip")
    polygons = StrictBooleanField(default=False, help_text="coco: polygons instead of RLE")
    compress = StrictBooleanField(default=True, help_text="deflate JSON and text in the zip (false: stored, "
                                                                "faster for very large exports)")
    instance_mode = serializers.ChoiceField(choices=("binary", "alpha"), default="binary",
                                            help_text="instance_png: 0/255 grey, or RGBA with the mask as alpha")
    synthetic = serializers.ChoiceField(choices=("exclude", "include", "only"), default="exclude",
                                        help_text="the data engine's synthetic images: left out, with the real "
                                                  "data, or alone")
    bucket = StrictIntegerField(required=False, allow_null=True, default=None, min_value=1,
                                help_text="a bucket source of the project: the result is also written there")
    bucket_prefix = StrictCharField(max_length=300, required=False, allow_blank=True, default="",
                                    help_text="the key prefix in that bucket, e.g. 'exports/' (the key ends in the "
                                              "result's file name)")


class ImportInSerializer(serializers.Serializer[dict[str, Any]]):
    file = serializers.FileField(required=False, help_text="a zip, a JSON or NDJSON file, or one image")
    # blank is "not given" (a form's empty text input); exactly one of file, path and urls is checked below
    path = serializers.CharField(required=False, allow_blank=True, max_length=1000,
                                 help_text="a folder under IMPORT_ROOTS")
    urls = serializers.ListField(child=serializers.URLField(max_length=2000), required=False, max_length=1000)
    format = serializers.ChoiceField(choices=IMPORT_FORMATS, default="auto")
    predictions = StrictBooleanField(default=False, help_text="store as pre-labels, not labels")
    model_version = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)
    # A declared field, which DRF's metaclass takes off the class; the stubs read it as Field.source.
    # Blank is "import" too (a form's empty text input is not given; run.py reads `source or "import"`).
    source = serializers.CharField(required=False, default="import", allow_blank=True,  # type: ignore[assignment]
                                   max_length=200)
    add_classes = StrictBooleanField(default=False, help_text="add classes missing from the ontology")
    status = serializers.ChoiceField(choices=("draft", "submitted"), default="submitted")
    sequence = StrictIntegerField(required=False, allow_null=True, default=None, min_value=1,
                                  help_text="the project's sequence a davis_png, youtube_vis or mots "
                                            "file is read into (its frames by index)")
    track_classes = JSONField(required=False, default=dict, help_text=(
        'sequence formats: {"<track id>": class name or id}, over the classes the file gives'))

    def validate_track_classes(self, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict) or len(value) > 10000:
            raise serializers.ValidationError('an object {"<track id>": class name or id} of at most 10000 tracks')
        for key, ref in value.items():
            if track_of_text(key) is None:
                raise serializers.ValidationError(f"{key[:50]!r}: a track id is an integer from 1")
            if isinstance(ref, bool) or not isinstance(ref, (str, int)) or (isinstance(ref, str) and
                                                                             not 0 < len(ref) <= 200):
                raise serializers.ValidationError(f"track {key}: a class name (1..200 characters) or a class id")
        return value

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        given = [key for key in ("file", "path", "urls") if data.get(key)]
        if len(given) != 1:
            raise serializers.ValidationError("send exactly one of: a multipart `file`, a `path`, or `urls`")
        if data["format"] in SEQUENCE_FORMATS and data.get("sequence") is None:
            raise serializers.ValidationError({"sequence": [f"{data['format']} is read into a sequence: name it"]})
        if data.get("sequence") is not None and data["format"] not in ("auto", *SEQUENCE_FORMATS):
            raise serializers.ValidationError({"format": [f"a sequence reads {', '.join(SEQUENCE_FORMATS)} (or auto)"]})
        if data.get("track_classes") and data.get("sequence") is None:
            raise serializers.ValidationError({"track_classes": ["only with a sequence"]})
        return data


class VersionInSerializer(serializers.Serializer[dict[str, Any]]):
    name = StrictRegexField(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", error_messages={
        "invalid": "a name is 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit"})
    labels = serializers.ChoiceField(choices=(LabelChoice.LATEST, LabelChoice.ACCEPTED), default=LabelChoice.LATEST)
    description = StrictCharField(required=False, default="", allow_blank=True, max_length=5000)


class CompareInSerializer(serializers.Serializer[dict[str, Any]]):
    a = StrictCharField(max_length=100, help_text="the version compared from")
    b = StrictCharField(max_length=100, help_text="the version compared to")
    limit = StrictIntegerField(min_value=1, max_value=5000, default=200,
                               help_text="changed assets described one by one (all are counted)")


class VersionOutSerializer(serializers.ModelSerializer[DatasetVersion]):
    created_by: "serializers.SlugRelatedField[User]" = serializers.SlugRelatedField(slug_field="username",
                                                                                    read_only=True)

    class Meta:
        model = DatasetVersion
        fields = ["id", "name", "description", "labels", "ontology_version", "asset_count", "object_count",
                  "created_by", "created_at"]


class VersionDetailSerializer(VersionOutSerializer):
    class Meta(VersionOutSerializer.Meta):
        fields = [*VersionOutSerializer.Meta.fields, "ontology", "mask_labels"]
