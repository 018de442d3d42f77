"""Sequence endpoints: upload and list, one sequence with its frames and tracks, tracks, propagation, a
correction of one frame's object by clicks, and which sequence an asset is a frame of."""

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from labelplatform.access import (
    ANY_MEMBER,
    EDITORS,
    MANAGERS,
    ProjectScopedView,
    gold_others_hidden,
    labeler_gold_view,
    labeler_restricted,
)
from labelplatform.assets.apis import AssetScopedView
from labelplatform.assets.models import Asset
from labelplatform.common.pagination import Pagination, paginated
from labelplatform.common.parsers import FormParser, MultiPartParser
from labelplatform.common.schema import NOT_READY, RETRY_AFTER, errors
from labelplatform.jobs.serializers import JobOutSerializer
from labelplatform.labels.models import Label
from labelplatform.projects.models import Project
from labelplatform.sequences import selectors, services
from labelplatform.sequences.correction import frame_correct
from labelplatform.sequences.models import Sequence
from labelplatform.sequences.repropagation import repropagate_start
from labelplatform.sequences.serializers import (
    CorrectInSerializer,
    CorrectOutSerializer,
    FrameOutSerializer,
    FramePlaceSerializer,
    PropagateInSerializer,
    RepropagateInSerializer,
    RepropagateOutSerializer,
    SequenceDetailSerializer,
    SequenceOutSerializer,
    SequenceStartedSerializer,
    SequenceUploadSerializer,
    TrackCreateSerializer,
    TrackInSerializer,
    TrackOutSerializer,
)


class SequenceListApi(ProjectScopedView):
    pagination_class = Pagination
    roles = {"GET": ANY_MEMBER, "POST": MANAGERS}
    parser_classes = [MultiPartParser, FormParser]
    body_limit_setting = "SEQUENCE_MAX_UPLOAD_BYTES"  # checked before the body is read (common/middleware.py)

    @extend_schema(responses=SequenceOutSerializer(many=True))
    def get(self, request: Request, project_id: int) -> Response:
        sequences = self.scoped(Sequence).select_related("project")
        return paginated(request, sequences, lambda page: SequenceOutSerializer(page, many=True).data, self)

    @extend_schema(
        request={"multipart/form-data": SequenceUploadSerializer}, responses={202: SequenceStartedSerializer}
    )
    @errors(503)
    def post(self, request: Request, project_id: int) -> Response:
        data = SequenceUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sequence = services.sequence_upload(
            project=self.project,
            user=self.user,
            upload=data.validated_data["file"],
            name=data.validated_data.get("name") or "",
            fps=data.validated_data.get("fps"),
        )
        return Response(SequenceStartedSerializer(sequence.job).data, status=status.HTTP_202_ACCEPTED)


class SequenceScopedView(ProjectScopedView):
    """Views under sequences/{id}: the project comes from the sequence."""

    sequence: Sequence

    def resolve_project(self, **kwargs: Any) -> Project:
        self.sequence = get_object_or_404(Sequence.objects.select_related("project"), pk=kwargs["sequence_id"])
        return self.sequence.project

    def labels(self) -> Any:
        """The labels whose frames and tracks the timeline marks: all of them, as a restricted labeler handed
        a frame continues the others' tracks, less what hides a gold frame from a labeler."""
        return gold_others_hidden(Label.objects.filter(asset__project=self.project), self.user, self.role)

    def frames(self) -> Any:
        return selectors.frames_of(self.sequence, self.scoped(Asset), self.labels())

    def frames_out(self, frames: Any) -> Any:
        """Serialized frames; a labeler is shown a gold frame's status as if it held only their work, as
        the asset endpoints show it (docs/workflow.md, "What a labeler sees of gold")."""
        rows = FrameOutSerializer(frames, many=True).data
        seen = labeler_gold_view(self.user, self.role, self.project, [row["asset"] for row in rows])
        for row in rows:
            if row["asset"] in seen:
                row["status"] = seen[row["asset"]][0]
        return rows

    def tracks(self, track: int | None = None) -> list[dict[str, Any]]:
        return selectors.tracks_of(self.sequence, self.labels(), track)


class SequenceDetailApi(SequenceScopedView):
    roles = {"GET": ANY_MEMBER, "DELETE": MANAGERS}

    @extend_schema(responses=SequenceDetailSerializer)
    def get(self, request: Request, sequence_id: int) -> Response:
        body = SequenceOutSerializer(self.sequence).data
        body["frames"] = self.frames_out(self.frames())
        # A restricted labeler handed none of its frames sees no tracks, as its tracks endpoint answers 404.
        unseen = labeler_restricted(self.role, self.project) and not body["frames"]
        body["tracks"] = [] if unseen else self.tracks()  # in TrackOutSerializer's shape
        return Response(body)

    @extend_schema(responses={204: None})
    @errors(409)
    def delete(self, request: Request, sequence_id: int) -> Response:
        services.sequence_delete(sequence=self.sequence)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SequenceFramesApi(SequenceScopedView):
    pagination_class = Pagination

    @extend_schema(responses=FrameOutSerializer(many=True))
    def get(self, request: Request, sequence_id: int) -> Response:
        return paginated(request, self.frames(), self.frames_out, self)


