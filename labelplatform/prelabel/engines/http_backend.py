"""Calling a customer's model server (protocol in docs/prelabel.md): JSON in, RLE masks out.

The call goes through the outbound guard (common/outbound.py): no private or
metadata addresses unless allowed, and no word of the server's answer in an
error, so a model server cannot be used to read internal services.
"""

import base64
import json
from typing import Any
from urllib.parse import urlparse

from labelplatform.common import outbound
from labelplatform.common.json_limits import JsonInputError, loads

DEFAULT_TIMEOUT_S = 30.0
MAX_TIMEOUT_S = 300.0
MAX_RESPONSE_BYTES = 64 * 1024 * 1024  # a server answering more than this is misbehaving


class ServerAnswerError(RuntimeError):
    """The model server failed or answered something we cannot use; the message says what."""


def check_http_config(doc: Any) -> dict[str, Any]:
    from labelplatform.prelabel.engines.onnx_config import ConfigError

    if not isinstance(doc, dict):
        raise ConfigError("config must be a JSON object")
    url = doc.get("url")
    if not isinstance(url, str) or urlparse(url).scheme not in ("http", "https") or not urlparse(url).netloc:
        raise ConfigError("config.url must be an http(s) URL of the model server")
    timeout = doc.get("timeout_s", DEFAULT_TIMEOUT_S)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout <= MAX_TIMEOUT_S:
        raise ConfigError(f"config.timeout_s must be a number in (0, {MAX_TIMEOUT_S:g}]")
    headers = doc.get("headers", {})
    if not isinstance(headers, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items()):
        raise ConfigError("config.headers must map header names to strings")
    classes = doc.get("classes", {})
    if not isinstance(classes, dict):
        raise ConfigError("config.classes must map the server's class names or ids to ontology class ids")
    try:
        outbound.resolve(url)
    except outbound.OutboundRefused as exc:
        raise ConfigError(f"config.url: {exc}") from None
    except outbound.OutboundError:
        pass  # not resolvable from here (yet): every call checks again
    return {"url": url, "timeout_s": float(timeout), "headers": headers, "classes": classes}


def request_body(*, asset_id: int, name: str, width: int, height: int, image: bytes, mime_type: str) -> dict[str, Any]:
    return {"asset": {"id": asset_id, "name": name, "width": width, "height": height},
            "image": {"base64": base64.b64encode(image).decode("ascii"), "mime_type": mime_type}}


def call_server(config: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """POST the body; the answer must be a JSON object with an `objects` list (checked further by the caller)."""
    timeout = config["timeout_s"]
    try:
        raw = outbound.fetch(config["url"], method="POST", body=json.dumps(body).encode(),
                             headers={"Content-Type": "application/json", **config["headers"]},
                             timeout_s=timeout, max_bytes=MAX_RESPONSE_BYTES)
    except outbound.OutboundStatus as exc:
        raise ServerAnswerError(f"model server answered {exc}") from None
    except outbound.OutboundTimeout:
        raise ServerAnswerError(f"model server did not answer within {timeout:g} s") from None
    except outbound.OutboundRefused as exc:
        raise ServerAnswerError(f"model server not called: {exc}") from None
    except outbound.OutboundError as exc:
        raise ServerAnswerError(f"model server unreachable: {exc}") from None
    try:
        answer = loads(raw)
    except JsonInputError as exc:
        where = f" at {exc.path}" if exc.path else ""
        raise ServerAnswerError(f"model server answer is not usable JSON{where}: {exc}") from None
    if not isinstance(answer, dict) or not isinstance(answer.get("objects"), list):
        raise ServerAnswerError("model server answer must be a JSON object with an 'objects' list")
    return answer


def mapped_objects(config: dict[str, Any], answer: dict[str, Any]) -> list[dict[str, Any]]:
    """Objects with classes mapped to ontology ids by config.classes (unmapped ones pass as given)."""
    mapping = config["classes"]
    objects = []
    for index, raw in enumerate(answer["objects"]):
        if not isinstance(raw, dict):
            raise ServerAnswerError(f"model server objects[{index}] is not an object")
        cls = raw.get("class")
        objects.append({**raw, "class": mapping.get(str(cls), cls)})
    return objects
