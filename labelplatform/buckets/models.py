from django.conf import settings
from django.db import models


class BucketSource(models.Model):
    """A customer's S3-compatible bucket and prefix, attached to a project with its own credentials."""

    project = models.ForeignKey("projects.Project", related_name="bucket_sources", on_delete=models.CASCADE)
    name = models.CharField(max_length=100)
    endpoint_url = models.CharField(max_length=2000, blank=True, default="", help_text="empty: AWS S3")
    bucket = models.CharField(max_length=63)
    prefix = models.CharField(max_length=400, blank=True, default="")
    region = models.CharField(max_length=50, blank=True, default="")
    access_key_id = models.CharField(max_length=200)
    secret_sealed = models.TextField(help_text="the secret access key, encrypted with a key from SECRET_KEY")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sync = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="bucket_source_name")]

    def __str__(self) -> str:
        return self.name


class BucketObject(models.Model):
    """An object registered as an asset: the asset's file is `bucket:<source>/<key>`, its bytes stay there."""

    source = models.ForeignKey(BucketSource, related_name="bucket_objects", on_delete=models.CASCADE)
    asset = models.OneToOneField("assets.Asset", related_name="bucket_object", on_delete=models.CASCADE)
    key = models.CharField(max_length=1024)
    etag = models.CharField(max_length=200, blank=True, default="")
    size_bytes = models.PositiveBigIntegerField()
    seen_at = models.DateTimeField(help_text="the last sync whose listing held the key")
    missing = models.BooleanField(default=False, help_text="gone from the bucket at the last full listing")
    changed = models.BooleanField(default=False, help_text="listed with another ETag than when registered")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="bucket_object_key")]
