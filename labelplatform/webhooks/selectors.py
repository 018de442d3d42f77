from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from labelplatform.projects.models import Project
from labelplatform.webhooks.models import Delivery, Subscription


def subscriptions_of(project: Project) -> QuerySet[Subscription]:
    return Subscription.objects.filter(project=project)


def subscription_get(subscription_id: int) -> Subscription:
    return get_object_or_404(Subscription.objects.select_related("project"), pk=subscription_id)


def deliveries_of(subscription: Subscription) -> QuerySet[Delivery]:
    return Delivery.objects.filter(subscription=subscription)


def delivery_get(subscription: Subscription, delivery_id: int) -> Delivery:
    return get_object_or_404(Delivery.objects.select_related("subscription"), pk=delivery_id,
                             subscription=subscription)
