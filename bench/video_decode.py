"""Decoding a video into a sequence's frames: one minute of 1080p at 30 fps (target: at most 60 s).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/video_decode.py

Makes the video once with the packaged ffmpeg (testsrc pattern, H.264, SECONDS long, default 60;
kept in BENCH_MEDIA), then prints:

- decode: ffmpeg alone (video.decoded_frames drained), writing every frame as an image file
  (SEQUENCE_FRAME_FORMAT, default jpeg), frames per second;
- job: the whole path a user waits for, upload check (probe) then the decoding job run in this
  process (job_run): ffmpeg decoding while the frames already written are stored through the
  asset upload service into a scratch database (BENCH_DB, default labelplatform_bench_video).

Each line also gives the CPU seconds spent (this process and ffmpeg): on a shared, loaded machine
wall time grows with the load while CPU time does not. Figures only; nothing is asserted on time.
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.scratch import scratch_database  # noqa: E402

BENCH_DB = os.environ.get("BENCH_DB", "labelplatform_bench_video")
MEDIA = Path(os.environ.get("BENCH_MEDIA", "/tmp/labelplatform-bench-video"))
SECONDS = int(os.environ.get("SECONDS_OF_VIDEO", "60"))
SIZE, RATE = os.environ.get("VIDEO_SIZE", "1920x1080"), int(os.environ.get("VIDEO_FPS", "30"))


def setup_django() -> None:
    os.environ["DATABASE_URL"] = scratch_database(BENCH_DB)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labelplatform.settings")
    os.environ["MEDIA_ROOT"] = str(MEDIA / "media")
    os.environ["SCRATCH_ROOT"] = str(MEDIA / "scratch")
    os.environ.pop("REDIS_URL", None)  # the thumbnails jobs the frames start wait in the filesystem broker
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_video() -> Path:
    from labelplatform.sequences.video import ffmpeg_exe

    path = MEDIA / f"testsrc-{SIZE}-{RATE}fps-{SECONDS}s.mp4"
    if not path.exists():
        MEDIA.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=size={SIZE}:rate={RATE}",
                        "-t", str(SECONDS), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                        str(path)], check=True)
        print(f"made {path.name} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
    return path


def bench_decode(video: Path) -> None:
    from django.conf import settings

    from labelplatform.sequences.video import decoded_frames

    with tempfile.TemporaryDirectory(dir=MEDIA) as folder:
        started, cpu = time.perf_counter(), cpu_seconds()
        frames = list(decoded_frames(video, Path(folder), fps=None, fmt=settings.SEQUENCE_FRAME_FORMAT))
        seconds = time.perf_counter() - started
    print(f"decode: {len(frames)} frames ({settings.SEQUENCE_FRAME_FORMAT}) in {seconds:.1f} s, "
          f"{len(frames) / seconds:.0f} frames/s, {cpu_seconds() - cpu:.1f} CPU s")


def bench_job(video: Path) -> None:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile

    from labelplatform.jobs.models import Job
    from labelplatform.jobs.services import job_run
    from labelplatform.projects.services import project_create
    from labelplatform.sequences.services import sequence_upload

    user = User.objects.create_user(username="bench")
    project = project_create(user=user, name="video bench", description="", settings={})
    started, cpu = time.perf_counter(), cpu_seconds()
    with open(video, "rb") as handle:
        sequence = sequence_upload(project=project, user=user, upload=UploadedFile(
            handle, name=video.name, content_type="video/mp4", size=video.stat().st_size))
    checked = time.perf_counter()
    assert sequence.job is not None
    job_run(job_id=sequence.job.pk)
    done = time.perf_counter()
    job = Job.objects.get(pk=sequence.job.pk)
    if job.status != "succeeded":
        raise SystemExit(f"the decoding job {job.status}: {job.error}")
    frames = job.result["frames"] if job.result else 0
    print(f"job: upload check {checked - started:.1f} s, decoding job {done - checked:.1f} s "
          f"({frames} frames stored as assets, {frames / (done - checked):.0f} frames/s); "
          f"total {done - started:.1f} s, {cpu_seconds() - cpu:.1f} CPU s, for {SECONDS} s of {SIZE} at {RATE} fps "
          "(target <= 60 s)")


def cpu_seconds() -> float:
    """User and system CPU time of this process and its finished children (ffmpeg)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    setup_django()
    video = make_video()
    bench_decode(video)
    bench_job(video)


if __name__ == "__main__":
    main()
