from django.db.models import Count, QuerySet

from labelplatform.assets.models import Asset, AssetStatus
from labelplatform.projects.models import Project


def assets_of(project: Project, status: str | None = None) -> QuerySet[Asset]:
    assets = Asset.objects.filter(project=project).annotate(label_count=Count("labels"))
    if status:
        if status not in AssetStatus.values:
            from rest_framework.exceptions import ValidationError

            raise ValidationError({"status": [f"must be one of {', '.join(AssetStatus.values)}"]})
        assets = assets.filter(status=status)
    return assets.order_by("id")
