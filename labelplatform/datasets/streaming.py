"""The streaming labels API: cursor pages on (updated_at, id), with `since` for incremental pulls."""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from labelplatform.access import ProjectScopedView
from labelplatform.common.dates import moment_param
from labelplatform.common.pagination import StrictPageSize
from labelplatform.labels.models import Label, LabelStatus
from labelplatform.labels.selectors import labels_with_current
from labelplatform.labels.serializers import label_out
from labelplatform.projects.models import Project


class LabelCursor(StrictPageSize, CursorPagination):
    ordering = ("updated_at", "id")  # a label edited after a pull moves to the end: nothing is skipped
    page_size = 100


def labels_page(request: Request, project: Project, view: ProjectScopedView) -> Response:
    # A labeler of a restricted project pulls only their own labels (labelplatform.access).
    labels = view.scoped(Label)
    since = moment_param(request, "since")
    if since is not None:
        labels = labels.filter(updated_at__gt=since)
    wanted = request.query_params.get("status")
    if wanted is not None:  # `?status=` is none of the values
        if wanted not in LabelStatus.values:
            raise ValidationError({"status": [f"must be one of {', '.join(LabelStatus.values)}"]})
        labels = labels.filter(status=wanted)
    paginator = LabelCursor()
    page = paginator.paginate_queryset(labels, request, view=view) or []
    full = {label.pk: (label, revision) for label, revision in
            labels_with_current(Label.objects.filter(pk__in=[label.pk for label in page]))}
    return paginator.get_paginated_response([label_out(*full[label.pk]) for label in page])
