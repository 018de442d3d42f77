"""A gold-standard image for browser tests: the manager's reference on it, then the labeler's label."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from labelplatform.assets.models import Asset
from labelplatform.assets.services import assets_upload
from labelplatform.flows.gold import asset_gold_set
from labelplatform.flows.label_save import label_create
from labelplatform.labels.models import Label
from labelplatform.labels.services import LabelBody
from tests.conftest import image_bytes
from tests.e2e.test_review_flow import HEIGHT, WIDTH, car_body


def gold_labeled(project, users, **settings) -> tuple[Asset, Label]:  # type: ignore[no-untyped-def]
    """gold.png made gold by the manager, the project's `settings` set, then the labeler's car on it."""
    with transaction.atomic():
        (asset,) = assets_upload(project=project, user=users["manager"],
                                 files=[SimpleUploadedFile("gold.png", image_bytes(WIDTH, HEIGHT))])
    reference = label_create(asset=asset, user=users["manager"], body=LabelBody(**car_body())).label
    asset_gold_set(asset=asset, label_id=reference.pk, user=users["manager"])
    project.settings = {**project.settings, **settings}
    project.save(update_fields=["settings"])
    return asset, label_create(asset=asset, user=users["labeler"], body=LabelBody(**car_body())).label
