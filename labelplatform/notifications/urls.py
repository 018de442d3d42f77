from django.urls import path

from labelplatform.notifications import apis

urlpatterns = [
    path("notifications", apis.NotificationListApi.as_view(), name="notification-list"),
    path("notifications/unread", apis.NotificationUnreadApi.as_view(), name="notification-unread"),
    path("notifications/read", apis.NotificationReadApi.as_view(), name="notification-read"),
]
