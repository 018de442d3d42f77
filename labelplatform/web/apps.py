from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "labelplatform.web"
