"""Job kinds map to handler functions; apps register theirs at import time."""

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from labelplatform.jobs.models import Job
    from labelplatform.jobs.progress import Progress

Handler = Callable[["Job", "Progress"], object]
HANDLERS: dict[str, Handler] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        HANDLERS[kind] = func
        return func

    return register
