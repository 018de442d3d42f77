from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "labelplatform.webhooks"

    def ready(self) -> None:
        from labelplatform.webhooks import receivers  # noqa: F401  (listens to common.events)
