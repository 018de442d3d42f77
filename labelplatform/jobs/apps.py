from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "labelplatform.jobs"

    def ready(self) -> None:
        from labelplatform.celery import ensure_broker_dirs
        from labelplatform.jobs import tasks  # noqa: F401  registers jobs.run_job, which jobs.broker sends by name

        ensure_broker_dirs()
