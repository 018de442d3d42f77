"""Media storage settings: the S3-compatible backend and which serving modes fit which storage."""

from labelplatform.env import envbool, envint, envstr


def s3_storage(bucket: str) -> dict[str, object]:
    """django-storages' S3 backend for a private bucket (AWS, MinIO, Ceph, R2 and the like).

    Credentials come the way boto3 finds them (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,
    an instance role, ~/.aws); nothing here makes an object public.
    """
    endpoint = envstr("S3_ENDPOINT_URL", "") or None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": envstr("S3_REGION", "") or None,
            "location": envstr("S3_PREFIX", "").strip("/"),
            # Self-hosted stores answer on one host name; AWS takes the bucket in the host.
            "addressing_style": envstr("S3_ADDRESSING_STYLE", "path" if endpoint else "auto"),
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": envint("MEDIA_SIGNED_URL_SECONDS", "300"),
            # Stored names are unique (uuids) or meant to be exact (a job's result), so a save writes that name.
            "file_overwrite": True,
            "verify": envbool("S3_VERIFY_TLS", "true"),
        },
    }


def media_serve_modes(bucket: str) -> tuple[str, ...]:
    # nginx and sendfile hand out a file on the web server's disk; a presigned URL needs S3.
    return ("django", "signed") if bucket else ("django", "nginx", "sendfile")
