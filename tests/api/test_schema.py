"""The OpenAPI schema: generated without warnings, and true to the bodies the views build by hand."""

import json
from typing import Any

import jsonschema
import pytest
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS

from tests.workflow.helpers import label_body, make_assets, rect, set_settings

Schema = dict[str, Any]


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> Schema:
    GENERATOR_STATS.reset()  # its counts are global: other tests may have built a schema before
    path = tmp_path_factory.mktemp("schema") / "schema.json"
    # --fail-on-warn raises on any warning or error ("unable to guess serializer", enum collisions...)
    call_command("spectacular", "--format", "openapi-json", "--file", str(path), "--fail-on-warn", "--validate")
    return json.loads(path.read_text())


def resolve(schema: Schema, node: Schema) -> Schema:
    """Follow $ref, and the one-item allOf spectacular wraps around a $ref with a description."""
    while True:
        if "$ref" in node:
            node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
        elif len(node.get("allOf", [])) == 1:
            node = node["allOf"][0]
        else:
            return node


def strict(schema: Schema, node: Schema) -> Schema:
    """OpenAPI 3.0 -> JSON Schema, refs inlined; objects with properties take no undocumented keys."""
    if "$ref" in node:
        return strict(schema, resolve(schema, node))
    out = {k: v for k, v in node.items() if k not in ("nullable", "readOnly", "writeOnly", "description")}
    if "properties" in node:
        out["properties"] = {name: strict(schema, prop) for name, prop in node["properties"].items()}
        out.setdefault("additionalProperties", False)
    if isinstance(node.get("additionalProperties"), dict):
        out["additionalProperties"] = strict(schema, node["additionalProperties"])
    if "items" in node:
        out["items"] = strict(schema, node["items"])
    for key in ("allOf", "oneOf", "anyOf"):
        if key in node:
            out[key] = [strict(schema, sub) for sub in node[key]]
    return {"anyOf": [out, {"type": "null"}]} if node.get("nullable") else out


def check(schema: Schema, path: str, method: str, response: Any) -> None:
    assert response.status_code < 500, response.content
    documented = schema["paths"][path][method]["responses"][str(response.status_code)]
    if "content" not in documented:
        assert not response.content
        return
    body_schema = strict(schema, documented["content"]["application/json"]["schema"])
    jsonschema.validate(response.json(), body_schema, format_checker=jsonschema.FormatChecker())


def test_the_schema_has_no_warnings_and_covers_every_hand_built_view(schema):
    assert not GENERATOR_STATS
    ops = {(path, method): op for path, item in schema["paths"].items() for method, op in item.items()}
    for path, method in [("/api/v1/labels/{label_id}", "get"), ("/api/v1/labels/{label_id}/revisions", "get"),
                         ("/api/v1/labels/{label_id}/revisions/{number}", "get"),
                         ("/api/v1/assets/{asset_id}/labels", "get"), ("/api/v1/projects/{project_id}/stats", "get"),
                         ("/api/v1/projects/{project_id}/quality", "get"),
                         ("/api/v1/projects/{project_id}/queue", "get")]:
        assert "content" in ops[path, method]["responses"]["200"], (path, method)
    ids = [op["operationId"] for op in ops.values()]
    assert len(ids) == len(set(ids))


def test_the_label_detail_response_is_described(schema):
    ok = schema["paths"]["/api/v1/labels/{label_id}"]["get"]["responses"]["200"]
    label = resolve(schema, ok["content"]["application/json"]["schema"])
    assert {"id", "objects", "revision", "author", "status", "classifications"} <= set(label["properties"])
    assert set(resolve(schema, label["properties"]["author"])["properties"]) == {"id", "username"}
    obj = resolve(schema, label["properties"]["objects"]["items"])
    assert {"id", "class", "mask", "attributes", "area", "bbox"} <= set(obj["properties"])
    mask = resolve(schema, obj["properties"]["mask"])
    assert {"counts", "size"} <= set(mask["properties"])


