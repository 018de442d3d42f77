"""The platform's Django project. The Celery app loads on first use (``labelplatform.celery_app``,
``celery -A labelplatform``) and in every Django process from the jobs app's ``ready()``, so that
``import labelplatform.client`` (the SDK, on machines without a server) does not import Django."""

from typing import Any

__all__ = ["celery_app"]


def __getattr__(name: str) -> Any:
    if name == "celery_app":
        from labelplatform.celery import app

        return app
    raise AttributeError(f"module 'labelplatform' has no attribute {name!r}")
