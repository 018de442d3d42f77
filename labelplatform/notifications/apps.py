from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "labelplatform.notifications"
