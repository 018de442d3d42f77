from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "labelplatform.assets"

    def ready(self) -> None:
        from labelplatform.assets import handlers, signals  # noqa: F401  (registers job kinds, cleanup)
