from django.apps import AppConfig


class DatasetsConfig(AppConfig):
    name = "labelplatform.datasets"

    def ready(self) -> None:
        from labelplatform.datasets import handlers  # noqa: F401  (registers the export and import job kinds)
