"""A small HTTP proxy in front of the live server that fails the requests it is told to (503, 429, a dropped
connection) before passing the next ones through: the SDK's retries meet real failures and a real server."""

import http.client
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tests.local_http import QuietHandler, serving

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization"}
DROP = 0  # a "status" that closes the connection without an answer


@dataclass
class FlakyProxy:
    url: str
    failures: dict[tuple[str, str], list[int]]  # (method, path) -> statuses to answer first, in turn
    seen: list[tuple[str, str, int]] = field(default_factory=list)  # (method, path, what it got; 200: passed on)


@contextmanager
def flaky_proxy(upstream: str, failures: dict[tuple[str, str], list[int]]) -> Iterator[FlakyProxy]:
    target = urlsplit(upstream)
    state = FlakyProxy("", {key: list(value) for key, value in failures.items()})
    lock = threading.Lock()

    class Handler(QuietHandler):
        protocol_version = "HTTP/1.1"

        def _handle(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))
            path = self.path.split("?", 1)[0]
            with lock:
                planned = state.failures.get((self.command, path), [])
                failure = planned.pop(0) if planned else None
                state.seen.append((self.command, path, 200 if failure is None else failure))
            if failure == DROP:
                self.close_connection = True
                self.connection.shutdown(2)
                return
            if failure is not None:
                self.send_response(failure)
                if failure in (429, 503):
                    self.send_header("Retry-After", "1" if failure == 429 else "0")
                self.send_header("Content-Type", "application/json")
                payload = b'{"detail": "the proxy says try again"}'
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                return
            upstream_conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            upstream_conn.request(self.command, self.path, body=body or None, headers=headers)
            answer = upstream_conn.getresponse()
            content = answer.read()
            self.send_response(answer.status)
            for key, value in answer.getheaders():
                if key.lower() not in HOP_BY_HOP and key.lower() != "content-length":
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)
            upstream_conn.close()

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle  # noqa: N815 (http.server's names)

    with serving(Handler) as url:
        state.url = url
        yield state
