"""A local HTTP receiver for webhook tests: a thread server that records every request and answers the
statuses it is given in turn (the last one repeats)."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from tests.local_http import QuietHandler, serving


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    statuses: list[int]
    requests: list[Received] = field(default_factory=list)


@contextmanager
def receiver(*statuses: int) -> Iterator[Receiver]:
    state = Receiver("", list(statuses) or [200])

    class Handler(QuietHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            state.requests.append(Received(dict(self.headers.items()), body))
            code = state.statuses.pop(0) if len(state.statuses) > 1 else state.statuses[0]
            self.send_response(code)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    with serving(Handler) as url:
        state.url = url + "/hook"
        yield state
