"""Asset files `bucket:<source id>/<key>`: read from the customer's bucket, or signed for the browser.

BUCKET_SERVE=signed (the default) answers the checked image view with a redirect to a presigned GET
URL that expires in MEDIA_SIGNED_URL_SECONDS (the browser must reach the endpoint); "proxy" streams
the object through the server (for endpoints only the server reaches). Workers always read through
the server (thumbnails, exports, pre-labels).
"""

import tempfile
from typing import IO

from django.conf import settings

from labelplatform.assets.external import external_register
from labelplatform.buckets.models import BucketSource
from labelplatform.buckets.s3 import ObjectMissing, client_for, speaking
from labelplatform.common.files import COPY_CHUNK

SCHEME = "bucket"
SPOOL_BYTES = 8 << 20  # an object this size stays in memory while read; larger ones spill to a temporary file


def file_name(source: BucketSource, key: str) -> str:
    return f"{SCHEME}:{source.pk}/{key}"


def _source_and_key(rest: str) -> tuple[BucketSource, str]:
    source_id, _, key = rest.partition("/")
    source = BucketSource.objects.filter(pk=int(source_id) if source_id.isdigit() else 0).first()
    if source is None or not key:
        raise FileNotFoundError("the bucket source of this file was removed")
    return source, key


def object_read(source: BucketSource, key: str) -> IO[bytes]:
    """The whole object in a seekable temporary file (Pillow and zip writers seek)."""
    spooled = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115  (handed to the caller)
    try:
        with speaking(source):
            body = client_for(source).get_object(Bucket=source.bucket, Key=key)["Body"]
            while chunk := body.read(COPY_CHUNK):
                spooled.write(chunk)
    except ObjectMissing:
        spooled.close()
        raise FileNotFoundError(f"{key} is gone from bucket {source.bucket}") from None
    except BaseException:
        spooled.close()
        raise
    spooled.seek(0)
    return spooled


class BucketFiles:
    def open(self, rest: str) -> IO[bytes]:
        source, key = _source_and_key(rest)
        return object_read(source, key)

    def url(self, rest: str, content_type: str, download_name: str | None) -> str | None:
        if settings.BUCKET_SERVE != "signed":
            return None
        source, key = _source_and_key(rest)
        parameters = {"Bucket": source.bucket, "Key": key, "ResponseContentType": content_type}
        if download_name:
            parameters["ResponseContentDisposition"] = f'attachment; filename="{download_name}"'
        with speaking(source):  # signing is local: nothing is sent, so the guard is not asked
            return str(client_for(source, connects=False).generate_presigned_url(
                "get_object", Params=parameters, ExpiresIn=settings.MEDIA_SIGNED_URL_SECONDS))


def register() -> None:
    external_register(SCHEME, BucketFiles())
