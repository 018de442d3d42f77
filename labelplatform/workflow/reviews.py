"""Review decisions: accept, reject with comments pinned to the image, or fix (PUT) and accept."""

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from rest_framework.exceptions import PermissionDenied, ValidationError

from labelplatform.common.errors import Conflict
from labelplatform.common.events import LABEL_REVIEWED, event_raise
from labelplatform.labels.models import Label, LabelRevision, LabelStatus
from labelplatform.workflow.models import Claim, ClaimEnd, Decision, Review, ReviewState, Stage, Submission
from labelplatform.workflow.services import asset_status_refresh

MAX_PINS = 200


def check_review_access(*, label: Label, reviewer: User) -> None:
    if label.author_id == reviewer.pk:
        raise PermissionDenied("nobody reviews their own label")


def _check_pins(pins: list[dict[str, Any]], width: int, height: int) -> list[dict[str, Any]]:
    if len(pins) > MAX_PINS:
        raise ValidationError({"pins": [f"at most {MAX_PINS} pins per review"]})
    for index, pin in enumerate(pins):
        if not (0 <= pin["x"] <= width and 0 <= pin["y"] <= height):
            raise ValidationError({"pins": [
                f"pins[{index}]: ({pin['x']}, {pin['y']}) is outside the {width}x{height} image"]})
    return [{"x": p["x"], "y": p["y"], "text": p.get("text", "")} for p in pins]


@transaction.atomic
def review_submit(
    *, label: Label, reviewer: User, decision: str, comment: str = "", pins: list[dict[str, Any]] | None = None
) -> Review:
    """Record the decision; a rejection sends the label back to its author as rework (first in their queue)."""
    check_review_access(label=label, reviewer=reviewer)
    locked = Label.objects.select_for_update().select_related("asset").get(pk=label.pk)
    if locked.status != LabelStatus.SUBMITTED:
        raise Conflict(f"label {locked.pk} is a draft; only submitted labels are reviewed")
    submission = Submission.objects.select_for_update().get(label=locked)
    clean_pins = _check_pins(pins or [], locked.asset.width, locked.asset.height)
    if decision == Decision.REJECT and not comment.strip() and not clean_pins:
        raise ValidationError({"comment": ["a rejection needs a comment or a pin saying what to fix"]})
    fixed = LabelRevision.objects.filter(label=locked, number=locked.revision, editor=reviewer).exists()
    review = Review.objects.create(
        label=locked, reviewer=reviewer, decision=decision, comment=comment, pins=clean_pins,
        revision=locked.revision, fixed=fixed and decision == Decision.ACCEPT,
    )
    now = timezone.now()
    submission.review_state = ReviewState.ACCEPTED if decision == Decision.ACCEPT else ReviewState.REJECTED
    submission.reviewed_at = now
    submission.save(update_fields=["review_state", "reviewed_at"])
    Claim.objects.filter(label=locked, user=reviewer, stage=Stage.REVIEW, ended_at__isnull=True).update(
        ended_at=now, end_reason=ClaimEnd.REVIEWED
    )
    asset_status_refresh(asset_id=locked.asset_id)
    event_raise(LABEL_REVIEWED, project_id=locked.asset.project_id, data={"review": {
        "id": review.pk, "label": locked.pk, "asset": locked.asset_id, "reviewer": reviewer.pk,
        "revision": review.revision, "decision": decision}})
    return review
