from django.apps import AppConfig


class DataengineConfig(AppConfig):
    name = "labelplatform.dataengine"
    label = "dataengine"

    def ready(self) -> None:
        from labelplatform.dataengine import handlers  # noqa: F401  (job kinds)
