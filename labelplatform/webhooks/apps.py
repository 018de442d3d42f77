from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "labelplatform.webhooks"

    def ready(self) -> None:
        # receivers listen to common.events; tasks registers webhooks.deliver, which services send by name
        from labelplatform.webhooks import receivers, tasks  # noqa: F401
