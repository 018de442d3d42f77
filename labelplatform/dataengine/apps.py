from django.apps import AppConfig


class DataengineConfig(AppConfig):
    name = "labelplatform.dataengine"
    label = "dataengine"

    def ready(self) -> None:
        from labelplatform.dataengine import handlers, receivers  # noqa: F401  (job kinds, cache upkeep)
