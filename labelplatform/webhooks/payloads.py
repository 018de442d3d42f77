"""What each event's `data` holds, as JSON Schema: the docs (docs/webhooks.md) and the OpenAPI schema's
components (WebhookEvent and one Webhook<Event> per event, added by `schema_components`) read it from here,
and the tests check every delivery sent against it."""

from typing import Any

_ID = {"type": "integer"}
_STR = {"type": "string"}


def _object(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(properties)}


DATA: dict[str, dict[str, Any]] = {
    "label.submitted": _object(label=_object(id=_ID, asset=_ID, author=_ID, revision=_ID, objects=_ID)),
    "label.reviewed": _object(review=_object(id=_ID, label=_ID, asset=_ID, reviewer=_ID, revision=_ID,
                                             decision={"type": "string", "enum": ["accept", "reject"]})),
    "asset.done": _object(asset=_object(id=_ID, name=_STR)),
    "job.finished": _object(job=_object(id=_ID, kind=_STR, status={"type": "string", "enum": ["succeeded", "failed"]},
                                        error=_STR)),
    "version.created": _object(version=_object(name=_STR, labels=_STR, asset_count=_ID, object_count=_ID,
                                               ontology_version=_ID)),
    "member.added": _object(member=_object(user=_ID, username=_STR, role=_STR)),
}


def envelope(event: str) -> dict[str, Any]:
    """The whole body of a delivery of `event`."""
    return _object(id={"type": "string", "format": "uuid"}, event={"type": "string", "enum": [event]},
                   project=_ID, created_at={"type": "string", "format": "date-time"}, data=DATA[event])


def component_name(event: str) -> str:
    return "Webhook" + "".join(part.title() for part in event.split("."))


def schema_components(result: dict[str, Any], **_: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook: the payloads as components of the OpenAPI schema."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for event in DATA:
        schemas[component_name(event)] = envelope(event)
    schemas["WebhookEvent"] = {"oneOf": [{"$ref": f"#/components/schemas/{component_name(e)}"} for e in DATA],
                               "description": "the JSON body of a webhook delivery (docs/webhooks.md)"}
    return result
