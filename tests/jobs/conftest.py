"""A labeled project whose exports can be made slow (tests/jobs/slow.py), and a quick job to start."""

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from labelplatform.assets.services import assets_upload
from labelplatform.datasets.services import ExportRequest, export_start
from labelplatform.jobs.models import Job
from labelplatform.projects.models import Project
from tests.conftest import image_bytes
from tests.datasets.conftest import label_asset, make_project
from tests.jobs import slow  # noqa: F401  registers the slow-ndjson format

ASSETS = 6


@pytest.fixture
def exportable(users) -> Project:  # type: ignore[no-untyped-def]
    project = make_project(users["manager"])
    files = [SimpleUploadedFile(f"{i}.png", image_bytes(64, 48 + i)) for i in range(ASSETS)]
    for asset in assets_upload(project=project, user=users["manager"], files=files):
        road = np.zeros((asset.height, asset.width), bool)
        road[30:, :] = True
        label_asset(asset, users["manager"], [("road", road)])
    return project


def start_export(project: Project, user, fmt: str = "slow-ndjson") -> Job:  # type: ignore[no-untyped-def]
    return export_start(project=project, user=user, request=ExportRequest(
        format=fmt, labels="latest", include_images=False, polygons=False, instance_mode="binary"))
