"""Every endpoint under /api/v1/ with every role: the expected status code of each.

The URL patterns are enumerated from the resolver, so a new endpoint (or a new method on
one) without an entry here fails `test_every_endpoint_has_an_entry`.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from labelplatform.assets.services import assets_upload, thumbnail_make
from labelplatform.buckets.models import BucketSource
from labelplatform.buckets.sealing import seal
from labelplatform.datasets.services import ExportRequest, export_start, version_create
from labelplatform.discussions.services import thread_create
from labelplatform.flows.gold import asset_gold_set
from labelplatform.flows.label_save import label_create
from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_run
from labelplatform.labels.services import LabelBody
from labelplatform.prelabel.models import RegisteredModel
from labelplatform.projects.invitations import invitation_create
from labelplatform.sequences.models import Frame, Sequence
from labelplatform.webhooks.models import Delivery, Subscription
from labelplatform.workflow.models import Claim
from labelplatform.workflow.queue import queue_next
from tests.conftest import CLASSES, image_bytes
from tests.workflow.helpers import car_label, set_settings

ROLES = ("manager", "reviewer", "labeler", "viewer", "outsider", "anonymous", "staff")
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Entry:
    ok: int  # the status for allowed roles
    allowed: str  # letters: M manager, R reviewer, L labeler, V viewer, O outsider, A anonymous (S follows M)
    url: Callable[[dict[str, Any]], str]
    body: Callable[[dict[str, Any]], Any] | None = None
    denied: int = 403
    multipart: bool = False
    overrides: dict[str, int] = field(default_factory=dict)  # roles whose status differs from the rule

    def expected(self, role: str) -> int:
        if role in self.overrides:
            return self.overrides[role]
        letter = {"staff": "M"}.get(role, role[0].upper())
        if letter in self.allowed:
            return self.ok
        if role == "anonymous":
            return 401
        if role == "outsider":
            return 404
        return self.denied


MEMBERS, EDITORS, ANYONE, USERS = "MRLV", "MRL", "MRLVOA", "MRLVO"


def _p(suffix: str = "") -> Callable[[dict[str, Any]], str]:
    return lambda w: f"/api/v1/projects/{w['project'].id}{suffix}"


MATRIX: dict[tuple[str, str], Entry] = {
    ("project-exports", "post"): Entry(202, "M", _p("/exports"), lambda w: {"format": "coco"}),
    ("project-imports", "post"): Entry(400, "M", _p("/imports"), lambda w: {"urls": []}),
    ("job-result", "get"): Entry(200, "MRV", lambda w: f"/api/v1/jobs/{w['export'].id}/result", denied=404),
    ("project-labels", "get"): Entry(200, MEMBERS, _p("/labels")),
    ("project-versions", "get"): Entry(200, MEMBERS, _p("/versions")),
    ("project-versions", "post"): Entry(201, "M", _p("/versions"), lambda w: {"name": "v2", "labels": "latest"}),
    ("version-detail", "get"): Entry(200, MEMBERS, _p("/versions/v1")),
    ("version-detail", "delete"): Entry(204, "M", _p("/versions/v1")),
    # managers and reviewers, who see every label (datasets/apis.py VersionCompareApi)
    ("versions-compare", "post"): Entry(202, "MR", _p("/versions/compare"), lambda w: {"a": "v1", "b": "v1"}),
    ("asset-segment", "post"): Entry(200, EDITORS, lambda w: f"/api/v1/assets/{w['asset'].id}/segment",
                                    lambda w: {"backend": "grabcut", "points": [[20, 15, 1]]}),
    # a backend that is not SAM-family: a 400 whether or not this machine has MobileSAM installed
    ("asset-embedding", "get"): Entry(400, MEMBERS, lambda w: f"/api/v1/assets/{w['asset'].id}/embedding?backend=x"),
    ("asset-proposals", "get"): Entry(400, MEMBERS, lambda w: f"/api/v1/assets/{w['asset'].id}/proposals?backend=x"),
    ("prelabel-builtin", "get"): Entry(200, USERS, lambda w: "/api/v1/prelabel/builtin"),
    ("prelabel-builtin-decoder", "get"): Entry(404, USERS, lambda w: "/api/v1/prelabel/builtin/x/decoder.onnx"),
    ("asset-predictions", "get"): Entry(200, MEMBERS, lambda w: f"/api/v1/assets/{w['asset'].id}/predictions"),
    ("project-prelabel", "post"): Entry(400, "M", _p("/prelabel"), lambda w: {"backend": "trained"}),
    ("project-prelabel-train", "post"): Entry(202, "M", _p("/prelabel/train"), lambda w: {}),
    ("project-prelabel-stats", "get"): Entry(200, MEMBERS, _p("/prelabel/stats")),
    ("project-models", "get"): Entry(200, MEMBERS, _p("/models")),
    ("model-detail", "get"): Entry(200, MEMBERS, lambda w: _p(f"/models/{w['model'].id}")(w)),
    ("model-detail", "delete"): Entry(204, "M", lambda w: _p(f"/models/{w['model'].id}")(w)),
    ("project-models", "post"): Entry(400, "M", _p("/models"),
                                      lambda w: {"name": "m", "kind": "http", "config": {"url": "ftp://x"}}),
    ("auth-token", "post"): Entry(400, ANYONE, lambda w: "/api/v1/auth/token", lambda w: {"username": "x"}),
    ("auth-login", "post"): Entry(400, ANYONE, lambda w: "/api/v1/auth/login", lambda w: {"username": "x"}),
    ("auth-logout", "post"): Entry(204, ANYONE, lambda w: "/api/v1/auth/logout"),
    ("auth-me", "get"): Entry(200, USERS, lambda w: "/api/v1/auth/me"),
    ("auth-session", "get"): Entry(200, ANYONE, lambda w: "/api/v1/auth/session"),
    ("auth-csrf", "get"): Entry(200, ANYONE, lambda w: "/api/v1/auth/csrf"),
    ("auth-sso", "get"): Entry(200, ANYONE, lambda w: "/api/v1/auth/sso"),
    # Single sign-on's browser redirects: 404 while it is off (tests/accounts/test_sso_provider.py when on).
    ("oidc-login", "get"): Entry(404, ANYONE, lambda w: "/api/v1/auth/oidc/authenticate/"),
    ("oidc-callback", "get"): Entry(404, ANYONE, lambda w: "/api/v1/auth/oidc/callback/?code=c&state=s"),
    ("schema", "get"): Entry(200, ANYONE, lambda w: "/api/v1/schema/"),
    ("api-docs", "get"): Entry(200, ANYONE, lambda w: "/api/v1/docs/"),
    ("api-redoc", "get"): Entry(200, ANYONE, lambda w: "/api/v1/redoc/"),
    ("project-list", "get"): Entry(200, USERS, lambda w: "/api/v1/projects"),
    ("project-list", "post"): Entry(201, USERS, lambda w: "/api/v1/projects", lambda w: {"name": "new"}),
    ("project-detail", "get"): Entry(200, MEMBERS, _p()),
    ("project-detail", "patch"): Entry(200, "M", _p(), lambda w: {"name": "renamed"}),
    ("project-detail", "delete"): Entry(204, "M", _p()),
    ("project-members", "get"): Entry(200, MEMBERS, _p("/members")),
    # a manager invites (202); staff add directly (201, tests/api/test_invitations.py)
    ("project-members", "post"): Entry(202, "M", _p("/members"), lambda w: {"user": "outsider", "role": "viewer"},
                                        overrides={"staff": 201}),
    ("project-invitations", "get"): Entry(200, "M", _p("/invitations")),
    ("project-invitations", "post"): Entry(202, "M", _p("/invitations"),
                                           lambda w: {"user": "someone@example.com", "role": "labeler"}),
    ("project-invitation", "delete"): Entry(204, "M", lambda w: _p(f"/invitations/{w['invitation'].id}")(w)),
    ("my-invitations", "get"): Entry(200, USERS, lambda w: "/api/v1/invitations"),
    ("project-invitation-link", "get"): Entry(200, "M", lambda w: _p(f"/invitations/{w['invitation'].id}/link")(w)),
    # accounts (tests/accounts): sign-up from a link and password resets need no session
    ("auth-signup", "get"): Entry(200, ANYONE, lambda w: f"/api/v1/auth/signup?token={w['invitation'].token}"),
    ("auth-signup", "post"): Entry(201, ANYONE, lambda w: "/api/v1/auth/signup", lambda w: {
        "token": w["invitation"].token, "username": "newcomer", "password": "a long new passphrase"}),
    ("auth-password-reset", "post"): Entry(202, ANYONE, lambda w: "/api/v1/auth/password-reset",
                                           lambda w: {"email": f"{uuid.uuid4().hex}@example.com"}),  # throttled
    ("auth-password-reset-confirm", "post"): Entry(400, ANYONE, lambda w: "/api/v1/auth/password-reset/confirm",
                                                   lambda w: {"uid": "x", "token": "y", "password": "z" * 12}),
    # verification e-mails: the matrix's users have no address (400); the link's token needs no session
    ("auth-email-verify", "post"): Entry(400, USERS, lambda w: "/api/v1/auth/email/verify"),
    ("auth-email-verify-confirm", "post"): Entry(400, ANYONE, lambda w: "/api/v1/auth/email/verify/confirm",
                                                 lambda w: {"token": "x"}),
    ("auth-password", "post"): Entry(400, USERS, lambda w: "/api/v1/auth/password",
                                     lambda w: {"old_password": "wrong", "new_password": "a long new passphrase"}),
    # staff everyone; anyone else the people of the projects they manage (an empty list for most)
    ("people", "get"): Entry(200, USERS, lambda w: "/api/v1/people"),
    ("users", "post"): Entry(201, "", lambda w: "/api/v1/users", lambda w: {"username": "made"},
                             overrides={"staff": 201, "outsider": 403}),
    ("user-detail", "patch"): Entry(200, "", lambda w: f"/api/v1/users/{w['users']['labeler'].id}",
                                    lambda w: {"is_active": False}, overrides={"staff": 200, "outsider": 403}),
    ("user-password-link", "post"): Entry(200, "", lambda w: f"/api/v1/users/{w['users']['labeler'].id}/password-link",
                                          overrides={"staff": 200, "outsider": 403}),
    # only the invited user answers; to anyone else the invitation does not exist
    ("invitation-accept", "post"): Entry(200, "O", lambda w: f"/api/v1/invitations/{w['invitation'].id}/accept",
                                         denied=404),
    ("invitation-decline", "post"): Entry(200, "O", lambda w: f"/api/v1/invitations/{w['invitation'].id}/decline",
                                          denied=404),
    ("project-members", "delete"): Entry(204, "M", _p("/members?user=viewer")),
    ("project-ontology", "get"): Entry(200, MEMBERS, _p("/ontology")),
    ("project-ontology", "put"): Entry(200, "M", _p("/ontology"), lambda w: {"classes": CLASSES}),
    ("project-assets", "get"): Entry(200, MEMBERS, _p("/assets")),
    ("project-assets", "post"): Entry(201, "M", _p("/assets"), multipart=True, body=lambda w: {
        "files": [SimpleUploadedFile("n.png", image_bytes(), content_type="image/png")]}),
    ("project-jobs", "get"): Entry(200, MEMBERS, _p("/jobs")),
    # a restricted labeler sees only the jobs they started: this one is the manager's
    ("job-detail", "get"): Entry(200, "MRV", lambda w: f"/api/v1/jobs/{w['job'].id}", denied=404),
    # the job's creator (the manager here) or a manager; a finished job cannot be retried (409)
    ("job-cancel", "post"): Entry(200, "M", lambda w: f"/api/v1/jobs/{w['job'].id}/cancel",
                                  overrides={"labeler": 404}),
    ("job-retry", "post"): Entry(409, "M", lambda w: f"/api/v1/jobs/{w['export'].id}/retry",
                                 overrides={"labeler": 404}),
    ("asset-detail", "get"): Entry(200, MEMBERS, lambda w: f"/api/v1/assets/{w['asset'].id}"),
    ("asset-image", "get"): Entry(200, MEMBERS, lambda w: f"/api/v1/assets/{w['asset'].id}/image"),
    ("asset-thumbnail", "get"): Entry(200, MEMBERS, lambda w: f"/api/v1/assets/{w['asset'].id}/thumbnail"),
    ("asset-labels", "get"): Entry(200, MEMBERS, lambda w: f"/api/v1/assets/{w['asset'].id}/labels"),
    ("asset-labels", "post"): Entry(201, EDITORS, lambda w: f"/api/v1/assets/{w['fresh'].id}/labels",
                                    lambda w: car_label()),
    ("label-detail", "get"): Entry(200, MEMBERS, lambda w: f"/api/v1/labels/{w['label'].id}"),
    ("label-detail", "put"): Entry(200, EDITORS, lambda w: f"/api/v1/labels/{w['label'].id}",
                                   lambda w: {**car_label(), "revision": 1}),
    ("label-revisions", "get"): Entry(200, MEMBERS, lambda w: f"/api/v1/labels/{w['label'].id}/revisions"),
    ("label-revision-detail", "get"): Entry(200, MEMBERS, lambda w: f"/api/v1/labels/{w['label'].id}/revisions/1"),
    ("queue-next", "post"): Entry(200, EDITORS, _p("/queue/next")),
    ("queue-summary", "get"): Entry(200, MEMBERS, _p("/queue")),
    ("project-claims", "get"): Entry(200, "M", _p("/claims")),
    ("project-priorities", "post"): Entry(200, "M", _p("/priorities"), lambda w: {
        "priorities": [{"asset": w["asset"].id, "priority": 3}]}),
    ("project-stats", "get"): Entry(200, MEMBERS, _p("/stats")),
    ("claim-heartbeat", "post"): Entry(200, "L", lambda w: f"/api/v1/claims/{w['claim'].id}/heartbeat"),
    ("claim-release", "post"): Entry(200, "LM", lambda w: f"/api/v1/claims/{w['claim'].id}/release"),
    ("claim-skip", "post"): Entry(200, "L", lambda w: f"/api/v1/claims/{w['claim'].id}/skip",
                                  lambda w: {"reason": "blurry"}),
    ("label-review", "post"): Entry(201, "MR", lambda w: f"/api/v1/labels/{w['label'].id}/review",
                                    lambda w: {"decision": "accept"}),
    ("label-reviews", "get"): Entry(200, MEMBERS, lambda w: f"/api/v1/labels/{w['label'].id}/reviews"),
    ("project-reviews", "get"): Entry(200, MEMBERS, _p("/reviews")),
    ("asset-priority", "put"): Entry(200, "M", lambda w: f"/api/v1/assets/{w['asset'].id}/priority",
                                     lambda w: {"priority": 4}),
    ("asset-gold", "get"): Entry(200, "M", lambda w: f"/api/v1/assets/{w['gold'].id}/gold"),
    ("asset-gold", "post"): Entry(201, "M", lambda w: f"/api/v1/assets/{w['gold'].id}/gold",
                                  lambda w: {"label": w["gold_label"].id}),
    ("asset-gold", "delete"): Entry(204, "M", lambda w: f"/api/v1/assets/{w['gold'].id}/gold"),
    ("project-gold", "get"): Entry(200, "M", _p("/gold")),
    ("asset-consensus", "get"): Entry(200, MEMBERS, lambda w: f"/api/v1/assets/{w['asset'].id}/consensus"),
    # the world collects one label per asset: a pick gets as far as "no consensus here"
    ("asset-consensus", "post"): Entry(409, "MR", lambda w: f"/api/v1/assets/{w['asset'].id}/consensus",
                                       lambda w: {"label": w["label"].id}),
    ("project-consensus", "get"): Entry(200, "MRV", _p("/consensus")),
    ("project-quality", "get"): Entry(200, MEMBERS, _p("/quality")),
    ("label-scores", "get"): Entry(200, MEMBERS, lambda w: f"/api/v1/labels/{w['label'].id}/scores"),
    ("project-webhooks", "get"): Entry(200, "M", _p("/webhooks")),
    ("project-webhooks", "post"): Entry(201, "M", _p("/webhooks"), lambda w: {
        "url": "https://93.184.216.34/hook", "events": ["asset.done"]}),
    ("webhook-detail", "get"): Entry(200, "M", lambda w: f"/api/v1/webhooks/{w['webhook'].id}"),
    ("webhook-detail", "patch"): Entry(200, "M", lambda w: f"/api/v1/webhooks/{w['webhook'].id}",
                                       lambda w: {"active": False}),
    ("webhook-detail", "delete"): Entry(204, "M", lambda w: f"/api/v1/webhooks/{w['webhook'].id}"),
    ("webhook-deliveries", "get"): Entry(200, "M", lambda w: f"/api/v1/webhooks/{w['webhook'].id}/deliveries"),
    ("webhook-redeliver", "post"): Entry(202, "M", lambda w: (
        f"/api/v1/webhooks/{w['webhook'].id}/deliveries/{w['delivery'].id}/redeliver")),
    # the customer's buckets: managers only; the endpoint is private and not allowed, so a manager's attach or
    # change is refused by the outbound guard (400) without any call going out
    ("project-buckets", "get"): Entry(200, "M", _p("/buckets")),
    ("project-buckets", "post"): Entry(400, "M", _p("/buckets"), lambda w: {
        "name": "b", "endpoint_url": "http://127.0.0.1:9", "bucket": "photos", "access_key_id": "k",
        "secret_access_key": "s"}),
    ("bucket-detail", "get"): Entry(200, "M", lambda w: f"/api/v1/buckets/{w['bucket'].id}"),
    ("bucket-detail", "patch"): Entry(400, "M", lambda w: f"/api/v1/buckets/{w['bucket'].id}",
                                      lambda w: {"prefix": "other/"}),
    ("bucket-detail", "delete"): Entry(204, "M", lambda w: f"/api/v1/buckets/{w['bucket'].id}"),
    ("bucket-sync", "post"): Entry(202, "M", lambda w: f"/api/v1/buckets/{w['bucket'].id}/sync"),
    # comment threads: members read, editors write, viewers read only
    ("asset-threads", "get"): Entry(200, MEMBERS, lambda w: f"/api/v1/assets/{w['asset'].id}/threads"),
    ("asset-threads", "post"): Entry(201, EDITORS, lambda w: f"/api/v1/assets/{w['asset'].id}/threads",
                                     lambda w: {"body": "look here @labeler", "x": 5, "y": 5}),
    ("project-threads", "get"): Entry(200, MEMBERS, _p("/threads")),
    ("thread-detail", "get"): Entry(200, MEMBERS, lambda w: f"/api/v1/threads/{w['thread'].id}"),
    ("thread-comments", "post"): Entry(201, EDITORS, lambda w: f"/api/v1/threads/{w['thread'].id}/comments",
                                       lambda w: {"body": "done"}),
    ("thread-resolve", "post"): Entry(200, EDITORS, lambda w: f"/api/v1/threads/{w['thread'].id}/resolve"),
    ("thread-reopen", "post"): Entry(200, EDITORS, lambda w: f"/api/v1/threads/{w['thread'].id}/reopen"),
    # one's own notifications: any signed-in user
    ("notification-list", "get"): Entry(200, USERS, lambda w: "/api/v1/notifications"),
    ("notification-unread", "get"): Entry(200, USERS, lambda w: "/api/v1/notifications/unread"),
    ("notification-read", "post"): Entry(200, USERS, lambda w: "/api/v1/notifications/read", lambda w: {}),
    # sequences: members read, managers upload and delete, editors keep tracks and propagate
    ("project-sequences", "get"): Entry(200, MEMBERS, _p("/sequences")),
    ("project-sequences", "post"): Entry(400, "M", _p("/sequences"), lambda w: {"name": "no file"}, multipart=True),
    ("sequence-detail", "get"): Entry(200, MEMBERS, lambda w: f"/api/v1/sequences/{w['sequence'].id}"),
    ("sequence-detail", "delete"): Entry(204, "M", lambda w: f"/api/v1/sequences/{w['sequence'].id}"),
    ("sequence-frames", "get"): Entry(200, MEMBERS, lambda w: f"/api/v1/sequences/{w['sequence'].id}/frames"),
    # which sequence an asset is a frame of: `fresh` is frame 0, and was handed to the (restricted) labeler
    ("asset-frame", "get"): Entry(200, MEMBERS, lambda w: f"/api/v1/assets/{w['fresh'].id}/frame"),
    # the tracks: the restricted labeler sees `fresh`, a frame of the sequence (one who sees none gets a 404,
    # tests/sequences/test_api.py)
    ("sequence-tracks", "get"): Entry(200, MEMBERS, lambda w: f"/api/v1/sequences/{w['sequence'].id}/tracks"),
    ("sequence-tracks", "post"): Entry(201, EDITORS, lambda w: f"/api/v1/sequences/{w['sequence'].id}/tracks",
                                       lambda w: {"class": 2}),
    ("sequence-track", "put"): Entry(200, EDITORS, lambda w: f"/api/v1/sequences/{w['sequence'].id}/tracks/1",
                                     lambda w: {"name": "lead car"}),
    ("sequence-track", "delete"): Entry(204, EDITORS, lambda w: f"/api/v1/sequences/{w['sequence'].id}/tracks/1"),
    # the world's one frame has no label: a start gets as far as that 400
    # the data engine (dataengine/apis.py): members read, managers start. Training gets a body that fails
    # validation and pre-labeling has no trained version: 400s whether or not MobileSAM is installed here
    ("project-dataengine", "get"): Entry(200, MEMBERS, _p("/dataengine")),
    ("project-dataengine-train", "post"): Entry(400, "M", _p("/dataengine/train"), lambda w: {"synthetic": "maybe"}),
    ("project-dataengine-prelabel", "post"): Entry(400, "M", _p("/dataengine/prelabel"), lambda w: {}),
    ("project-dataengine-synthesize", "post"): Entry(202, "M", _p("/dataengine/synthesize"), lambda w: {"count": 1}),
    ("sequence-propagate", "post"): Entry(400, EDITORS, lambda w: f"/api/v1/sequences/{w['sequence'].id}/propagate",
                                          lambda w: {"from": 0}),
    # a correction without a mask or clicks: a 400 before any model runs, whether or not MobileSAM is here
    ("sequence-frame-correct", "post"): Entry(400, EDITORS,
                                              lambda w: f"/api/v1/sequences/{w['sequence'].id}/frames/0/correct",
                                              lambda w: {"clicks": []}),
    # the re-propagation of a corrected frame: a body that fails validation, before the frame's label is read
    ("sequence-frame-repropagate", "post"): Entry(
        400, EDITORS, lambda w: f"/api/v1/sequences/{w['sequence'].id}/frames/0/repropagate",
        lambda w: {"keyframes": "sometimes"}),
}


def api_endpoints() -> set[tuple[str, str]]:
    """(url name, method) of every view under /api/v1/."""
    found: set[tuple[str, str]] = set()

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and route.startswith("api/v1/"):
                view = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
                methods = [m for m in METHODS if view is not None and hasattr(view, m)]
                assert pattern.name, f"{route} has no url name"
                found.update((pattern.name, m) for m in methods)

    walk(get_resolver().url_patterns, "")
    return found


def test_every_endpoint_has_an_entry():
    endpoints = api_endpoints()
    missing = sorted(endpoints - set(MATRIX))
    stale = sorted(set(MATRIX) - endpoints)
    assert not missing, f"add these to the permission matrix: {missing}"
    assert not stale, f"these entries name no endpoint: {stale}"


@pytest.fixture
def world(project, users) -> dict[str, Any]:
    set_settings(project, review_fraction=1.0, labelers_see_all=False)
    users["staff"] = User.objects.create_user("staff", is_staff=True)
    files = [SimpleUploadedFile(f"{n}.png", image_bytes(40, 30), content_type="image/png") for n in "abcd"]
    asset, queued, fresh, gold = assets_upload(project=project, user=users["manager"], files=files)
    thumbnail_make(asset=asset)
    label = label_create(asset=asset, user=users["labeler"], body=LabelBody(**car_label())).label
    claim = queue_next(project=project, user=users["labeler"], stages=["label"]).claim
    assert claim.asset_id == queued.id
    gold_label = label_create(asset=gold, user=users["manager"], body=LabelBody(**car_label())).label
    asset_gold_set(asset=gold, label_id=gold_label.id, user=users["manager"])
    # the labeler was handed `fresh` earlier (an ended claim), so it is visible to them
    Claim.objects.create(project=project, asset=fresh, user=users["labeler"], expires_at=claim.expires_at,
                         ended_at=claim.created_at, end_reason="released")
    first_job = Job.objects.filter(project=project).first()
    export = export_start(project=project, user=users["manager"], request=ExportRequest(
        format="coco", labels="latest", include_images=False, polygons=False, instance_mode="binary"))
    job_run(job_id=export.pk)
    version_create(project=project, user=users["manager"], name="v1", labels="latest")
    model = RegisteredModel.objects.create(project=project, name="m", kind="http", config={"url": "http://x"})
    invitation = invitation_create(project=project, invitee="outsider", role="viewer", invited_by=users["manager"])
    webhook = Subscription.objects.create(project=project, url="https://93.184.216.34/hook", secret="s",
                                          events=["asset.done"])
    delivery = Delivery.objects.create(subscription=webhook, event="asset.done", payload={}, status="failed")
    thread = thread_create(asset=asset, user=users["manager"], body="is this a car?")
    bucket = BucketSource.objects.create(project=project, name="photos", endpoint_url="http://127.0.0.1:9",
                                         bucket="photos", access_key_id="k", secret_sealed=seal("s"))
    sequence = Sequence.objects.create(project=project, name="walk", status="ready", frame_count=1, width=40,
                                       height=30, source_kind="frames", source_name="walk.zip",
                                       source_file="sequences/walk.zip", source_size=1, created_by=users["manager"])
    Frame.objects.create(sequence=sequence, index=0, asset=fresh)  # not in version v1, so the sequence may go
    return {"thread": thread, "sequence": sequence, "bucket": bucket,
            "model": model, "invitation": invitation, "project": project, "webhook": webhook, "delivery": delivery,
            "asset": asset, "fresh": fresh, "label": label, "claim": claim,
            "gold": gold, "gold_label": gold_label, "job": first_job, "export": export, "users": users}


@pytest.mark.parametrize("endpoint", sorted(MATRIX), ids=lambda e: f"{e[1].upper()} {e[0]}")
def test_each_role_gets_the_expected_status(endpoint, world):
    entry = MATRIX[endpoint]
    method = endpoint[1]
    got: dict[str, int] = {}
    for role in ROLES:
        client = APIClient()
        if role != "anonymous":
            client.force_authenticate(world["users"][role])
        with transaction.atomic():  # each role meets the same world: roll back what the call changed
            body = entry.body(world) if entry.body else None
            kwargs = {"format": "multipart" if entry.multipart else "json"} if body is not None else {}
            response = getattr(client, method)(entry.url(world), body, **kwargs) if body is not None else \
                getattr(client, method)(entry.url(world))
            got[role] = response.status_code
            transaction.set_rollback(True)
    assert got == {role: entry.expected(role) for role in ROLES}
