"""Label endpoints: list and submit on an asset, read and save over a revision."""

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from labelplatform.access import (
    ANY_MEMBER,
    EDITORS,
    ProjectScopedView,
    caller_columns,
)
from labelplatform.assets.apis import AssetScopedView
from labelplatform.common.joined_row import joined_row
from labelplatform.common.schema import errors
from labelplatform.flows import label_save
from labelplatform.labels import selectors
from labelplatform.labels.models import Label
from labelplatform.labels.serializers import (
    LabelConflictSerializer,
    LabelInSerializer,
    LabelOutSerializer,
    LabelUpdateSerializer,
    RevisionBriefSerializer,
    label_out,
    revision_brief,
)
from labelplatform.labels.services import LabelBody, StaleRevision
from labelplatform.projects.models import Project, Role


class AssetLabelsApi(AssetScopedView):
    roles = {"GET": ANY_MEMBER, "POST": EDITORS}

    @extend_schema(responses=LabelOutSerializer(many=True))
    def get(self, request: Request, asset_id: int) -> Response:
        labels = selectors.labels_with_current(
            self.scoped(Label).filter(asset=self.asset))
        return Response([label_out(label, revision) for label, revision in labels])

    @extend_schema(request=LabelInSerializer, responses={201: LabelOutSerializer})
    @errors(409)
    def post(self, request: Request, asset_id: int) -> Response:
        data = LabelInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved = label_save.label_create(asset=self.asset, user=self.user, body=LabelBody(**data.validated_data))
        return Response(label_out(saved.label, saved.revision), status=status.HTTP_201_CREATED)


class LabelScopedView(ProjectScopedView):
    label: Label

    def resolve_project(self, **kwargs: Any) -> Project:
        extras, params = caller_columns(self.user, "asset_project")
        found = joined_row(Label, kwargs["label_id"], ("asset", "asset__project", "author"), extras, params)
        if found is None:
            raise NotFound("label not found")
        self.label, self.caller_role = found.row, found.extras["caller_role"]  # checked by ProjectScopedView
        return self.label.asset.project


class LabelDetailApi(LabelScopedView):
    roles = {"GET": ANY_MEMBER, "PUT": EDITORS}

    @extend_schema(responses=LabelOutSerializer)
    def get(self, request: Request, label_id: int) -> Response:
        return Response(label_out(self.label, selectors.revision_of(self.label)))

    @extend_schema(request=LabelUpdateSerializer, responses={200: LabelOutSerializer, 409: LabelConflictSerializer})
    def put(self, request: Request, label_id: int) -> Response:
        if self.role == Role.LABELER and self.label.author_id != self.user.pk:
            raise PermissionDenied("labelers edit only their own labels")
        data = LabelUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        edited = fields.pop("revision")
        try:
            saved = label_save.label_update(label=self.label, user=self.user, body=LabelBody(**fields),
                                            edited=edited)
        except StaleRevision as stale:
            current = Label.objects.select_related("asset", "author").get(pk=stale.label.pk)
            return Response(
                {"detail": str(stale.detail), "current": label_out(current, selectors.revision_of(current))},
                status=status.HTTP_409_CONFLICT,
            )
        saved.label.author = self.label.author
        return Response(label_out(saved.label, saved.revision))


class LabelRevisionsApi(LabelScopedView):
    @extend_schema(responses=RevisionBriefSerializer(many=True))
    def get(self, request: Request, label_id: int) -> Response:
        return Response([revision_brief(r) for r in self.label.revisions.all()])


class LabelRevisionDetailApi(LabelScopedView):
    # The label as it was at that revision: "revision" and "status" are the revision's own.
    @extend_schema(responses=LabelOutSerializer)
    def get(self, request: Request, label_id: int, number: int) -> Response:
        revision = get_object_or_404(self.label.revisions, number=number)
        body = label_out(self.label, selectors.revision_of(self.label, revision.number))
        return Response({**body, "revision": number, "status": revision.status})
