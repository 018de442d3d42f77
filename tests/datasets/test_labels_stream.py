"""GET projects/{id}/labels: cursor pages on (updated_at, id) and `since` for incremental pulls."""

from django.utils import timezone

from labelplatform.flows.label_save import label_update
from labelplatform.labels.models import Label
from labelplatform.labels.services import LabelBody
from tests.datasets.conftest import class_ids, rle, scene


def pull(client, url, **params):  # type: ignore[no-untyped-def]
    pages, seen = 0, []
    response = client.get(url, params)
    while True:
        assert response.status_code == 200, response.json()
        body = response.json()
        seen += body["results"]
        pages += 1
        if not body["next"]:
            return seen, pages
        response = client.get(body["next"])


def test_cursor_pages_walk_every_label_once_with_rle_masks(labeled, client_for):
    url = f"/api/v1/projects/{labeled.pk}/labels"
    labels, pages = pull(client_for("viewer"), url, page_size=2)
    assert pages == 3 and len(labels) == 5  # four submitted and one draft
    assert len({label["id"] for label in labels}) == 5
    first = next(label for label in labels if label["status"] == "submitted")
    assert first["objects"][0]["mask"]["size"] == [48, 64] and isinstance(first["objects"][0]["mask"]["counts"], str)
    submitted, _ = pull(client_for("viewer"), url, status="submitted")
    assert len(submitted) == 4


def test_since_returns_only_labels_changed_after_the_time(labeled, users, client_for):
    url = f"/api/v1/projects/{labeled.pk}/labels"
    checkpoint = timezone.now()
    label = Label.objects.filter(asset__project=labeled, status="submitted").first()
    name, mask = scene(0)[3]
    label_update(label=label, user=users["manager"], edited=1, body=LabelBody(**{
        "objects": [{"class": class_ids(labeled)[name], "mask": rle(mask)}],
        "classifications": {}, "status": "submitted", "time_spent_s": 1.0}))
    changed, _ = pull(client_for("viewer"), url, since=checkpoint.isoformat())
    assert [c["id"] for c in changed] == [label.pk] and changed[0]["revision"] == 2
    nothing, _ = pull(client_for("viewer"), url, since=timezone.now().isoformat())
    assert nothing == []


def test_bad_parameters_and_outsiders(labeled, client_for):
    url = f"/api/v1/projects/{labeled.pk}/labels"
    assert client_for("viewer").get(url, {"since": "yesterday"}).status_code == 400
    assert client_for("viewer").get(url, {"status": "lost"}).status_code == 400
    assert client_for("outsider").get(url).status_code == 404
