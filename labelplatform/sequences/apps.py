from django.apps import AppConfig


class SequencesConfig(AppConfig):
    name = "labelplatform.sequences"

    def ready(self) -> None:
        from labelplatform.sequences import handlers  # noqa: F401  (registers the decoding and propagation job kinds)
