from django.urls import path

from labelplatform.webhooks import apis

urlpatterns = [
    path("projects/<int:project_id>/webhooks", apis.SubscriptionListApi.as_view(), name="project-webhooks"),
    path("webhooks/<int:webhook_id>", apis.SubscriptionDetailApi.as_view(), name="webhook-detail"),
    path("webhooks/<int:webhook_id>/deliveries", apis.DeliveryListApi.as_view(), name="webhook-deliveries"),
    path("webhooks/<int:webhook_id>/deliveries/<int:delivery_id>/redeliver", apis.RedeliverApi.as_view(),
         name="webhook-redeliver"),
]
