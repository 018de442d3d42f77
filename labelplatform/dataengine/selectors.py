"""Reads of the data engine: its versions, synthetic asset count and per-class acceptance."""

from typing import Any

from labelplatform.assets.models import Asset
from labelplatform.dataengine.acceptance import acceptance_by_class
from labelplatform.dataengine.models import EngineVersion
from labelplatform.projects.models import Project


def engine_summary(project: Project) -> dict[str, Any]:
    versions = EngineVersion.objects.filter(project=project).order_by("version")
    fields = ("version", "things", "classes", "labels_used", "synthetic_used", "metrics", "created_at")
    return {"versions": list(versions.values(*fields)),
            "synthetic_assets": Asset.objects.filter(project=project, synthetic=True).count(),
            "acceptance_by_class": acceptance_by_class(project)}
