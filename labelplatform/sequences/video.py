"""Videos through the ffmpeg that the imageio-ffmpeg wheel ships: a probe at upload, a decode in the worker.

ffmpeg runs as a child process: a stream that makes it fail, crash or hang costs the worker a
failed job (the timeout kills it), never the worker itself. Frames go from ffmpeg straight to
image files, so no frame passes through Python while decoding.
"""

import re
import subprocess
import tempfile
import threading
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg
from django.conf import settings

PROBE_TIMEOUT_S = 30  # reading a header; a file that takes longer is not one we can decode
# Containers ffmpeg names in its "Input #0, <formats>, from" line for mp4, mov, webm (and mkv).
CONTAINERS = {"mov", "mp4", "matroska", "webm"}
ERROR_LINES = 3  # of ffmpeg's stderr in a rejection's reason: the first ones (the cause) and the last (the outcome)
JPEG_QUALITY = "2"  # ffmpeg's -q:v for mjpeg: 2 is near lossless, 31 the worst


class VideoRejected(ValueError):
    """Not a video we can decode, or past the limits; the message says why."""


@dataclass(frozen=True)
class VideoInfo:
    container: str
    codec: str
    width: int
    height: int
    fps: float
    duration_s: float

    def frames_at(self, fps: float | None) -> int:
        """About how many frames a decode at `fps` (None: native) gives."""
        return max(1, round(self.duration_s * (fps or self.fps)))

    def as_dict(self) -> dict[str, object]:
        return {"container": self.container, "codec": self.codec, "width": self.width, "height": self.height,
                "fps": self.fps, "duration_s": self.duration_s}


def ffmpeg_exe() -> str:
    return str(imageio_ffmpeg.get_ffmpeg_exe())


def _error_tail(stderr: str, path: Path) -> str:
    """ffmpeg's first and last complaints, without its context addresses and the server's file path."""
    lines = []
    for raw in stderr.splitlines():
        line = re.sub(r"\[[^\]]* @ 0x[0-9a-f]+\] ", "", raw).replace(str(path), "the file").strip()
        if line and not line.startswith(("Error opening input file", "Error opening input files")):
            lines.append(line)
    picked = lines if len(lines) <= ERROR_LINES else [*lines[:ERROR_LINES - 1], "...", lines[-1]]
    return "; ".join(picked) or "no reason given"


def probe(path: Path) -> VideoInfo:
    """What ffmpeg reads from the header: container, first video stream's codec, size, frame rate, duration."""
    try:
        run = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)], capture_output=True,
                             timeout=PROBE_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise VideoRejected(f"reading the video's header took over {PROBE_TIMEOUT_S} s") from None
    text = run.stderr.decode("utf-8", "replace")
    container = re.search(r"^Input #0, (.+?), from ", text, re.MULTILINE)
    if container is None:
        raise VideoRejected(f"not a readable video ({_error_tail(text, path)})")
    formats = set(container.group(1).split(","))
    if not formats & CONTAINERS:
        raise VideoRejected(f"container {container.group(1)} is not accepted (mp4, mov or webm)")
    stream = re.search(r"Stream #0:\d+.*?: Video: (\w+)(.*)", text)
    if stream is None:
        raise VideoRejected("the file holds no video stream")
    size = re.search(r"(?<![\w.])(\d{1,5})x(\d{1,5})(?![\w.])", stream.group(2))
    rate = re.search(r"([\d.]+)(k?) (?:fps|tbr)", stream.group(2))
    duration = re.search(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)", text)
    if size is None or rate is None:
        raise VideoRejected(f"the video stream ({stream.group(1)}) has no readable size or frame rate")
    if duration is None:
        raise VideoRejected("the video's duration is unknown (a stream without an index?)")
    fps = float(rate.group(1)) * (1000 if rate.group(2) else 1)
    seconds = int(duration.group(1)) * 3600 + int(duration.group(2)) * 60 + float(duration.group(3))
    width, height = int(size.group(1)), int(size.group(2))
    if not (width and height and fps > 0):
        raise VideoRejected(f"the video stream reads as {width}x{height} at {fps} fps")
    return VideoInfo(",".join(sorted(formats & CONTAINERS)), stream.group(1), width, height, fps, seconds)


def check_limits(info: VideoInfo, fps: float | None) -> None:
    """Refuse what the header already shows to be past the configured limits."""
    if info.duration_s > settings.SEQUENCE_MAX_DURATION_S:
        raise VideoRejected(f"the video lasts {info.duration_s:g} s, over the {settings.SEQUENCE_MAX_DURATION_S} s "
                            "limit (SEQUENCE_MAX_DURATION_S)")
    if info.width * info.height > settings.SEQUENCE_MAX_PIXELS:
        raise VideoRejected(f"frames of {info.width}x{info.height} are over the {settings.SEQUENCE_MAX_PIXELS} pixel "
                            "limit (SEQUENCE_MAX_PIXELS)")
    frames = info.frames_at(fps)
    if frames > settings.SEQUENCE_MAX_FRAMES:
        raise VideoRejected(f"about {frames} frames at {fps or info.fps:g} fps, over the "
                            f"{settings.SEQUENCE_MAX_FRAMES} frame limit (SEQUENCE_MAX_FRAMES); choose a lower fps")


def decoded_frames(path: Path, folder: Path, *, fps: float | None, fmt: str) -> Generator[Path, None, None]:
    """Every frame (native rate) or frames at `fps`, as numbered image files in `folder`, yielded in order
    while ffmpeg goes on decoding, so storing them overlaps the decode. A failure after some frames
    raises VideoRejected (the caller drops what it stored). Stops past SEQUENCE_MAX_FRAMES."""
    ext = "png" if fmt == "png" else "jpg"
    quality = ["-compression_level", "1"] if ext == "png" else ["-q:v", JPEG_QUALITY]
    rate = ["-vf", f"fps={fps:g}"] if fps else ["-fps_mode", "passthrough"]
    limit = settings.SEQUENCE_MAX_FRAMES
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-xerror", "-i", str(path),
               "-map", "0:v:0", "-an", "-sn", "-dn", *rate, "-frames:v", str(limit + 1),
               *quality, "-start_number", "0", "-progress", "pipe:1", "-nostats", str(folder / f"%06d.{ext}")]
    name = str(folder / f"{{:06d}}.{ext}")
    given = 0
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, stdin=subprocess.DEVNULL)
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            process.kill()

        killer = threading.Timer(settings.SEQUENCE_DECODE_TIMEOUT_S, kill)
        killer.start()
        try:
            assert process.stdout is not None
            for line in process.stdout:  # -progress writes key=value blocks about twice a second
                if line.startswith(b"frame="):
                    written = int(line[6:].strip() or 0)
                    while given < min(written - 1, limit):  # the newest file may still be being written
                        yield Path(name.format(given))
                        given += 1
            code = process.wait()
        finally:
            killer.cancel()
            if process.poll() is None:  # the caller stopped (a cancelled job): ffmpeg goes too
                process.kill()
                process.wait()
        stderr.seek(0)
        errors = stderr.read().decode("utf-8", "replace")
    if code != 0:
        reason = f"over {settings.SEQUENCE_DECODE_TIMEOUT_S} s" if timed_out.is_set() else _error_tail(errors, path)
        raise VideoRejected(f"ffmpeg could not decode the video ({reason})")
    while Path(name.format(given)).exists():
        if given >= limit:
            raise VideoRejected(f"over {limit} frames (SEQUENCE_MAX_FRAMES); choose a lower fps")
        yield Path(name.format(given))
        given += 1
    if not given:
        raise VideoRejected("the video decoded to no frames")
