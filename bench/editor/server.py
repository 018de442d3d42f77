"""A tiny server for the editor benchmark: the built frontend plus canned answers for the API calls the page makes."""

import json
import mimetypes
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bench.editor.synthetic import Session

# FRONTEND_DIST as for Django: a build elsewhere (e.g. while someone rebuilds frontend/dist).
DIST = Path(os.environ.get("FRONTEND_DIST", Path(__file__).resolve().parents[2] / "frontend" / "dist"))


# Extra GET answers: path -> (body, content type, headers); bench/editor/segment.py serves the model with them.
Files = dict[str, tuple[bytes, str, dict[str, str]]]


def handler_for(session: Session, files: Files | None = None, headers: dict[str, str] | None = None,
                ) -> type[BaseHTTPRequestHandler]:
    """`headers` go on every answer (e.g. COOP/COEP for cross-origin isolation)."""
    label = dict(session.label)
    files = files or {}
    routes: dict[str, Any] = {
        "/api/v1/auth/me": {"id": 1, "username": "bench", "is_staff": False},
        "/api/v1/auth/session": {"user": {"id": 1, "username": "bench", "is_staff": False}},
        "/api/v1/auth/csrf": {"csrf_token": "bench"},
        "/api/v1/projects/1": session.project,
        "/api/v1/projects/1/ontology": session.ontology,
        "/api/v1/projects/1/assets": {"count": 1, "next": None, "previous": None, "results": [session.asset]},
        "/api/v1/assets/1": session.asset,
    }

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            for name, value in {**(headers or {}), **(extra or {})}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def json(self, data: Any, status: int = 200) -> None:
            self.send(status, json.dumps(data).encode(), "application/json")

        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?")[0]
            if path in files:
                self.send(200, files[path][0], files[path][1], files[path][2])
            elif path in routes:
                self.json(routes[path])
            elif path == "/api/v1/assets/1/image":
                self.send(200, session.jpeg, "image/jpeg")
            elif path == "/api/v1/assets/1/labels":
                self.json([label])
            elif path.startswith("/api/"):
                self.json({"detail": "Not found."}, 404)
            elif path.startswith("/static/app/"):
                file = DIST / path.removeprefix("/static/app/")
                if file.is_file():
                    self.send(200, file.read_bytes(), mimetypes.guess_type(file.name)[0] or "application/octet-stream")
                else:
                    self.send(404, b"", "text/plain")
            else:
                self.send(200, (DIST / "index.html").read_bytes(), "text/html")

        def do_PUT(self) -> None:  # noqa: N802
            # Autosave during the benchmark: accept and bump the revision.
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            label["revision"] += 1
            self.json({**label, "objects": []})

        do_POST = do_PUT

    return Handler


@contextmanager
def serve(session: Session, files: Files | None = None, headers: dict[str, str] | None = None) -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(session, files, headers))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
