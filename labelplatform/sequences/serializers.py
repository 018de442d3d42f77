"""Input checks and output shapes of the sequence endpoints."""

from typing import Any

from rest_framework import serializers

from labelplatform.jobs.serializers import JobOutSerializer
from labelplatform.labels.objects import MAX_TRACK
from labelplatform.sequences.models import Frame, Sequence

MAX_FPS = 240.0


class SequenceUploadSerializer(serializers.Serializer[dict[str, Any]]):
    file = serializers.FileField(help_text="a video (mp4, mov, webm) or a zip of frames (natural order of names)")
    name = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                 help_text="default: the file's name without its extension")
    # not nullable: a form field cannot carry null, so "its native rate" is the field left out
    fps = serializers.FloatField(required=False, min_value=0.01, max_value=MAX_FPS,
                                 help_text="decode a video at this frame rate; absent: its native rate")


class SequenceOutSerializer(serializers.ModelSerializer[Sequence]):
    class Meta:
        model = Sequence
        fields = ["id", "project", "name", "status", "error", "fps", "width", "height", "frame_count",
                  "source_kind", "source_name", "source_size", "source_info", "job", "created_by", "created_at"]


class SequenceStartedSerializer(JobOutSerializer):
    """The decoding job, with the sequence it fills."""

    sequence = serializers.SerializerMethodField()

    class Meta(JobOutSerializer.Meta):
        fields = [*JobOutSerializer.Meta.fields, "sequence"]

    def get_sequence(self, job: Any) -> int:
        return int(job.params["sequence"])


class FrameOutSerializer(serializers.ModelSerializer[Frame]):
    labeled = serializers.BooleanField(help_text="the frame's asset has a label (draft or submitted)")
    submitted = serializers.BooleanField(help_text="the frame's asset has a submitted label")
    score = serializers.FloatField(allow_null=True, help_text="the newest prediction's confidence (0..1)")
    status = serializers.CharField(source="asset.status", help_text="the frame's asset status")
    thumbnail_ready = serializers.SerializerMethodField()

    class Meta:
        model = Frame
        fields = ["index", "asset", "status", "labeled", "submitted", "score", "thumbnail_ready"]

    def get_thumbnail_ready(self, frame: Frame) -> bool:
        return bool(frame.asset.thumbnail)


class TrackOutSerializer(serializers.Serializer[dict[str, Any]]):
    track = serializers.IntegerField()
    name = serializers.CharField()
    attributes = serializers.DictField(help_text="attributes that hold on every frame of the track")
    labeled_frames = serializers.IntegerField(help_text="frames whose current label has the track")
    first = serializers.IntegerField(allow_null=True, help_text="first labeled frame index")
    last = serializers.IntegerField(allow_null=True, help_text="last labeled frame index")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["class"] = serializers.IntegerField(allow_null=True, help_text="class id")  # a keyword in Python
        return fields


class SequenceDetailSerializer(SequenceOutSerializer):
    """For the schema: the view builds the body from the sequence, its frames and tracks."""

    frames = FrameOutSerializer(many=True)
    tracks = TrackOutSerializer(many=True)

    class Meta(SequenceOutSerializer.Meta):
        fields = [*SequenceOutSerializer.Meta.fields, "frames", "tracks"]


class TrackInSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    attributes = serializers.DictField(required=False, default=dict)

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["class"] = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                                   help_text="class id from the ontology")
        return fields


class TrackCreateSerializer(TrackInSerializer):
    track = serializers.IntegerField(required=False, min_value=1, max_value=MAX_TRACK,
                                     help_text="absent: the next id no object of the sequence uses")


class PropagateInSerializer(serializers.Serializer[dict[str, Any]]):
    to = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                  help_text="last frame to reach (below `from`: backwards); absent: the last frame")
    tracks = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_TRACK), required=False,
                                   allow_empty=False, max_length=1000,
                                   help_text="tracks to carry; absent: every track on the `from` frame")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["from"] = serializers.IntegerField(min_value=0, help_text="the labeled frame's index")
        return fields
