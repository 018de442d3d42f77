"""Webhook subscriptions of a project and their delivery logs: managers only (the secret signs for them)."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from labelplatform.access import MANAGERS, ProjectScopedView
from labelplatform.common.pagination import Pagination, paginated
from labelplatform.projects.models import Project
from labelplatform.webhooks import selectors, services
from labelplatform.webhooks.models import Subscription
from labelplatform.webhooks.serializers import (
    DeliveryOutSerializer,
    SubscriptionCreatedSerializer,
    SubscriptionInSerializer,
    SubscriptionOutSerializer,
)


class SubscriptionListApi(ProjectScopedView):
    roles = {"GET": MANAGERS, "POST": MANAGERS}

    @extend_schema(responses=SubscriptionOutSerializer(many=True))
    def get(self, request: Request, project_id: int) -> Response:
        return Response(SubscriptionOutSerializer(selectors.subscriptions_of(self.project), many=True).data)

    @extend_schema(request=SubscriptionInSerializer, responses={201: SubscriptionCreatedSerializer})
    def post(self, request: Request, project_id: int) -> Response:
        data = SubscriptionInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        subscription = services.subscription_create(project=self.project, user=self.user, **data.validated_data)
        return Response(SubscriptionCreatedSerializer(subscription).data, status=status.HTTP_201_CREATED)


class _OneSubscription(ProjectScopedView):
    subscription: Subscription

    def resolve_project(self, **kwargs: Any) -> Project:
        self.subscription = selectors.subscription_get(kwargs["webhook_id"])
        return self.subscription.project


class SubscriptionDetailApi(_OneSubscription):
    roles = {"GET": MANAGERS, "PATCH": MANAGERS, "DELETE": MANAGERS}

    @extend_schema(responses=SubscriptionOutSerializer)
    def get(self, request: Request, webhook_id: int) -> Response:
        return Response(SubscriptionOutSerializer(self.subscription).data)

    @extend_schema(request=SubscriptionInSerializer(partial=True), responses=SubscriptionOutSerializer)
    def patch(self, request: Request, webhook_id: int) -> Response:
        data = SubscriptionInSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = {k: v for k, v in data.validated_data.items() if k in request.data}
        services.subscription_update(subscription=self.subscription, **changes)
        return Response(SubscriptionOutSerializer(self.subscription).data)

    @extend_schema(responses={204: OpenApiResponse(description="subscription and its delivery log deleted")})
    def delete(self, request: Request, webhook_id: int) -> Response:
        self.subscription.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class DeliveryListApi(_OneSubscription):
    roles = {"GET": MANAGERS}
    pagination_class = Pagination

    @extend_schema(responses=DeliveryOutSerializer(many=True))
    def get(self, request: Request, webhook_id: int) -> Response:
        rows = selectors.deliveries_of(self.subscription)
        return paginated(request, rows, lambda page: DeliveryOutSerializer(page, many=True).data, self)


class RedeliverApi(_OneSubscription):
    roles = {"POST": MANAGERS}

    @extend_schema(request=None, responses={202: DeliveryOutSerializer})
    def post(self, request: Request, webhook_id: int, delivery_id: int) -> Response:
        delivery = selectors.delivery_get(self.subscription, delivery_id)
        again = services.delivery_redeliver(delivery=delivery)
        return Response(DeliveryOutSerializer(again).data, status=status.HTTP_202_ACCEPTED)
