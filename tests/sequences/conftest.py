"""Videos and zips of frames made by the tests themselves, with the ffmpeg the project ships."""

import io
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from labelplatform.jobs.models import ENDED, Job
from labelplatform.jobs.services import job_run
from labelplatform.prelabel.builtin import mobilesam
from labelplatform.prelabel.builtin.installed import builtin_status
from labelplatform.sequences.models import Sequence
from labelplatform.sequences.video import ffmpeg_exe
from tests.conftest import image_bytes
from tests.stack.processes import wait_until
from tests.stack.shared import SharedStack


def make_video(path: Path, *, seconds: float = 1.0, size: str = "64x48", rate: int = 10, codec: str = "libx264",
               extra: tuple[str, ...] = ()) -> Path:
    """ffmpeg's test pattern, encoded: a real video of `seconds` x `rate` frames."""
    pix = ["-pix_fmt", "yuv420p"] if codec == "libx264" else []
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=size={size}:rate={rate}",
                    "-t", str(seconds), "-c:v", codec, *pix, *extra, str(path)], check=True)
    return path


def frames_zip(names_and_sizes: list[tuple[str, tuple[int, int]]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, (width, height) in names_and_sizes:
            archive.writestr(name, image_bytes(width, height))
    return out.getvalue()


def upload(client, project, filename: str, data: bytes, **fields):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/projects/{project.id}/sequences",
                       {"file": SimpleUploadedFile(filename, data), **fields}, format="multipart")


def run_started(response) -> Job:  # type: ignore[no-untyped-def]
    """Run the decoding job the upload started, here in the test process, and answer it as it ended.
    In a shared-stack test the stack's worker may have taken it first (job_run then leaves it alone): wait."""
    assert response.status_code == 202, response.json()
    job_run(job_id=response.json()["id"])
    job = Job.objects.get(pk=response.json()["id"])
    if SharedStack.started and SharedStack.started.worker is not None:
        wait_until(lambda: (job.refresh_from_db() or job.status in ENDED), 60, f"{job.kind} job ended")
    return job


@pytest.fixture
def video(tmp_path: Path) -> bytes:
    return make_video(tmp_path / "clip.mp4", seconds=1.0, rate=10).read_bytes()


@pytest.fixture
def mobilesam_installed() -> None:
    found, reason = builtin_status(mobilesam.NAME)
    if found is None:
        pytest.fail(f"MobileSAM is not installed ({reason}); run scripts/models")


@pytest.fixture
def bear(client_for, project, mobilesam_installed) -> tuple[Sequence, list[np.ndarray]]:  # type: ignore[no-untyped-def]
    """DAVIS bear's first frames as a decoded sequence, with their ground-truth masks (tests/sequences/bear.py)."""
    from tests.sequences.bear import bear_sequence  # imports this module's upload helpers

    return bear_sequence(client_for("manager"), project)
