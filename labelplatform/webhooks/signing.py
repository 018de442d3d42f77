"""The signature a receiver checks: HMAC-SHA256 with the subscription's secret over `timestamp.body`.

Sent as `X-Labelplatform-Signature: t=<unix seconds>,v1=<hex digest>`. The timestamp is inside
what is signed, so a receiver that refuses old timestamps (docs/webhooks.md: 5 minutes) refuses a
replayed delivery too; a fresh timestamp would need the secret to sign.
"""

import hashlib
import hmac
import secrets

SIGNATURE_HEADER = "X-Labelplatform-Signature"
EVENT_HEADER = "X-Labelplatform-Event"
DELIVERY_HEADER = "X-Labelplatform-Delivery"


def secret_new() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def signature_valid(secret: str, header: str, body: bytes, *, now: int, tolerance_s: int = 300) -> bool:
    """What a receiver does (the docs' snippet is this function): a valid digest of a recent timestamp."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    if not fields.get("t", "").isdigit() or "v1" not in fields:
        return False
    timestamp = int(fields["t"])
    if abs(now - timestamp) > tolerance_s:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), fields["v1"])