def test_label_bodies_match_the_schema(schema, client_for, project):
    (asset,) = make_assets(project, 1)
    labeler = client_for("labeler")
    created = labeler.post(f"/api/v1/assets/{asset.id}/labels", label_body((1, rect(2, 10, 3, 15))), format="json")
    check(schema, "/api/v1/assets/{asset_id}/labels", "post", created)
    label = f"/api/v1/labels/{created.json()['id']}"
    saved = labeler.put(label, label_body((2, rect(0, 5, 0, 5)), revision=1), format="json")
    check(schema, "/api/v1/labels/{label_id}", "put", saved)
    stale = labeler.put(label, label_body((2, rect(0, 5, 0, 5)), revision=1), format="json")
    assert stale.status_code == 409
    check(schema, "/api/v1/labels/{label_id}", "put", stale)
    check(schema, "/api/v1/labels/{label_id}", "get", labeler.get(label))
    check(schema, "/api/v1/assets/{asset_id}/labels", "get", labeler.get(f"/api/v1/assets/{asset.id}/labels"))
    check(schema, "/api/v1/labels/{label_id}/revisions", "get", labeler.get(f"{label}/revisions"))
    check(schema, "/api/v1/labels/{label_id}/revisions/{number}", "get", labeler.get(f"{label}/revisions/1"))


def test_workflow_and_quality_reports_match_the_schema(schema, client_for, project):
    set_settings(project, review_fraction=1.0)
    gold, other = make_assets(project, 2)
    manager, labeler = client_for("manager"), client_for("labeler")
    reference = manager.post(f"/api/v1/assets/{gold.id}/labels", label_body((1, rect(0, 10, 0, 10))), format="json")
    check(schema, "/api/v1/assets/{asset_id}/gold", "post",
          manager.post(f"/api/v1/assets/{gold.id}/gold", {"label": reference.json()["id"]}, format="json"))
    labeler.post(f"/api/v1/assets/{gold.id}/labels", label_body((1, rect(0, 10, 0, 5))), format="json")
    labeler.post(f"/api/v1/assets/{other.id}/labels", label_body((1, rect(0, 10, 0, 5))), format="json")
    project_url = f"/api/v1/projects/{project.id}"
    # a review served: the label in the answer is a full label_out
    served = client_for("reviewer").post(f"{project_url}/queue/next?stage=review")
    assert served.json()["label"] is not None
    check(schema, "/api/v1/projects/{project_id}/queue/next", "post", served)
    check(schema, "/api/v1/projects/{project_id}/queue", "get", manager.get(f"{project_url}/queue"))
    for query in ("", "?from=2020-01-01&to=2100-01-01"):
        check(schema, "/api/v1/projects/{project_id}/stats", "get", manager.get(f"{project_url}/stats{query}"))
        check(schema, "/api/v1/projects/{project_id}/quality", "get", manager.get(f"{project_url}/quality{query}"))
    check(schema, "/api/v1/projects/{project_id}/stats", "get", labeler.get(f"{project_url}/stats"))
    check(schema, "/api/v1/projects/{project_id}/priorities", "post",
          manager.post(f"{project_url}/priorities", {"priorities": [{"asset": other.id, "priority": 3}]},
                       format="json"))
    check(schema, "/api/v1/assets/{asset_id}/gold", "delete", manager.delete(f"/api/v1/assets/{gold.id}/gold"))
    check(schema, "/api/v1/projects/{project_id}/members", "delete",
          manager.delete(f"{project_url}/members?user=viewer"))


PAGINATED = ["/api/v1/projects", "/api/v1/projects/{project_id}/assets", "/api/v1/projects/{project_id}/consensus",
             "/api/v1/projects/{project_id}/jobs", "/api/v1/projects/{project_id}/reviews",
             "/api/v1/projects/{project_id}/versions", "/api/v1/projects/{project_id}/threads",
             "/api/v1/notifications"]


