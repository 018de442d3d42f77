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


def test_a_manager_sets_the_queue_order_in_the_settings(stack_url, project, tmp_path):
    with browser_page(tmp_path) as page:
        log_in(page, stack_url, "manager", f"/projects/{project.pk}/settings")
        page.get_by_test_id("tab-general").click()
        order = page.get_by_test_id("settings-queue-order")
        # when the manager asks for every pre-label least confident first
        order.select_option("least_confident")
        page.get_by_test_id("settings-save").click()
        page.get_by_text("Saved.").wait_for()
        project.refresh_from_db()
        assert project.settings["priority"] == "least_confident"
        # and back to the default: the setting is emptied, which the server reads as unset
        order.select_option("")
        page.get_by_test_id("settings-save").click()
        for _ in range(100):  # the save's answer, polled (the notice reads "Saved." before and after)
            project.refresh_from_db()
            if project.settings["priority"] == "":
                break
            page.wait_for_timeout(100)
        assert project.settings["priority"] == ""
