"""A customer's bucket on the moto_server process (tests/stack/s3.py), apart from the platform's media."""

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_run
from labelplatform.projects.models import Project
from tests.stack.s3 import ACCESS_KEY, REGION, SECRET_KEY, client, new_bucket

PREFIX = "photos/"


@pytest.fixture
def customer_bucket(s3_endpoint, settings) -> str:  # type: ignore[no-untyped-def]
    """A fresh bucket; moto listens on 127.0.0.1, so the outbound guard is told to allow that host."""
    settings.OUTBOUND_ALLOW_HOSTS = ["127.0.0.1"]
    return new_bucket(s3_endpoint)


def put(endpoint: str, bucket: str, key: str, data: bytes) -> None:
    client(endpoint).put_object(Bucket=bucket, Key=key, Body=data)


def attach_body(endpoint: str, bucket: str, /, **changes: str) -> dict[str, str]:
    return {"name": "customer", "endpoint_url": endpoint, "bucket": bucket, "prefix": PREFIX, "region": REGION,
            "access_key_id": ACCESS_KEY, "secret_access_key": SECRET_KEY, **changes}


@pytest.fixture
def attach(client_for, project, s3_endpoint, customer_bucket) -> Callable[..., dict]:  # type: ignore[no-untyped-def]
    def make(**changes: str) -> dict:  # type: ignore[type-arg]
        response = client_for("manager").post(f"/api/v1/projects/{project.pk}/buckets",
                                              attach_body(s3_endpoint, customer_bucket, **changes), format="json")
        assert response.status_code == 201, response.json()
        return response.json()  # type: ignore[no-any-return]

    return make


def sync(manager: APIClient, source_id: int) -> Job:
    """Start a sync through the API and run its job here (the worker test runs one in a real worker)."""
    response = manager.post(f"/api/v1/buckets/{source_id}/sync")
    assert response.status_code == 202, response.json()
    job_run(job_id=response.json()["id"])
    return Job.objects.get(pk=response.json()["id"])


def other_project(manager) -> Project:  # type: ignore[no-untyped-def]
    from labelplatform.projects.services import project_create

    return project_create(user=manager, name="Elsewhere", description="")


@pytest.fixture(scope="module")
def strict_s3(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A moto_server that checks credentials (INITIAL_NO_AUTH_ACTION_COUNT: its first actions, which make
    the IAM user, its key and the bucket, go unchecked); yields (endpoint, bucket, key id, secret)."""
    import boto3

    from tests.stack.processes import BIN, free_port, running, wait_for_port

    port = free_port()
    log = tmp_path_factory.mktemp("strict-s3") / "s3.log"
    env = {"PATH": str(BIN), "INITIAL_NO_AUTH_ACTION_COUNT": "4"}
    with running([str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)], env, log) as process:
        wait_for_port(port, process, seconds=60)
        endpoint = f"http://127.0.0.1:{port}"
        boot = {"endpoint_url": endpoint, "region_name": REGION, "aws_access_key_id": ACCESS_KEY,
                "aws_secret_access_key": SECRET_KEY}
        iam = boto3.client("iam", **boot)
        iam.create_user(UserName="reader")
        key = iam.create_access_key(UserName="reader")["AccessKey"]
        iam.put_user_policy(UserName="reader", PolicyName="all", PolicyDocument=(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}'))
        boto3.client("s3", **boot).create_bucket(Bucket="strict-bucket")
        yield endpoint, "strict-bucket", key["AccessKeyId"], key["SecretAccessKey"]
