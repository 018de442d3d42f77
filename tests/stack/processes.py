"""Starting the real processes (gunicorn, celery worker) against the test database."""

import functools
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def require_services() -> None:
    """These tests need PostgreSQL and Redis: in CI a missing one fails, elsewhere it skips."""
    missing = []
    if connection.vendor != "postgresql":
        missing.append("PostgreSQL (set DATABASE_URL)")
    if not settings.REDIS_URL:
        missing.append("Redis (set REDIS_URL)")
    if missing:
        message = "needs " + " and ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def stack_env(media_root: Path) -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "labelplatform.settings",
        "DATABASE_URL": url,
        "DB_CONN_MAX_AGE": "0",
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(media_root),
        "SECRET_KEY": "stack-test-secret-key-not-for-production",
        "PYTHONUNBUFFERED": "1",
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing answered on port {port} within {seconds} s")


@contextmanager
def running(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    # Its own process group, so a test can kill -9 the process with its children (kill_hard).
    with open(log, "ab") as out:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def celery_worker(env: dict[str, str], log: Path, *extra: str):  # type: ignore[no-untyped-def]
    # The same command docker-compose.yml's worker service runs; `extra`: e.g. --beat, --include.
    args = [str(BIN / "celery"), "-A", "labelplatform", "worker", "--loglevel=INFO",
            "--concurrency=1", "--without-gossip", "--without-mingle", "--without-heartbeat", *extra]
    return running(args, env, log)


def kill_hard(process: subprocess.Popen[bytes]) -> None:
    """kill -9 of the process and everything it started, as when a machine is lost."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def redis_server(port: int, log: Path):  # type: ignore[no-untyped-def]
    """A Redis of the test's own, without persistence: stopping it loses every message."""
    return running(["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"], os.environ.copy(), log)


def gunicorn(env: dict[str, str], port: int, log: Path):  # type: ignore[no-untyped-def]
    # The same command docker-compose.yml's web service runs.
    args = [str(BIN / "gunicorn"), "labelplatform.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", "2", "--threads", "2"]
    return running(args, env, log)


def wait_until(predicate, seconds: float = 30, what: str = "condition") -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise TimeoutError(f"{what} not met within {seconds} s")


def wait_for_job(job, log: Path, seconds: float) -> None:  # type: ignore[no-untyped-def]
    """Until the job has ended; on a time-out the test fails with the end of the worker's log."""

    def finished() -> bool:
        job.refresh_from_db()
        return job.status in ("succeeded", "failed")

    try:
        wait_until(finished, seconds, f"{job.kind} job finished")
    except TimeoutError:
        pytest.fail("worker log:\n" + log.read_text()[-3000:])


@contextmanager
def live_stack(users, tmp_path: Path, test_settings) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A Celery worker and gunicorn on the test database; yields the base URL. Every fixed user can log in
    with the tests' PASSWORD (hashed as the server's own settings hash it)."""
    require_services()
    prepare_users(users, test_settings)
    env = stack_env(test_settings.MEDIA_ROOT)
    port = free_port()
    with celery_worker(env, tmp_path / "worker.log") as worker, gunicorn(env, port, tmp_path / "web.log") as web:
        try:
            wait_for_port(port, web)
            yield f"http://127.0.0.1:{port}"
        finally:  # the test is over: no graceful stop (a worker's takes 2.6 s, even a cold one)
            web.send_signal(signal.SIGQUIT)  # quick shutdown, 0.6 s
            os.killpg(worker.pid, signal.SIGKILL)


def prepare_users(users, test_settings) -> None:  # type: ignore[no-untyped-def]
    """Every fixed user can log in to a stack with the tests' PASSWORD, hashed as the server hashes it."""
    from tests.conftest import PASSWORD

    test_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # what the server knows
    encoded = server_password_hash(PASSWORD)
    for user in users.values():
        user.password = encoded
        user.save(update_fields=["password"])


@functools.cache
def server_password_hash(password: str) -> str:
    """One PBKDF2 hash for every user of every stack: the server's million rounds take 0.6 s a hash,
    which for six users made up a third of a stack's start."""
    from django.contrib.auth.hashers import make_password

    return make_password(password, hasher="pbkdf2_sha256")
