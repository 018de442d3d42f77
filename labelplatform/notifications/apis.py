"""The caller's own notifications: list, count unread, mark read. Nobody reads another's."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from labelplatform.access import signed_in
from labelplatform.common.pagination import Pagination, paginated
from labelplatform.notifications import selectors, services
from labelplatform.notifications.serializers import (
    MarkReadInSerializer,
    NotificationOutSerializer,
    UnreadOutSerializer,
)


class NotificationListApi(APIView):
    pagination_class = Pagination

    @extend_schema(parameters=[OpenApiParameter("unread", bool, description="only the unread ones")],
                   responses=NotificationOutSerializer(many=True))
    def get(self, request: Request) -> Response:
        unread = request.query_params.get("unread", "false")
        if unread not in ("true", "false"):  # the schema's boolean: anything else is a 400, not "false"
            raise ValidationError({"unread": ["must be true or false"]})
        rows = selectors.notifications_of(user=signed_in(request), unread_only=unread == "true")
        return paginated(request, rows, lambda page: NotificationOutSerializer(page, many=True).data, self)


class NotificationUnreadApi(APIView):
    @extend_schema(responses=UnreadOutSerializer)
    def get(self, request: Request) -> Response:
        return Response({"unread": selectors.unread_count(user=signed_in(request))})


class NotificationReadApi(APIView):
    @extend_schema(request=MarkReadInSerializer, responses=UnreadOutSerializer)
    def post(self, request: Request) -> Response:
        data = MarkReadInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = signed_in(request)
        services.notifications_mark_read(user=user, ids=data.validated_data.get("ids"))
        return Response({"unread": selectors.unread_count(user=user)})
