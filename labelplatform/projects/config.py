"""Workflow settings of a project (keys of project.settings), with defaults and checks.

Kept with the project: the queue, quality scoring and exports all read them."""

import json
from dataclasses import dataclass
from typing import Any

from rest_framework.exceptions import ValidationError

LEASE_SECONDS_DEFAULT = 900  # a quarter hour; the editor heartbeats every minute or so

# What a project created through the API or the app starts with where the request is silent: every
# submitted label reaches Review (a team expects its first labels checked; managers lower it to sample).
# A project without the key (older ones, or made in code) reads review_fraction 0.0 as before.
NEW_PROJECT_SETTINGS: dict[str, Any] = {"review_fraction": 1.0}

# Other apps' settings, read leniently where they are used (a wrong value silently means the default), so
# checked here before anything is stored: whole numbers from 0 (0: off) to the bound given.
WHOLE_SETTINGS = {"prelabel_retrain_every": 100_000, "dataengine_retrain_every": 100_000, "embeddings_ahead": 1_000,
                  "embed_at_upload_max_assets": 10_000_000}
MAX_CLASS_ID = 2**31 - 1
MAX_THINGS = 1_000  # dataengine_things: class ids
MAX_SETTINGS_BYTES = 64 * 1024  # the whole document as JSON: every project read carries it


@dataclass(frozen=True)
class WorkflowConfig:
    labels_per_asset: int
    review_fraction: float
    gold_fraction: float
    lease_seconds: int
    labelers_see_all: bool
    consensus_review_below: float  # automatic consensus choices agreeing less want a reviewer's pick; 0: off


def workflow_config(settings: dict[str, Any]) -> WorkflowConfig:
    return WorkflowConfig(
        labels_per_asset=int(settings.get("labels_per_asset", 1)),
        review_fraction=float(settings.get("review_fraction", 0.0)),
        gold_fraction=float(settings.get("gold_fraction", 0.0)),
        lease_seconds=int(settings.get("lease_seconds", LEASE_SECONDS_DEFAULT)),
        labelers_see_all=bool(settings.get("labelers_see_all", False)),
        consensus_review_below=float(settings.get("consensus_review_below", 0.0)),
    )


def check_workflow_settings(merged: dict[str, Any]) -> None:
    """Called by projects.services.clean_settings: reject bad workflow keys before anything is stored."""
    for key in ("gold_fraction", "consensus_review_below"):
        value = merged.get(key, 0.0)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
            raise ValidationError({"settings": [f"{key} must be a number from 0.0 to 1.0"]})
    lease = merged.get("lease_seconds", LEASE_SECONDS_DEFAULT)
    if isinstance(lease, bool) or not isinstance(lease, int) or not 30 <= lease <= 86400:
        raise ValidationError({"settings": ["lease_seconds must be a whole number from 30 to 86400"]})
    if not isinstance(merged.get("labelers_see_all", False), bool):
        raise ValidationError({"settings": ["labelers_see_all must be true or false"]})
    # The queue order (docs/workflow.md): a name, now set from the Settings page; a nested or huge value is refused.
    priority = merged.get("priority", "")
    if not isinstance(priority, str) or len(priority) > 64 or "\x00" in priority:
        raise ValidationError({"settings": ["priority must be a name of at most 64 characters"]})
    _check_other_settings(merged)


def _whole(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _check_other_settings(merged: dict[str, Any]) -> None:
    """The data engine's and pre-labeler's keys, and the document's size (a key no app reads is kept as given,
    but a huge one is refused)."""
    for key, high in WHOLE_SETTINGS.items():
        if key in merged and not _whole(merged[key], 0, high):
            raise ValidationError({"settings": [f"{key} must be a whole number from 0 to {high}"]})
    threshold = merged.get("dataengine_threshold", 0.3)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0.0 <= threshold <= 1.0:
        raise ValidationError({"settings": ["dataengine_threshold must be a number from 0.0 to 1.0"]})
    things = merged.get("dataengine_things", [])
    if not isinstance(things, list) or len(things) > MAX_THINGS or not all(_whole(c, 1, MAX_CLASS_ID) for c in things):
        raise ValidationError({"settings": [f"dataengine_things must be a list of at most {MAX_THINGS} class ids"]})
    if len(json.dumps(merged)) > MAX_SETTINGS_BYTES:
        raise ValidationError({"settings": [f"the settings must be at most {MAX_SETTINGS_BYTES} bytes as JSON"]})
