from django.apps import AppConfig


class PrelabelConfig(AppConfig):
    name = "labelplatform.prelabel"

    def ready(self) -> None:
        from labelplatform.prelabel import handlers  # noqa: F401  (registers job kinds)
