"""Input checks and output shapes of the sequence endpoints."""

from typing import Any

from django.conf import settings
from rest_framework import serializers

from labelplatform.common.fields import StrictBooleanField, StrictFloatField, StrictIntegerField
from labelplatform.jobs.serializers import JobOutSerializer
from labelplatform.labels.objects import MAX_TRACK
from labelplatform.labels.serializers import RleSerializer
from labelplatform.masks import MaskError, decode
from labelplatform.masks.counts import count_runs
from labelplatform.masks.rle import measure
from labelplatform.sequences.correction import Correction
from labelplatform.sequences.models import Frame, Sequence

MAX_FPS = 240.0


class SequenceUploadSerializer(serializers.Serializer[dict[str, Any]]):
    file = serializers.FileField(help_text="a video (mp4, mov, webm) or a zip of frames (natural order of names)")
    name = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="default: the file's name without its extension"
    )
    # not nullable: a form field cannot carry null, so "its native rate" is the field left out
    fps = StrictFloatField(
        required=False,
        min_value=0.01,
        max_value=MAX_FPS,
        help_text="decode a video at this frame rate; absent: its native rate",
    )


class SequenceOutSerializer(serializers.ModelSerializer[Sequence]):
    class Meta:
        model = Sequence
        fields = [
            "id",
            "project",
            "name",
            "status",
            "error",
            "fps",
            "width",
            "height",
            "frame_count",
            "source_kind",
            "source_name",
            "source_size",
            "source_info",
            "job",
            "created_by",
            "created_at",
        ]


class SequenceStartedSerializer(JobOutSerializer):
    """The decoding job, with the sequence it fills."""

    sequence = serializers.SerializerMethodField()

    class Meta(JobOutSerializer.Meta):
        fields = [*JobOutSerializer.Meta.fields, "sequence"]

    def get_sequence(self, job: Any) -> int:
        return int(job.params["sequence"])


class FrameOutSerializer(serializers.ModelSerializer[Frame]):
    labeled = StrictBooleanField(help_text="the frame's asset has a label (draft or submitted)")
    submitted = StrictBooleanField(help_text="the frame's asset has a submitted label")
    score = StrictFloatField(allow_null=True, help_text="the newest prediction's confidence (0..1)")
    status = serializers.CharField(source="asset.status", help_text="the frame's asset status")
    thumbnail_ready = serializers.SerializerMethodField()

    class Meta:
        model = Frame
        fields = ["index", "asset", "status", "labeled", "submitted", "score", "thumbnail_ready"]

    def get_thumbnail_ready(self, frame: Frame) -> bool:
        return bool(frame.asset.thumbnail)


class FramePlaceSerializer(serializers.Serializer[dict[str, Any]]):
    """Which sequence an asset is a frame of, and where, counted as the caller's sequence editor counts."""

    sequence = StrictIntegerField(
        allow_null=True, help_text="the sequence's id; null for an image of no sequence")
    sequence_name = serializers.CharField(allow_null=True)
    index = StrictIntegerField(
        allow_null=True, help_text="the frame's index in the sequence, from 0 (as the API counts)")
    position = StrictIntegerField(
        allow_null=True,
        help_text="the frame's place among the frames the caller may see, from 1: the sequence editor's ?frame=")
    frames = StrictIntegerField(help_text="how many frames of the sequence the caller may see")


class TrackOutSerializer(serializers.Serializer[dict[str, Any]]):
    track = StrictIntegerField()
    name = serializers.CharField()
    attributes = serializers.DictField(help_text="attributes that hold on every frame of the track")
    labeled_frames = StrictIntegerField(help_text="frames whose current label has the track")
    first = StrictIntegerField(allow_null=True, help_text="first labeled frame index")
    last = StrictIntegerField(allow_null=True, help_text="last labeled frame index")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["class"] = StrictIntegerField(allow_null=True, help_text="class id")  # a keyword in Python
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
        fields["class"] = StrictIntegerField(
            required=False, allow_null=True, min_value=0, help_text="class id from the ontology"
        )
        return fields


