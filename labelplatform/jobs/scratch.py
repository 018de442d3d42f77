"""A job's scratch folders: SCRATCH_ROOT/<kind>-<job id>-<random>, removed however the job ends.

A worker killed mid-job cannot clean up after itself; the folder names carry the
job id, so the job's next attempt, or its end, removes what an earlier attempt left.
"""

import shutil
import tempfile
from pathlib import Path

from labelplatform.common.files import scratch_root
from labelplatform.jobs.models import Job


def job_scratch(job: Job) -> Path:
    """A new empty folder for this attempt; folders of earlier attempts are removed first."""
    job_scratch_clear(job)
    return Path(tempfile.mkdtemp(prefix=_prefix(job), dir=scratch_root()))


def job_scratch_clear(job: Job) -> None:
    for folder in scratch_root().glob(f"{_prefix(job)}*"):
        shutil.rmtree(folder, ignore_errors=True)


def _prefix(job: Job) -> str:
    return f"{job.kind}-{job.pk}-"
