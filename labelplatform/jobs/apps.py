from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "labelplatform.jobs"

    def ready(self) -> None:
        from labelplatform.celery import ensure_broker_dirs

        ensure_broker_dirs()
