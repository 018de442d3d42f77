"""The data engine on the project page: a manager sees its newest version and starts its training and
pre-labeling there (before, only the API could), a training without submitted labels says why, and a
labeler is offered neither."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from labelplatform.assets.services import assets_upload
from labelplatform.flows.label_save import label_create
from labelplatform.jobs.models import Job
from labelplatform.labels.services import LabelBody
from tests.conftest import image_bytes
from tests.e2e.browser import browser_page, log_in
from tests.e2e.test_review_flow import HEIGHT, WIDTH, car_body
from tests.prelabel import conftest as prelabel_fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

installed = prelabel_fixtures.installed  # the model-installed fixture (a failure under CI, a skip elsewhere)


def test_a_manager_trains_the_data_engine_from_the_project_page(installed, stack_url, project, users, tmp_path):  # noqa: F811
    with transaction.atomic():
        [asset] = assets_upload(project=project, user=users["manager"],
                                files=[SimpleUploadedFile("a.png", image_bytes(WIDTH, HEIGHT))])
    with browser_page(tmp_path) as page:
        # given a project nobody submitted a label in
        log_in(page, stack_url, "manager", f"/projects/{project.pk}")
        panel = page.get_by_test_id("dataengine-panel")
        panel.get_by_test_id("dataengine-version").filter(has_text="Not trained yet").wait_for()
        # then pre-labeling waits for a version, and a training says what it lacks and starts nothing
        assert not panel.get_by_test_id("dataengine-prelabel").is_enabled()
        panel.get_by_test_id("dataengine-train").click()
        panel.get_by_text("the project has no submitted labels to train on").wait_for()
        assert not Job.objects.filter(kind="dataengine_train").exists()

        # when a label is submitted, a training makes version 1 and pre-labeling opens
        label_create(asset=asset, user=users["labeler"], body=LabelBody(**car_body()))
        panel.get_by_test_id("dataengine-train").click()
        panel.get_by_test_id("dataengine-version").filter(has_text="Version 1: trained on 1 labels").wait_for(
            timeout=180_000)
        assert panel.get_by_test_id("dataengine-prelabel").is_enabled()
        assert Job.objects.get(kind="dataengine_train").status == "succeeded"
        page.screenshot(path=str(tmp_path / "manager.png"))

        # and a labeler sees no data engine panel on the same page
        page.context.clear_cookies()
        log_in(page, stack_url, "labeler", f"/projects/{project.pk}")
        page.get_by_test_id("jobs-panel").wait_for()
        assert page.get_by_test_id("dataengine-panel").count() == 0
