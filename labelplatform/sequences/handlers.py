"""Job handlers of the sequences app: decoding an upload into frames, and propagating tracks' masks.

A propagation job's parameters (services.propagate_start): `sequence`, `from` and `to` (frame
indexes), `tracks` (ids on the `from` frame's label), and the `label` and its `revision` to start
from. Its body is labelplatform.sequences.propagation.run(job, progress), the propagation engine's
wiring; it is imported when a job runs, so web processes never load OpenCV and the model runtime.
"""

from labelplatform.jobs.models import Job
from labelplatform.jobs.progress import Progress
from labelplatform.jobs.registry import job_handler
from labelplatform.sequences.decoding import sequence_decode
from labelplatform.sequences.services import DECODE_KIND, PROPAGATE_KIND


@job_handler(DECODE_KIND)
def decode(job: Job, progress: Progress) -> dict[str, int]:
    return sequence_decode(job, progress)


@job_handler(PROPAGATE_KIND)
def propagate(job: Job, progress: Progress) -> object:
    from labelplatform.sequences.propagation import run  # heavy (OpenCV, onnxruntime): only in the worker

    return run(job, progress)