class TrackCreateSerializer(TrackInSerializer):
    track = StrictIntegerField(
        required=False, min_value=1, max_value=MAX_TRACK, help_text="absent: the next id no object of the sequence uses"
    )


class PropagateInSerializer(serializers.Serializer[dict[str, Any]]):
    to = StrictIntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        help_text="last frame to reach (below `from`: backwards); absent: the last frame",
    )
    tracks = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=MAX_TRACK),
        required=False,
        allow_empty=False,
        max_length=1000,
        help_text="tracks to carry; absent: every track on the `from` frame",
    )
    keyframes = StrictBooleanField(
        required=False,
        default=True,
        help_text="where the job stops before a labeled frame, carry the tracks "
        "that frame has from both ends and fuse them per frame; false: "
        "from `from` only",
    )

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["from"] = StrictIntegerField(min_value=0, help_text="the labeled frame's index")
        return fields


MAX_CLICKS = 20  # clicks on one object of one frame; the robot of bench/video.py stops at 5


class ClickSerializer(serializers.Serializer[dict[str, Any]]):
    x = StrictFloatField(help_text="in the frame's pixels, 0 <= x < width")
    y = StrictFloatField(help_text="in the frame's pixels, 0 <= y < height")
    positive = StrictBooleanField(help_text="true: the pixel belongs to the object; false: it does not")


class CorrectInSerializer(serializers.Serializer[dict[str, Any]]):
    mask = RleSerializer(help_text="the object's current mask on the frame: COCO compressed RLE of the frame's size")
    clicks = serializers.ListField(
        child=ClickSerializer(),
        allow_empty=False,
        max_length=MAX_CLICKS,
        help_text="every click on this object and frame so far, oldest first",
    )
    confidence = StrictFloatField(
        required=False,
        min_value=0.0,
        max_value=1.0,
        default=1.0,
        help_text="propagation's confidence when the mask is its pre-label, not yet "
        "corrected (under 0.7 the mask is redrawn); absent: 1, an edit",
    )

    def correction(self, width: int, height: int) -> Correction:
        """The mask decoded (of the frame's size, at most MAX_MASK_RUNS runs) and every click inside the frame."""
        data = self.validated_data
        counts = data["mask"]["counts"]
        if count_runs(counts) > settings.MAX_MASK_RUNS:
            raise serializers.ValidationError(
                {"mask": [f"over the {settings.MAX_MASK_RUNS} run limit (MAX_MASK_RUNS)"]}
            )
        try:
            mask = decode(measure(data["mask"], height, width).rle, trusted=True)
        except MaskError as exc:
            raise serializers.ValidationError({"mask": [str(exc)]}) from None
        clicks = []
        for i, click in enumerate(data["clicks"]):
            x, y = click["x"], click["y"]
            if not (0 <= x < width and 0 <= y < height):
                raise serializers.ValidationError(
                    {"clicks": [f"clicks[{i}] = ({x:g}, {y:g}) is outside the {width}x{height} frame"]}
                )
            clicks.append((x, y, click["positive"]))
        return Correction(mask, clicks, data["confidence"])


class CorrectOutSerializer(serializers.Serializer[dict[str, Any]]):
    mask = RleSerializer(help_text="the corrected mask, of the frame's size")
    area = StrictIntegerField(help_text="its pixels")


class RepropagateInSerializer(serializers.Serializer[dict[str, Any]]):
    keyframes = StrictBooleanField(
        required=False,
        default=True,
        help_text="also re-make the frames between the propagation's origin and "
        "the corrected frame from both ends; false: only away from "
        "the origin",
    )


class RepropagatedJobSerializer(serializers.Serializer[dict[str, Any]]):
    job = JobOutSerializer()
    reused = StrictBooleanField(help_text="a job already queued for the same range took these tracks")


class RepropagateOutSerializer(serializers.Serializer[dict[str, Any]]):
    tracks = serializers.ListField(
        child=StrictIntegerField(),
        help_text="the tracks whose mask differs from the frame's propagated pre-label",
    )
    jobs = RepropagatedJobSerializer(many=True, help_text="one per direction; empty: nothing to carry on")
    reason = serializers.CharField(help_text="why nothing started, or what did")
