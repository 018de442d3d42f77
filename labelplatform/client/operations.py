"""Every API operation the SDK calls, by name, and the ones it leaves out on purpose.

The SDK sends requests only through these names (``Http.call("asset_list", ...)``), so this table is
the whole of what it depends on; tests/client/test_schema_coverage.py compares it with the OpenAPI
schema both ways.
"""

from __future__ import annotations

P = "/api/v1/projects/{project_id}"

OPERATIONS: dict[str, tuple[str, str]] = {
    "token": ("POST", "/api/v1/auth/token"),
    "me": ("GET", "/api/v1/auth/me"),
    # projects, ontology, members, invitations
    "project_list": ("GET", "/api/v1/projects"),
    "project_create": ("POST", "/api/v1/projects"),
    "project_get": ("GET", P),
    "project_update": ("PATCH", P),
    "project_delete": ("DELETE", P),
    "ontology_get": ("GET", P + "/ontology"),
    "ontology_put": ("PUT", P + "/ontology"),
    "member_list": ("GET", P + "/members"),
    "member_add": ("POST", P + "/members"),
    "member_remove": ("DELETE", P + "/members"),
    "invitation_list": ("GET", P + "/invitations"),
    "invitation_create": ("POST", P + "/invitations"),
    "invitation_delete": ("DELETE", P + "/invitations/{invitation_id}"),
    "invitation_link": ("GET", P + "/invitations/{invitation_id}/link"),
    "my_invitations": ("GET", "/api/v1/invitations"),
    "invitation_accept": ("POST", "/api/v1/invitations/{invitation_id}/accept"),
    "invitation_decline": ("POST", "/api/v1/invitations/{invitation_id}/decline"),
    # assets
    "asset_list": ("GET", P + "/assets"),
    "asset_upload": ("POST", P + "/assets"),
    "asset_get": ("GET", "/api/v1/assets/{asset_id}"),
    "asset_image": ("GET", "/api/v1/assets/{asset_id}/image"),
    "asset_thumbnail": ("GET", "/api/v1/assets/{asset_id}/thumbnail"),
    "asset_priority": ("PUT", "/api/v1/assets/{asset_id}/priority"),
    "priorities": ("POST", P + "/priorities"),
    # labels
    "asset_labels": ("GET", "/api/v1/assets/{asset_id}/labels"),
    "label_create": ("POST", "/api/v1/assets/{asset_id}/labels"),
    "label_get": ("GET", "/api/v1/labels/{label_id}"),
    "label_update": ("PUT", "/api/v1/labels/{label_id}"),
    "revision_list": ("GET", "/api/v1/labels/{label_id}/revisions"),
    "revision_get": ("GET", "/api/v1/labels/{label_id}/revisions/{number}"),
    "label_stream": ("GET", P + "/labels"),
    # queue, claims, reviews, stats, quality, consensus, gold
    "queue_summary": ("GET", P + "/queue"),
    "queue_next": ("POST", P + "/queue/next"),
    "claim_list": ("GET", P + "/claims"),
    "claim_heartbeat": ("POST", "/api/v1/claims/{claim_id}/heartbeat"),
    "claim_release": ("POST", "/api/v1/claims/{claim_id}/release"),
    "claim_skip": ("POST", "/api/v1/claims/{claim_id}/skip"),
    "label_review": ("POST", "/api/v1/labels/{label_id}/review"),
    "label_reviews": ("GET", "/api/v1/labels/{label_id}/reviews"),
    "review_list": ("GET", P + "/reviews"),
    "stats": ("GET", P + "/stats"),
    "quality": ("GET", P + "/quality"),
    "label_scores": ("GET", "/api/v1/labels/{label_id}/scores"),
    "consensus_list": ("GET", P + "/consensus"),
    "asset_consensus": ("GET", "/api/v1/assets/{asset_id}/consensus"),
    "consensus_pick": ("POST", "/api/v1/assets/{asset_id}/consensus"),
    "gold_list": ("GET", P + "/gold"),
    "gold_get": ("GET", "/api/v1/assets/{asset_id}/gold"),
    "gold_set": ("POST", "/api/v1/assets/{asset_id}/gold"),
    "gold_unset": ("DELETE", "/api/v1/assets/{asset_id}/gold"),
    # jobs
    "job_list": ("GET", P + "/jobs"),
    "job_get": ("GET", "/api/v1/jobs/{job_id}"),
    "job_cancel": ("POST", "/api/v1/jobs/{job_id}/cancel"),
    "job_retry": ("POST", "/api/v1/jobs/{job_id}/retry"),
    "job_result": ("GET", "/api/v1/jobs/{job_id}/result"),
    # datasets
    "export_start": ("POST", P + "/exports"),
    "import_start": ("POST", P + "/imports"),
    "version_list": ("GET", P + "/versions"),
    "version_create": ("POST", P + "/versions"),
    "version_get": ("GET", P + "/versions/{name}"),
    "version_delete": ("DELETE", P + "/versions/{name}"),
    "version_compare": ("POST", P + "/versions/compare"),
    # pre-labeling, models, segmentation
    "predictions": ("GET", "/api/v1/assets/{asset_id}/predictions"),
    "segment": ("POST", "/api/v1/assets/{asset_id}/segment"),
    "proposals": ("GET", "/api/v1/assets/{asset_id}/proposals"),
    "prelabel": ("POST", P + "/prelabel"),
    "prelabel_train": ("POST", P + "/prelabel/train"),
    "prelabel_stats": ("GET", P + "/prelabel/stats"),
    "model_list": ("GET", P + "/models"),
    "model_create": ("POST", P + "/models"),
    "model_get": ("GET", P + "/models/{model_id}"),
    "model_delete": ("DELETE", P + "/models/{model_id}"),
    "builtin_models": ("GET", "/api/v1/prelabel/builtin"),
    # webhooks
    "webhook_list": ("GET", P + "/webhooks"),
    "webhook_create": ("POST", P + "/webhooks"),
    "webhook_get": ("GET", "/api/v1/webhooks/{webhook_id}"),
    "webhook_update": ("PATCH", "/api/v1/webhooks/{webhook_id}"),
    "webhook_delete": ("DELETE", "/api/v1/webhooks/{webhook_id}"),
    "webhook_deliveries": ("GET", "/api/v1/webhooks/{webhook_id}/deliveries"),
    "webhook_redeliver": ("POST", "/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver"),
    # sequences (video and frames), their tracks, propagation
    "sequence_list": ("GET", P + "/sequences"),
    "sequence_upload": ("POST", P + "/sequences"),
    "sequence_get": ("GET", "/api/v1/sequences/{sequence_id}"),
    "sequence_delete": ("DELETE", "/api/v1/sequences/{sequence_id}"),
    "sequence_frames": ("GET", "/api/v1/sequences/{sequence_id}/frames"),
    "track_list": ("GET", "/api/v1/sequences/{sequence_id}/tracks"),
    "track_create": ("POST", "/api/v1/sequences/{sequence_id}/tracks"),
    "track_set": ("PUT", "/api/v1/sequences/{sequence_id}/tracks/{track}"),
    "track_delete": ("DELETE", "/api/v1/sequences/{sequence_id}/tracks/{track}"),
    "sequence_propagate": ("POST", "/api/v1/sequences/{sequence_id}/propagate"),
}

