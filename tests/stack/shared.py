"""One Celery worker and gunicorn for every live test of the session that needs nothing special of them.

A stack of its own took 4-5 s to start and stop for each of some 50 browser and client tests. The shared
one runs on the test database (each transactional test's flush empties it; ids are never reused, so the
processes' caches keyed by id cannot answer a later test) with one media folder. A test that changes the
server's environment (OUTBOUND_ALLOW_HOSTS, OIDC settings) or reads its log is marked `own_stack` and
starts its own, as before.

Its worker stays up from one shared-stack test to the next (starting one costs 2-3 s of this machine's
CPU) and is killed before any other test: that test may run its jobs in-process or start a worker of its
own, and two workers on one broker would share those jobs. A shared-stack test whose fixtures run a job
in-process (tests/sequences/conftest.py's run_started) waits for the job to end, whoever took it.
gunicorn stays up.
"""

import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from tests.stack.processes import (
    celery_worker,
    free_port,
    gunicorn,
    live_stack,
    prepare_users,
    require_services,
    stack_env,
    wait_for_port,
)

LIVE_FIXTURES = frozenset({"live_url", "stack_url"})


class SharedStack:
    started: "SharedStack | None" = None

    def __init__(self, media_root: Path, logs: Path) -> None:
        self.media_root = media_root
        self.logs = logs
        self.env = stack_env(media_root)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._web = ExitStack()
        self.web = self._web.enter_context(gunicorn(self.env, self.port, logs / "web.log"))
        self._worker: ExitStack | None = None
        self.worker: subprocess.Popen[bytes] | None = None
        self.ensure_worker()
        wait_for_port(self.port, self.web)
        SharedStack.started = self

    def ensure_worker(self) -> None:
        if self.worker is None:
            self._worker = ExitStack()
            self.worker = self._worker.enter_context(celery_worker(self.env, self.logs / "worker.log"))

    def park_worker(self) -> None:
        """Before a test that is not a shared-stack one: no worker (killed with what it held of the last
        test's jobs) and an empty queue. The next shared-stack test's fixture starts it again."""
        from labelplatform.celery import app

        if self.worker is not None and self._worker is not None:
            os.killpg(self.worker.pid, signal.SIGKILL)
            self._worker.close()
            self.worker = self._worker = None
        app.control.purge()

    def stop(self) -> None:
        SharedStack.started = None
        self.web.send_signal(signal.SIGQUIT)
        self.park_worker()
        self._web.close()


def uses_shared_stack(request) -> bool:  # type: ignore[no-untyped-def]
    return bool(LIVE_FIXTURES & set(request.fixturenames)) and not request.node.get_closest_marker("own_stack")


@contextmanager
def shared_live_stack(stack: SharedStack, users, test_settings) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The session's stack for one test: its users can log in and a worker runs (its media is the stack's
    since the test began: tests/conftest.py's _media_in_tmp)."""
    prepare_users(users, test_settings)
    stack.ensure_worker()
    yield stack.url


@contextmanager
def stack_for(request, users, tmp_path: Path, test_settings) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The shared stack, or with the `own_stack` mark one of the test's own (logs in tmp_path)."""
    require_services()
    if request.node.get_closest_marker("own_stack"):
        with live_stack(users, tmp_path, test_settings) as url:
            yield url
    else:
        with shared_live_stack(request.getfixturevalue("shared_stack"), users, test_settings) as url:
            yield url
