"""boto3 for a customer's bucket: the endpoint through the outbound guard, the bucket's errors in our words.

The endpoint's host is checked by `common.outbound` (a private, loopback or link-local address is
refused unless OUTBOUND_ALLOW_HOSTS / OUTBOUND_ALLOW_NETWORKS allow it) when a source is attached and
before every call the server makes to it. boto3 resolves the host again when it connects, so unlike
the guard's own HTTP calls the address is not pinned between the check and the connection.
"""

import contextlib
import functools
import posixpath
from collections.abc import Iterator
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError
from django.conf import settings

from labelplatform.buckets.models import BucketSource
from labelplatform.buckets.sealing import SecretUnreadable, unseal
from labelplatform.common import outbound

# Longest key registered: an asset's file is `bucket:<source id>/<key>` in 500 characters.
KEY_MAX = 400
# What the upload check accepts (assets/images.py FORMATS), by the name's extension.
IMAGE_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "tif", "tiff", "bmp", "webp", "gif"})
_CREDENTIALS = {"InvalidAccessKeyId", "SignatureDoesNotMatch", "AuthorizationHeaderMalformed",
                "InvalidToken", "ExpiredToken", "InvalidClientTokenId"}


class BucketError(OSError):
    """A bucket call that failed; the message is ours and safe to show (never the secret). An OSError: to
    the readers of asset files (assets/external.py) the bucket is storage that could not be read."""


class ObjectMissing(BucketError):
    """The key is not (or no longer) in the bucket."""


def endpoint_check(url: str) -> None:
    try:
        outbound.resolve(url)
    except outbound.OutboundError as exc:
        raise BucketError(f"endpoint refused: {exc}") from None


def client_for(source: BucketSource, *, connects: bool = True) -> Any:
    """A client for the source; `connects`: the caller will call the endpoint (checked by the guard first)."""
    if connects and source.endpoint_url:
        endpoint_check(source.endpoint_url)
    try:
        return _client(source.endpoint_url, source.region, source.access_key_id, source.secret_sealed)
    except SecretUnreadable as exc:
        raise BucketError(str(exc)) from None


@functools.lru_cache(maxsize=64)
def _client(endpoint: str, region: str, key_id: str, sealed: str) -> Any:
    # Cached by everything that makes it (a changed secret makes a new one); boto3 clients are thread-safe.
    config = Config(signature_version="s3v4", connect_timeout=10, read_timeout=60,
                    retries={"max_attempts": 3, "mode": "standard"},
                    s3={"addressing_style": "path" if endpoint else "auto"})
    # A session of its own: boto3's default session is not safe to make clients from in several threads.
    return boto3.session.Session().client("s3", endpoint_url=endpoint or None, region_name=region or None,
                                          aws_access_key_id=key_id, aws_secret_access_key=unseal(sealed),
                                          config=config, verify=settings.BUCKET_VERIFY_TLS)


def reason(exc: Exception, source: BucketSource) -> str:
    if isinstance(exc, EndpointConnectionError):
        return f"cannot reach the endpoint {source.endpoint_url or 'of AWS S3'}"
    if isinstance(exc, ClientError):
        code = str(exc.response.get("Error", {}).get("Code", ""))
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code in _CREDENTIALS:
            return f"the bucket refused the credentials ({code}): check the access key id and secret"
        if code == "AccessDenied" or status == 403:
            return f"access denied to bucket {source.bucket}: the credentials may not do this ({code or 403})"
        if code == "NoSuchBucket":
            return f"bucket {source.bucket} does not exist"
        return f"the bucket answered {code or status}"
    return f"bucket call failed ({type(exc).__name__})"


@contextlib.contextmanager
def speaking(source: BucketSource) -> Iterator[None]:
    """Bucket calls inside raise BucketError with a reason a person can act on."""
    try:
        yield
    except ClientError as exc:
        if str(exc.response.get("Error", {}).get("Code", "")) in ("NoSuchKey", "404"):
            raise ObjectMissing("no such object") from None
        raise BucketError(reason(exc, source)) from None
    except BotoCoreError as exc:
        raise BucketError(reason(exc, source)) from None


def key_problem(key: str) -> str | None:
    """Why a key is not registered, or None. Keys are names in someone else's bucket: trust none."""
    if len(key) > KEY_MAX:
        return f"key longer than {KEY_MAX} characters"
    if any(ord(c) < 32 or ord(c) == 127 for c in key):
        return "key holds control characters"
    if key.startswith("/") or ".." in key.split("/") or "\\" in key:
        return "key is not a plain relative path"
    return None


def is_image_key(key: str) -> bool:
    return posixpath.splitext(key)[1][1:].lower() in IMAGE_EXTENSIONS


def prefix_problem(prefix: str) -> str | None:
    """A prefix is a folder-like key start; the same rules as keys, and empty means the whole bucket."""
    return key_problem(prefix) if prefix else None
