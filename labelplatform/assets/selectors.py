from django.db.models import Count, Q, QuerySet

from labelplatform.assets.models import Asset, AssetStatus
from labelplatform.projects.models import Project


def assets_of(project: Project, status: str | None = None, shown: dict[int, str] | None = None) -> QuerySet[Asset]:
    """`shown`: asset id -> the status the caller is shown instead of the stored one (a labeler's gold assets):
    ?status= filters by it."""
    assets = Asset.objects.filter(project=project).annotate(label_count=Count("labels"))
    if status:
        if status not in AssetStatus.values:
            from rest_framework.exceptions import ValidationError

            raise ValidationError({"status": [f"must be one of {', '.join(AssetStatus.values)}"]})
        if shown:
            assets = assets.filter((Q(status=status) & ~Q(pk__in=list(shown)))
                                   | Q(pk__in=[pk for pk, seen in shown.items() if seen == status]))
        else:
            assets = assets.filter(status=status)
    return assets.order_by("id")