DATA_ENGINE = "the data engine is not in the SDK yet (docs/api.md has its curl calls)"

# Operations of the schema the SDK does not call, each with the reason.
LEFT_OUT: dict[tuple[str, str], str] = {
    ("POST", "/api/v1/auth/login"): "browser session sign-in; the SDK uses tokens",
    ("POST", "/api/v1/auth/logout"): "browser session",
    ("GET", "/api/v1/auth/csrf"): "browser session",
    ("GET", "/api/v1/auth/session"): "browser session",
    ("GET", "/api/v1/auth/signup"): "a sign-up link is opened by a person in the web app",
    ("POST", "/api/v1/auth/signup"): "a sign-up link is opened by a person in the web app",
    ("POST", "/api/v1/auth/password"): "account settings, done in the web app",
    ("POST", "/api/v1/auth/email/verify"): "account settings, done in the web app",
    ("POST", "/api/v1/auth/email/verify/confirm"): "a verification link is opened by a person in the web app",
    ("POST", "/api/v1/auth/password-reset"): "account settings, done in the web app",
    ("POST", "/api/v1/auth/password-reset/confirm"): "account settings, done in the web app",
    ("GET", "/api/v1/people"): "staff administration, done in the web app",
    ("POST", "/api/v1/users"): "staff administration, done in the web app",
    ("PATCH", "/api/v1/users/{user_id}"): "staff administration, done in the web app",
    ("POST", "/api/v1/users/{user_id}/password-link"): "staff administration, done in the web app",
    ("GET", "/api/v1/assets/{asset_id}/embedding"): "raw float32 tensor for the browser's SAM decoder",
    ("GET", "/api/v1/prelabel/builtin/{name}/decoder.onnx"): "the browser's SAM decoder file",
    ("GET", "/api/v1/projects/{project_id}/dataengine"): DATA_ENGINE,
    ("POST", "/api/v1/projects/{project_id}/dataengine/train"): DATA_ENGINE,
    ("POST", "/api/v1/projects/{project_id}/dataengine/prelabel"): DATA_ENGINE,
    ("POST", "/api/v1/projects/{project_id}/dataengine/synthesize"): DATA_ENGINE,
}
