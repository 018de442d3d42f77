from django.apps import AppConfig


class PrelabelConfig(AppConfig):
    name = "labelplatform.prelabel"

    def ready(self) -> None:
        from labelplatform.prelabel import handlers, signals  # noqa: F401  (job kinds, asset cleanup)
