from typing import Any

from rest_framework import serializers

from labelplatform.buckets.models import BucketSource
from labelplatform.common.fields import StrictBooleanField, StrictCharField, StrictIntegerField
from labelplatform.jobs.serializers import JobOutSerializer


class BucketSourceInSerializer(serializers.Serializer[dict[str, Any]]):
    name = StrictCharField(max_length=100)
    endpoint_url = serializers.URLField(max_length=2000, required=False, allow_blank=True, default="",
                                        help_text="an S3-compatible endpoint (MinIO, Ceph, R2...); empty: AWS S3")
    bucket = serializers.RegexField(r"^[a-z0-9][a-z0-9.\-_]{1,61}[a-z0-9]$", max_length=63,
                                    error_messages={"invalid": "not a bucket name (3-63 of a-z, 0-9, '.', '-', '_')"})
    prefix = StrictCharField(max_length=400, required=False, allow_blank=True, default="",
                             help_text="only keys under it are listed, e.g. 'photos/2026/'")
    # botocore refuses any other region name when it makes the client (an InvalidRegionError, not a 400)
    region = serializers.RegexField(r"^[a-zA-Z0-9](?:[a-zA-Z0-9\-]{0,48}[a-zA-Z0-9])?$", max_length=50,
                                    required=False, allow_blank=True, default="",
                                    error_messages={"invalid": "not a region name (letters, digits and '-')"})
    access_key_id = StrictCharField(max_length=200)
    secret_access_key = StrictCharField(max_length=200, write_only=True,
                                        help_text="stored encrypted; never shown again")


class BucketSourceOutSerializer(serializers.ModelSerializer[BucketSource]):
    object_count = StrictIntegerField(read_only=True, help_text="objects registered as assets")
    missing_count = StrictIntegerField(read_only=True, help_text="registered objects gone from the bucket")
    last_sync = JobOutSerializer(read_only=True, allow_null=True)

    class Meta:
        model = BucketSource
        fields = ["id", "project", "name", "endpoint_url", "bucket", "prefix", "region", "access_key_id",
                  "created_at", "object_count", "missing_count", "last_sync"]


class BucketDetachInSerializer(serializers.Serializer[dict[str, Any]]):
    delete_assets = StrictBooleanField(default=False, help_text="delete the assets registered from the bucket "
                                                                "and their labels (else 409 when there are any)")
