"""An S3-compatible server for the storage tests: moto's standalone server, as its own process.

It speaks the S3 HTTP API (signed requests, multipart uploads, presigned URLs), so the platform's
real storage code (django-storages over boto3) runs against it over a socket.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import boto3

from tests.stack.processes import BIN, free_port, running, wait_for_port

ACCESS_KEY, SECRET_KEY, REGION = "test-access-key", "test-secret-key", "us-east-1"


@contextmanager
def s3_server(log: Path) -> Iterator[str]:
    """Start the server; yields its endpoint URL."""
    port = free_port()
    with running([str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)], {"PATH": str(BIN)}, log) as process:
        wait_for_port(port, process, seconds=60)
        yield f"http://127.0.0.1:{port}"


def s3_env(endpoint: str, bucket: str) -> dict[str, str]:
    """The settings a deployment sets for S3 media (docs/configuration.md)."""
    return {"S3_BUCKET": bucket, "S3_ENDPOINT_URL": endpoint, "S3_REGION": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY}


def new_bucket(endpoint: str) -> str:
    name = f"media-{uuid.uuid4().hex[:12]}"
    client(endpoint).create_bucket(Bucket=name)
    return name


def client(endpoint: str):  # type: ignore[no-untyped-def]
    return boto3.client("s3", endpoint_url=endpoint, region_name=REGION,
                        aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)


def keys(endpoint: str, bucket: str, prefix: str = "") -> list[str]:
    pages = client(endpoint).get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return sorted(item["Key"] for page in pages for item in page.get("Contents", []))
