"""The data engine's endpoints: who may read and start what, and bad input answered 400 with nothing started."""

import pytest

from labelplatform.flows.label_save import label_create
from labelplatform.jobs.models import Job
from labelplatform.labels.models import LabelStatus
from labelplatform.labels.services import LabelBody
from labelplatform.masks import encode
from tests.dataengine.scenes import CAR, ROAD, street

pytestmark = pytest.mark.django_db


def base(project) -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/projects/{project.pk}/dataengine"


@pytest.fixture
def labeled(project, users, upload):  # type: ignore[no-untyped-def]
    image, _, cars = street(1)
    body = LabelBody(objects=[{"class": CAR, "mask": encode(m), "attributes": {"occluded": "no"}} for m in cars],
                     status=LabelStatus.SUBMITTED, classifications={"weather": "sun"})
    return label_create(asset=upload(image), user=users["labeler"], body=body).label


def test_members_read_the_engine_state(client_for, project):
    answer = client_for("viewer").get(base(project))
    assert answer.status_code == 200
    assert answer.json() == {"versions": [], "synthetic_assets": 0, "acceptance_by_class": []}


def test_outsiders_see_nothing(client_for, project):
    assert client_for("outsider").get(base(project)).status_code == 404
    assert client_for("outsider").post(base(project) + "/train", {}, format="json").status_code == 404


@pytest.mark.parametrize("user", ["viewer", "labeler", "reviewer"])
@pytest.mark.parametrize("path, data", [("/train", {}), ("/prelabel", {}), ("/synthesize", {"count": 2})])
def test_only_managers_start_jobs(client_for, project, labeled, user, path, data):
    assert client_for(user).post(base(project) + path, data, format="json").status_code == 403
    assert not Job.objects.filter(kind__startswith="dataengine").exists()


def test_a_manager_starts_training_once_labels_are_in(client_for, project, labeled):
    answer = client_for("manager").post(base(project) + "/train", {"synthetic": False}, format="json")
    assert answer.status_code == 202
    job = Job.objects.get(pk=answer.json()["id"])
    assert job.kind == "dataengine_train" and job.params == {"synthetic": False}


def test_training_without_labels_is_refused(client_for, project):
    answer = client_for("manager").post(base(project) + "/train", {}, format="json")
    assert answer.status_code == 400 and "no submitted labels" in answer.json()["detail"]


def test_prelabeling_before_any_version_is_refused(client_for, project, labeled):
    answer = client_for("manager").post(base(project) + "/prelabel", {}, format="json")
    assert answer.status_code == 400 and "train the data engine first" in answer.json()["detail"]


@pytest.mark.parametrize("data, field", [({"count": 0}, "count"), ({"count": 501}, "count"), ({}, "count"),
                                         ({"count": 2, "backgrounds": [999999]}, "backgrounds"),
                                         ({"count": 2, "classes": ["car"]}, "classes"),
                                         ({"count": 2, "classes": [999999]}, "classes")])
def test_bad_synthesis_requests_get_a_400(client_for, project, labeled, data, field):
    answer = client_for("manager").post(base(project) + "/synthesize", data, format="json")
    assert answer.status_code == 400 and field in answer.json()
    assert not Job.objects.filter(kind="dataengine_synthesize").exists()


def test_synthesis_of_a_class_no_label_has_is_a_400_that_starts_nothing(client_for, project, labeled):
    # given submitted labels with cars only: road (ROAD) is an active class of the ontology
    answer = client_for("manager").post(base(project) + "/synthesize", {"count": 2, "classes": [ROAD]}, format="json")
    # then the start is refused with the job's own reason, not a job that fails with it
    assert answer.status_code == 400, answer.json()
    assert "no object of classes [2]" in answer.json()["classes"][0]
    assert not Job.objects.filter(kind="dataengine_synthesize").exists()
    # while cars (or any class) start a job
    for data in ({"count": 2, "classes": [CAR, ROAD]}, {"count": 2}):
        assert client_for("manager").post(base(project) + "/synthesize", data, format="json").status_code == 202


def test_synthesis_from_labels_without_objects_is_a_400(client_for, project, users, upload):
    image, _, _ = street(1)
    label_create(asset=upload(image), user=users["labeler"],
                 body=LabelBody(objects=[], status=LabelStatus.SUBMITTED, classifications={"weather": "sun"}))
    answer = client_for("manager").post(base(project) + "/synthesize", {"count": 2}, format="json")
    assert answer.status_code == 400 and "no submitted human label has an object" in answer.json()["detail"]
    assert not Job.objects.filter(kind="dataengine_synthesize").exists()


def test_a_trained_project_retrains_after_enough_new_labels(project, users, upload):
    """Counted from the newest version on, up to `dataengine_retrain_every`: not before, once at it."""
    from labelplatform.dataengine.models import EngineVersion

    project.settings = {**project.settings, "dataengine_retrain_every": 2}
    project.save(update_fields=["settings"])
    version = EngineVersion.objects.create(project=project, version=1, file="x", things=[], classes=[], labels_used=0)
    project.refresh_from_db()  # a save reads the project row as its request loaded it
    assert project.engine_trained_at == version.created_at

    def submit(seed: int) -> None:
        image, _, cars = street(seed)
        body = LabelBody(objects=[{"class": CAR, "mask": encode(m), "attributes": {"occluded": "no"}} for m in cars],
                         status=LabelStatus.SUBMITTED, classifications={"weather": "sun"})
        label_create(asset=upload(image), user=users["manager"], body=body, through_queue=False)

    submit(1)
    assert not Job.objects.filter(kind="dataengine_train").exists()
    submit(2)
    job = Job.objects.get(kind="dataengine_train")
    assert job.params == {"synthetic": False, "automatic": True}


@pytest.mark.parametrize("bad", [
    {"dataengine_threshold": {"a": [1]}}, {"dataengine_threshold": 5}, {"dataengine_threshold": "0.3"},
    {"dataengine_things": [10**30]}, {"dataengine_things": "car"}, {"dataengine_things": [{"a": 1}]},
    {"dataengine_things": list(range(1, 1002))}, {"dataengine_retrain_every": -1}, {"dataengine_retrain_every": 10**30},
    {"prelabel_retrain_every": {"a": 1}}, {"embeddings_ahead": "x" * 1000}, {"embed_at_upload_max_assets": True},
    {"anything": "x" * 100_000},
])
def test_bad_engine_settings_are_a_400_that_stores_nothing(client_for, project, bad):
    """Read leniently by the engine (a wrong value is the default), they were stored as given: a nested object,
    a float of 1e30 for a class id, a megabyte under a key nobody reads."""
    before = dict(project.settings)
    answer = client_for("manager").patch(f"/api/v1/projects/{project.pk}", {"settings": bad}, format="json")
    assert answer.status_code == 400, bad
    assert "settings" in answer.json()
    project.refresh_from_db()
    assert project.settings == before


def test_good_engine_settings_are_kept(client_for, project):
    good = {"dataengine_threshold": 0.4, "dataengine_things": [1, 3], "dataengine_retrain_every": 0,
            "prelabel_retrain_every": 2, "embeddings_ahead": 0, "embed_at_upload_max_assets": 200}
    answer = client_for("manager").patch(f"/api/v1/projects/{project.pk}", {"settings": good}, format="json")
    assert answer.status_code == 200, answer.json()
    project.refresh_from_db()
    assert good.items() <= project.settings.items()
