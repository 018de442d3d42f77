from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "labelplatform.notifications"

    def ready(self) -> None:
        from labelplatform.notifications import handlers  # noqa: F401  (listens to the apps' events)
