from django.apps import AppConfig


class BucketsConfig(AppConfig):
    name = "labelplatform.buckets"

    def ready(self) -> None:
        # handlers: the bucket_sync job kind; tasks: the periodic sync; files: reads "bucket:" asset files
        from labelplatform.buckets import handlers, tasks  # noqa: F401
        from labelplatform.buckets.files import register

        register()
