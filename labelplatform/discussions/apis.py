"""Threads on an asset: members read them, editors (managers, reviewers, labelers) write; viewers read only.

Scoping is ProjectScopedView's: outsiders get 404, and a restricted labeler sees the threads of the assets
handed to them only, and of no one else's label."""

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from labelplatform.access import ANY_MEMBER, EDITORS, ProjectScopedView, labeler_restricted
from labelplatform.assets.apis import AssetScopedView
from labelplatform.common.pagination import Pagination, paginated
from labelplatform.discussions import selectors, services
from labelplatform.discussions.models import Thread, ThreadStatus
from labelplatform.discussions.serializers import CommentInSerializer, ThreadInSerializer, ThreadOutSerializer
from labelplatform.labels.models import Label
from labelplatform.projects.models import Project

STATUS_PARAMETER = OpenApiParameter("status", str, enum=ThreadStatus.values, description="only open or resolved")


def _status_filter(request: Request) -> str | None:
    value = request.query_params.get("status")
    if value is not None and value not in ThreadStatus.values:
        raise ValidationError({"status": [f"one of {', '.join(ThreadStatus.values)}"]})
    return value


class _ThreadVisibility(ProjectScopedView):
    def visible(self, threads: QuerySet[Thread]) -> QuerySet[Thread]:
        """A restricted labeler reads no thread about someone else's label."""
        if labeler_restricted(self.role, self.project):
            threads = threads.filter(Q(label__isnull=True) | Q(label__author=self.user))
        return threads


class AssetThreadsApi(AssetScopedView, _ThreadVisibility):
    roles = {"GET": ANY_MEMBER, "POST": EDITORS}

    @extend_schema(parameters=[STATUS_PARAMETER], responses=ThreadOutSerializer(many=True))
    def get(self, request: Request, asset_id: int) -> Response:
        visible = self.visible(Thread.objects.filter(asset=self.asset))
        threads = selectors.threads_with_comments(visible, _status_filter(request))
        return Response(ThreadOutSerializer(threads, many=True).data)

    @extend_schema(request=ThreadInSerializer, responses={201: ThreadOutSerializer})
    def post(self, request: Request, asset_id: int) -> Response:
        data = ThreadInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        label = None
        if given.get("label") is not None:
            label = self.scoped(Label).filter(pk=given["label"]).first()
            if label is None:
                raise NotFound("label not found")
        thread = services.thread_create(asset=self.asset, user=self.user, body=given["body"], label=label,
                                        x=given.get("x"), y=given.get("y"))
        return Response(_one(thread), status=status.HTTP_201_CREATED)


class ProjectThreadsApi(_ThreadVisibility):
    """Every thread of the project, newest first: what is still open, across images."""

    roles = {"GET": ANY_MEMBER}
    pagination_class = Pagination

    @extend_schema(parameters=[STATUS_PARAMETER], responses=ThreadOutSerializer(many=True))
    def get(self, request: Request, project_id: int) -> Response:
        assets = self.scoped(self.project.assets.model).values("pk")
        threads = self.visible(Thread.objects.filter(project=self.project, asset__in=assets)).order_by("-id")
        threads = selectors.threads_with_comments(threads, _status_filter(request))
        return paginated(request, threads, lambda page: ThreadOutSerializer(page, many=True).data, self)


class ThreadScopedView(_ThreadVisibility):
    """Views under threads/{id}: the project, asset and label come from the thread (and are checked)."""

    thread: Thread

    def resolve_project(self, **kwargs: Any) -> Project:
        self.thread = get_object_or_404(Thread.objects.select_related("asset__project", "label__asset__project"),
                                        pk=kwargs["thread_id"])
        self.asset = self.thread.asset
        if self.thread.label is not None:
            self.label = self.thread.label
        return self.asset.project


class ThreadDetailApi(ThreadScopedView):
    roles = {"GET": ANY_MEMBER}

    @extend_schema(responses=ThreadOutSerializer)
    def get(self, request: Request, thread_id: int) -> Response:
        return Response(_one(self.thread))


class ThreadCommentsApi(ThreadScopedView):
    roles = {"POST": EDITORS}

    @extend_schema(request=CommentInSerializer, responses={201: ThreadOutSerializer})
    def post(self, request: Request, thread_id: int) -> Response:
        data = CommentInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.comment_add(thread=self.thread, user=self.user, body=data.validated_data["body"])
        return Response(_one(self.thread), status=status.HTTP_201_CREATED)


class ThreadResolveApi(ThreadScopedView):
    roles = {"POST": EDITORS}
    resolved = True

    @extend_schema(request=None, responses=ThreadOutSerializer)
    def post(self, request: Request, thread_id: int) -> Response:
        services.thread_set_status(thread=self.thread, user=self.user, resolved=self.resolved)
        return Response(_one(self.thread))


class ThreadReopenApi(ThreadResolveApi):
    resolved = False


def _one(thread: Thread) -> Any:
    return ThreadOutSerializer(selectors.threads_with_comments(Thread.objects.filter(pk=thread.pk)).get()).data
