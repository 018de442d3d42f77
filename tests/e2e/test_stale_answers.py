"""A label whose answers the ontology no longer asks for can still be saved from the editor.

Found walking as a manager (walk3): after the object's class changed (a car with occluded=yes turned
into a road, which has no attributes) or the manager removed a question, every save of the label was a
400 "objects[0].attributes: unknown fields ['occluded']" and the editor had no control to clear the
answer it no longer showed: the label could not be submitted at all.
"""

import numpy as np
import pytest
from django.db import transaction

from labelplatform.labels.models import Label
from labelplatform.labels.selectors import revision_of
from labelplatform.projects.ontology import OntologySerializer
from labelplatform.projects.selectors import ontology_current
from labelplatform.projects.services import ontology_save
from tests.e2e.browser import browser_page, log_in
from tests.workflow.helpers import rle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_answers_of_a_former_class_or_a_removed_question_do_not_block_submit(
    stack_url, project, users, asset, client_for, tmp_path
):
    # given the labeler's draft: a car (occluded = yes) on an image with weather = sun
    car = np.zeros((asset.height, asset.width), bool)
    car[5:15, 10:30] = True
    draft = client_for("labeler").post(
        f"/api/v1/assets/{asset.pk}/labels",
        {"objects": [{"class": 1, "mask": rle(car), "attributes": {"occluded": "yes"}}],
         "classifications": {"weather": "sun"}, "status": "draft"},
        format="json",
    )
    assert draft.status_code == 201, draft.content
    # and the manager then removes the weather question
    with transaction.atomic():
        current = ontology_current(project).document
        document = OntologySerializer(data={"classes": [c for c in current["classes"] if not c["archived"]],
                                            "classifications": []})
        document.is_valid(raise_exception=True)
        ontology_save(project=project, user=users["manager"], document=document.validated_data)

    with browser_page(tmp_path) as page:
        # when the labeler opens the draft, makes the car a road (class 2) and submits
        log_in(page, stack_url, "labeler")
        page.get_by_test_id("project-card").first.wait_for()
        page.goto(f"{stack_url}/projects/{project.pk}/assets/{asset.pk}/label")
        row = page.locator("[data-testid='object-row'][data-class-id='1']")
        row.locator("select").select_option("2")
        page.locator("[data-testid='object-row'][data-class-id='2']").wait_for()
        page.get_by_test_id("label-submit").click()
        page.locator("[data-testid='save-status'][data-phase='saved']").filter(has_text="submitted").wait_for(
            timeout=20_000
        )

    # then the label is submitted as a road, without the answers nobody asks for any more
    label = Label.objects.get(pk=draft.json()["id"])
    assert label.status == "submitted"
    revision = revision_of(label)
    assert [(o.class_id, o.attributes) for o in revision.label_objects.all()] == [(2, {})]
    assert revision.classifications == {}
