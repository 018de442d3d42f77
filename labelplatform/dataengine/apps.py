from django.apps import AppConfig


class DataengineConfig(AppConfig):
    name = "labelplatform.dataengine"
    label = "dataengine"