def test_paginated_lists_are_documented_as_pages_with_their_parameters(schema, client_for, project):
    make_assets(project, 2)
    manager = client_for("manager")
    for path in PAGINATED:
        op = schema["paths"][path]["get"]
        assert {"page", "page_size"} <= {p["name"] for p in op["parameters"]}, path
        page = resolve(schema, op["responses"]["200"]["content"]["application/json"]["schema"])
        assert set(page["properties"]) == {"count", "next", "previous", "results"}, path
        check(schema, path, "get", manager.get(path.replace("{project_id}", str(project.id)) + "?page_size=1"))
        check(schema, path, "get", manager.get(path.replace("{project_id}", str(project.id)) + "?page=99"))
    # the upload answers a plain list, though its view's GET is paginated
    upload = schema["paths"]["/api/v1/projects/{project_id}/assets"]["post"]["responses"]["201"]
    assert upload["content"]["application/json"]["schema"]["type"] == "array"


def test_predictions_are_documented_as_the_list_they_are(schema, client_for, asset):
    answer = client_for("labeler").get(f"/api/v1/assets/{asset.id}/predictions")
    assert answer.json() == []
    check(schema, "/api/v1/assets/{asset_id}/predictions", "get", answer)
    ok = schema["paths"]["/api/v1/assets/{asset_id}/predictions"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"]["type"] == "array"


def test_every_operation_documents_the_errors_it_can_answer(schema, client_for, project):
    for path, item in schema["paths"].items():
        for method, op in item.items():
            codes = set(op["responses"])
            assert {"400", "401", "403"} <= codes, (method, path)
            # a paginated list without an id in its path answers 404 for a page past the end
            names_an_object = "{" in path or path in ("/api/v1/projects", "/api/v1/notifications") and method == "get"
            assert ("404" in codes) == (names_an_object or path == "/api/v1/auth/signup"), (method, path)
    assert "409" in schema["paths"]["/api/v1/jobs/{job_id}/cancel"]["post"]["responses"]
    assert "503" in schema["paths"]["/api/v1/projects/{project_id}/exports"]["post"]["responses"]
    assert "429" in schema["paths"]["/api/v1/auth/token"]["post"]["responses"]
    # and the answers are what the schema says
    outsider, labeler = client_for("outsider"), client_for("labeler")
    check(schema, "/api/v1/projects/{project_id}", "get", outsider.get(f"/api/v1/projects/{project.id}"))
    check(schema, "/api/v1/projects/{project_id}", "patch",
          labeler.patch(f"/api/v1/projects/{project.id}", {"name": "x"}, format="json"))
    check(schema, "/api/v1/projects", "post", labeler.post("/api/v1/projects", {"name": ""}, format="json"))
    check(schema, "/api/v1/projects/{project_id}/assets", "get",
          labeler.get(f"/api/v1/projects/{project.id}/assets?page=99"))


def test_json_bodies_are_documented_as_json_only(schema: Schema) -> None:
    # the default form parsers serve the browsable API; a form cannot carry the JSON bodies' nested
    # objects and typed values, so documenting them made schemathesis send bodies no view can read
    login = schema["paths"]["/api/v1/auth/login"]["post"]["requestBody"]["content"]
    assert list(login) == ["application/json"]
    upload = schema["paths"]["/api/v1/projects/{project_id}/assets"]["post"]["requestBody"]["content"]
    assert list(upload) == ["multipart/form-data"]


def test_the_shapes_the_views_check_are_documented(schema: Schema) -> None:
    paths = schema["paths"]
    label_in = schema["components"]["schemas"]["LabelInRequest"]["properties"]
    assert label_in["objects"]["type"] == "array"
    assert label_in["classifications"]["type"] == "object"
    assets = {p["name"]: p["schema"] for p in paths["/api/v1/projects/{project_id}/assets"]["get"]["parameters"]}
    assert "enum" in assets["status"]
    quality = {p["name"]: p["schema"] for p in paths["/api/v1/projects/{project_id}/quality"]["get"]["parameters"]}
    assert quality["from"] == {"type": "string", "format": "date"}
    member_in = schema["components"]["schemas"]["MemberInRequest"]["properties"]["user"]
    assert [kind["type"] for kind in member_in["oneOf"]] == ["string", "integer"]


def test_a_signup_link_that_is_not_open_is_a_documented_404(schema: Schema) -> None:
    signup = schema["paths"]["/api/v1/auth/signup"]
    assert "404" in signup["get"]["responses"] and "404" in signup["post"]["responses"]
