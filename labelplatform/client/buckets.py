"""A project's bucket sources (the customer's own S3-compatible buckets) and their syncs."""

from __future__ import annotations

from typing import cast

from labelplatform.client.datasets import JobProgress, Jobs
from labelplatform.client.http import JSON
from labelplatform.client.resources import Resource
from labelplatform.client.types import Bucket, Job


class Buckets(Resource):
    def list(self, project: int) -> list[Bucket]:
        return cast(list[Bucket], self._http.call("bucket_list", project_id=project))

    def attach(self, project: int, name: str, bucket: str, access_key_id: str, secret_access_key: str, *,
               endpoint_url: str = "", prefix: str = "", region: str = "") -> Bucket:
        """Checked against the bucket first (a 400 says why: credentials, a missing bucket, a refused endpoint);
        the secret is stored encrypted and never shown again."""
        body: JSON = {"name": name, "bucket": bucket, "access_key_id": access_key_id,
                      "secret_access_key": secret_access_key, "endpoint_url": endpoint_url, "prefix": prefix,
                      "region": region}
        return cast(Bucket, self._http.call("bucket_attach", json=body, project_id=project))

    def get(self, bucket: int) -> Bucket:
        return cast(Bucket, self._http.call("bucket_get", source_id=bucket))

    def update(self, bucket: int, **fields: object) -> Bucket:
        return cast(Bucket, self._http.call("bucket_update", json=fields, source_id=bucket))

    def detach(self, bucket: int, *, delete_assets: bool = False) -> None:
        """A 409 while assets came from the bucket, unless ``delete_assets`` (their labels go too)."""
        self._http.call("bucket_detach", params={"delete_assets": "true" if delete_assets else "false"},
                        source_id=bucket)

    def sync(self, bucket: int, *, wait: bool = False, timeout: float | None = None,
             progress: JobProgress | None = None) -> Job:
        """Start a sync (its job); with ``wait``, the finished job, whose result counts what was registered."""
        job = cast(Job, self._http.call("bucket_sync", source_id=bucket))
        return Jobs(self._http).wait(job, timeout=timeout, progress=progress) if wait else job
