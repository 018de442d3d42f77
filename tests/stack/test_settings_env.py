"""Settings read from the environment at start-up: S3 media and the serving modes that fit it."""

import subprocess
import sys

import pytest

from labelplatform.env import envchoice
from labelplatform.storage_settings import media_serve_modes, s3_storage
from tests.stack.processes import ROOT


def settings_in_a_new_process(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.STORAGES['default']['BACKEND'], settings.MEDIA_SERVE)")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "labelplatform.settings",
                               "SECRET_KEY": "x", **env})


def test_s3_bucket_switches_media_to_s3_and_allows_signed_urls(tmp_path):
    started = settings_in_a_new_process({"VAR_DIR": str(tmp_path), "S3_BUCKET": "media", "MEDIA_SERVE": "signed"})
    assert started.returncode == 0, started.stderr
    assert started.stdout.split() == ["storages.backends.s3.S3Storage", "signed"]


def test_a_serving_mode_that_needs_a_local_disk_is_refused_with_s3(tmp_path):
    started = settings_in_a_new_process({"VAR_DIR": str(tmp_path), "S3_BUCKET": "media", "MEDIA_SERVE": "sendfile"})
    assert started.returncode != 0
    assert "MEDIA_SERVE must be one of django, signed, got 'sendfile'" in started.stderr


def test_filesystem_media_has_no_signed_mode(monkeypatch):
    monkeypatch.setenv("MEDIA_SERVE", "signed")
    with pytest.raises(ValueError, match="MEDIA_SERVE must be one of django, nginx, sendfile"):
        envchoice("MEDIA_SERVE", "django", media_serve_modes(""))


def test_the_s3_options_follow_the_environment(monkeypatch):
    monkeypatch.setenv("S3_ENDPOINT_URL", "http://minio:9000")
    monkeypatch.setenv("S3_PREFIX", "/labelplatform/")
    monkeypatch.setenv("MEDIA_SIGNED_URL_SECONDS", "120")
    options = s3_storage("media")["OPTIONS"]
    assert options["bucket_name"] == "media" and options["endpoint_url"] == "http://minio:9000"
    assert options["location"] == "labelplatform" and options["addressing_style"] == "path"
    assert options["querystring_expire"] == 120 and options["default_acl"] is None
    monkeypatch.delenv("S3_ENDPOINT_URL")
    assert s3_storage("media")["OPTIONS"]["addressing_style"] == "auto"  # AWS: bucket in the host name
