"""What the SDK answers, typed: the API's main resources as TypedDicts.

They are plain dicts at run time (``project["id"]`` works as before, and JSON output of the command
line is unchanged); type checkers and editors see the fields. tests/client/test_types.py keeps each
one's keys equal to its OpenAPI component's properties, so they never drift from the server.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

AssetStatus = Literal["new", "in_progress", "labeled", "in_review", "rework", "done"]
JobStatus = Literal["queued", "running", "succeeded", "failed", "cancelled"]


class UserBrief(TypedDict):
    id: int
    username: str


class Project(TypedDict):
    id: int
    name: str
    description: str
    settings: dict[str, Any]
    created_at: str
    my_role: str | None
    asset_count: int


class Member(TypedDict):
    user: UserBrief
    role: Literal["manager", "reviewer", "labeler", "viewer"]


class Asset(TypedDict):
    id: int
    project: int
    name: str
    width: int
    height: int
    status: AssetStatus
    sha256: str
    size_bytes: int
    mime_type: str
    priority: int
    thumbnail_ready: bool
    label_count: int
    created_at: str


# The functional form: "class", a key of the API, is a keyword in a class body. `mask` is a COCO RLE
# {"size", "counts"}, or a numpy bool array when asked for with numpy=True.
LabelObject = TypedDict("LabelObject", {
    "id": int, "class": int, "mask": Any, "attributes": dict[str, Any], "area": int, "bbox": list[int],
    "track": "int | None",
})


class Label(TypedDict):
    id: int
    asset: int
    author: UserBrief
    revision: int
    status: Literal["draft", "submitted"]
    ontology_version: int
    objects: list[LabelObject]
    classifications: dict[str, Any]
    time_spent_s: float
    created_at: str
    updated_at: str


class Job(TypedDict):
    id: int
    kind: str
    project: int | None
    params: dict[str, Any]
    status: JobStatus
    progress: dict[str, Any]
    error: str
    result: Any
    attempts: int
    created_by: int | None
    created_at: str
    started_at: str | None
    finished_at: str | None


class Version(TypedDict):
    id: int
    name: str
    description: str
    labels: Literal["latest", "accepted"]
    ontology_version: int
    asset_count: int
    object_count: int
    created_by: str
    created_at: str


class VersionDetail(Version):
    ontology: dict[str, Any]
    mask_labels: dict[str, Any]


class Webhook(TypedDict):
    id: int
    project: int
    url: str
    events: list[str]
    active: bool
    created_at: str


class CreatedWebhook(Webhook):
    secret: str


class Bucket(TypedDict):
    id: int
    project: int
    name: str
    endpoint_url: str
    bucket: str
    prefix: str
    region: str
    access_key_id: str
    created_at: str
    object_count: int
    missing_count: int
    last_sync: Job | None


class Delivery(TypedDict):
    id: int
    subscription: int
    event: str
    event_id: str
    status: Literal["pending", "succeeded", "failed"]
    attempts: int
    response_code: int | None
    response_ms: int | None
    error: str
    next_retry_at: str | None
    last_attempt_at: str | None
    created_at: str
    payload: dict[str, Any]
