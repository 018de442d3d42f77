"""Workflow settings of a project (keys of project.settings), with defaults and checks."""

from dataclasses import dataclass
from typing import Any

from rest_framework.exceptions import ValidationError

LEASE_SECONDS_DEFAULT = 900  # a quarter hour; the editor heartbeats every minute or so


@dataclass(frozen=True)
class WorkflowConfig:
    labels_per_asset: int
    review_fraction: float
    gold_fraction: float
    lease_seconds: int
    labelers_see_all: bool


def workflow_config(settings: dict[str, Any]) -> WorkflowConfig:
    return WorkflowConfig(
        labels_per_asset=int(settings.get("labels_per_asset", 1)),
        review_fraction=float(settings.get("review_fraction", 0.0)),
        gold_fraction=float(settings.get("gold_fraction", 0.0)),
        lease_seconds=int(settings.get("lease_seconds", LEASE_SECONDS_DEFAULT)),
        labelers_see_all=bool(settings.get("labelers_see_all", False)),
    )


def check_workflow_settings(merged: dict[str, Any]) -> None:
    """Called by projects.services.clean_settings: reject bad workflow keys before anything is stored."""
    gold = merged.get("gold_fraction", 0.0)
    if isinstance(gold, bool) or not isinstance(gold, (int, float)) or not 0.0 <= gold <= 1.0:
        raise ValidationError({"settings": ["gold_fraction must be a number from 0.0 to 1.0"]})
    lease = merged.get("lease_seconds", LEASE_SECONDS_DEFAULT)
    if isinstance(lease, bool) or not isinstance(lease, int) or not 30 <= lease <= 86400:
        raise ValidationError({"settings": ["lease_seconds must be a whole number from 30 to 86400"]})
    if not isinstance(merged.get("labelers_see_all", False), bool):
        raise ValidationError({"settings": ["labelers_see_all must be true or false"]})