class TrackScopedView(SequenceScopedView):
    """The tracks endpoints: a restricted labeler who sees no frame of the sequence gets a 404, as for an unseen
    frame, so its track rows (and where the labels have them) are neither read nor changed by them."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if labeler_restricted(self.role, self.project) and not self.frames().exists():
            raise NotFound("sequence not found")


class TrackListApi(TrackScopedView):
    roles = {"GET": ANY_MEMBER, "POST": EDITORS}

    @extend_schema(responses=TrackOutSerializer(many=True))
    def get(self, request: Request, sequence_id: int) -> Response:
        return Response(self.tracks())

    @extend_schema(request=TrackCreateSerializer, responses={201: TrackOutSerializer})
    @errors(409)
    def post(self, request: Request, sequence_id: int) -> Response:
        data = TrackCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.track_save(
            sequence=self.sequence,
            track=data.validated_data.get("track"),
            class_id=data.validated_data.get("class"),
            name=data.validated_data["name"],
            attributes=data.validated_data["attributes"],
        )
        return Response(self.tracks(row.track)[0], status=status.HTTP_201_CREATED)


class TrackDetailApi(TrackScopedView):
    roles = {"PUT": EDITORS, "DELETE": EDITORS}

    @extend_schema(request=TrackInSerializer, responses=TrackOutSerializer)
    def put(self, request: Request, sequence_id: int, track: int) -> Response:
        data = TrackInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.track_save(
            sequence=self.sequence,
            track=track,
            class_id=data.validated_data.get("class"),
            name=data.validated_data["name"],
            attributes=data.validated_data["attributes"],
        )
        return Response(self.tracks(track)[0])

    @extend_schema(responses={204: None})
    def delete(self, request: Request, sequence_id: int, track: int) -> Response:
        services.track_delete(sequence=self.sequence, track=track)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PropagateApi(SequenceScopedView):
    roles = {"POST": EDITORS}

    @extend_schema(request=PropagateInSerializer, responses={202: JobOutSerializer})
    @errors(409, 503)
    def post(self, request: Request, sequence_id: int) -> Response:
        data = PropagateInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        start = data.validated_data["from"]
        # A frame the caller may not see (a restricted labeler's, not handed to them) is not found, as for
        # repropagate and correct; one outside the sequence stays propagate_start's 400.
        if self.sequence.frames.filter(index=start).exists() and not self.frames().filter(index=start).exists():
            raise NotFound(f"frame {start} not found")
        job = services.propagate_start(
            sequence=self.sequence,
            user=self.user,
            request=services.PropagateRequest(
                start=data.validated_data["from"],
                end=data.validated_data.get("to"),
                tracks=data.validated_data.get("tracks"),
                keyframes=data.validated_data["keyframes"],
            ),
        )
        return Response(JobOutSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class FrameRepropagateApi(SequenceScopedView):
    """After a save of a propagated frame (sequences/repropagation.py): the tracks a person corrected carried on
    from it, by one or two jobs; 200 with no job when the label changed no propagated mask."""

    roles = {"POST": EDITORS}

    @extend_schema(
        request=RepropagateInSerializer, responses={200: RepropagateOutSerializer, 202: RepropagateOutSerializer}
    )
    @errors(409, 503)
    def post(self, request: Request, sequence_id: int, index: int) -> Response:
        frame = get_object_or_404(self.frames(), index=index)
        data = RepropagateInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.sequence_check_ready(self.sequence)
        started = repropagate_start(
            sequence=self.sequence, user=self.user, index=frame.index, keyframes=data.validated_data["keyframes"]
        )
        body = {
            "tracks": started.tracks,
            "reason": started.reason,
            "jobs": [{"job": JobOutSerializer(s.job).data, "reused": s.reused} for s in started.jobs],
        }
        return Response(body, status=status.HTTP_202_ACCEPTED if started.jobs else status.HTTP_200_OK)


class FrameCorrectApi(SequenceScopedView):
    """The editor's correction click on a frame (sequences/correction.py): the object's mask edited where the
    clicks say it is wrong, not redrawn from the clicks as assets/{id}/segment does. Stores nothing."""

    roles = {"POST": EDITORS}

    @extend_schema(
        request=CorrectInSerializer, parameters=[RETRY_AFTER], responses={200: CorrectOutSerializer, 202: NOT_READY}
    )
    @errors(503)
    def post(self, request: Request, sequence_id: int, index: int) -> Response:
        frame = get_object_or_404(self.frames(), index=index)
        data = CorrectInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        asset = frame.asset
        return Response(frame_correct(asset=asset, correction=data.correction(asset.width, asset.height)))


NOT_A_FRAME = {"sequence": None, "sequence_name": None, "index": None, "position": None, "frames": 0}


class AssetFrameApi(AssetScopedView):
    """The labeling page's link to the sequence editor: which sequence the asset is a frame of, and where; nulls
    for an asset of no sequence; 404 for one the caller may not see (AssetScopedView)."""

    @extend_schema(responses=FramePlaceSerializer)
    def get(self, request: Request, asset_id: int) -> Response:
        # A plain image answers nulls, not a 404: the labeling page asks for every image, and a 404 is an error
        # in the browser's console on each of them.
        place = selectors.frame_place(self.asset, self.scoped(Asset))
        return Response(place if place is not None else NOT_A_FRAME)
