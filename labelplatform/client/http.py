"""The one place that talks HTTP: named operations, errors, retries and pagination."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator, Mapping
from http import HTTPStatus
from typing import Any

import httpx

from labelplatform.client.errors import ClientError, ConnectionFailed, NotReady, detail_of, error_for
from labelplatform.client.operations import OPERATIONS

JSON = dict[str, Any]
IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
DEFAULT_PAGE_SIZE = 500  # the server's max_page_size: fewest round trips


class Http:
    """An httpx client bound to one server and token.

    Idempotent calls (GET, PUT, DELETE) are retried with exponential back-off and jitter on 429,
    5xx and transport errors, honouring ``Retry-After``; any call is retried when the connection
    could not even be opened (nothing was sent). ``retries`` is the number of retries after the
    first try.
    """

    def __init__(self, url: str | None = None, token: str | None = None, *, timeout: float = 60.0,
                 retries: int = 4, backoff: float = 0.5, transport: httpx.BaseTransport | None = None) -> None:
        url = url or os.environ.get("LABELPLATFORM_URL")
        if not url:
            raise ClientError("no server URL: pass url= or set LABELPLATFORM_URL")
        self.url = url.rstrip("/")
        self.token = token if token is not None else os.environ.get("LABELPLATFORM_TOKEN")
        self.retries = retries
        self.backoff = backoff
        headers = {"Accept": "application/json", "User-Agent": "labelplatform-client"}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        self._client = httpx.Client(base_url=self.url, headers=headers, timeout=timeout, transport=transport,
                                    limits=httpx.Limits(max_connections=32, max_keepalive_connections=16))

    def close(self) -> None:
        self._client.close()

    def path(self, operation: str, **params: Any) -> tuple[str, str]:
        method, template = OPERATIONS[operation]
        return method, template.format(**params)

    def call(self, operation: str, *, params: Mapping[str, Any] | None = None, json: Any = None,
             files: Any = None, data: Mapping[str, Any] | None = None, **path_params: Any) -> Any:
        """Sends the named operation; answers the decoded JSON (None for an empty body)."""
        method, path = self.path(operation, **path_params)
        response = self.send(method, path, params=params, json=json, files=files, data=data)
        if not response.content:
            return None
        return response.json()

    def call_computed(self, operation: str, *, params: Mapping[str, Any] | None = None, json: Any = None,
                      **path_params: Any) -> Any:
        """`call` for an answer a worker computes: a 202 (not computed yet) raises NotReady naming the job."""
        method, path = self.path(operation, **path_params)
        response = self.send(method, path, params=params, json=json)
        body = response.json()
        if response.status_code == HTTPStatus.ACCEPTED:
            retry_after = response.headers.get("Retry-After", "")
            raise NotReady(detail_of(body, "not computed yet"), body.get("job") if isinstance(body, dict) else None,
                           float(retry_after) if retry_after.isdigit() else 1.0)
        return body

    def send(self, method: str, url: str, *, params: Mapping[str, Any] | None = None, json: Any = None,
             files: Any = None, data: Mapping[str, Any] | None = None, stream: bool = False) -> httpx.Response:
        attempt = 0
        while True:
            try:
                request = self._client.build_request(method, url, params=_clean(params), json=json, files=files,
                                                     data=data)
                response = self._client.send(request, stream=stream, follow_redirects=True)
            except httpx.ConnectError as error:  # nothing was sent: safe for any method
                if attempt >= self.retries:
                    raise ConnectionFailed(f"cannot reach {self.url}: {error}") from error
            except httpx.TransportError as error:
                if method not in IDEMPOTENT or attempt >= self.retries:
                    raise ConnectionFailed(f"{method} {url}: {error}") from error
            else:
                if response.status_code < 400:
                    return response
                if response.status_code not in RETRY_STATUSES or method not in IDEMPOTENT \
                        or attempt >= self.retries:
                    raise self._error(response, method, url)
                retry_after = response.headers.get("Retry-After")
                response.close()
                if retry_after and retry_after.isdigit():
                    time.sleep(min(float(retry_after), 60.0))
                    attempt += 1
                    continue
            time.sleep(self.backoff * (2 ** attempt) * (0.5 + random.random()))
            attempt += 1

    @staticmethod
    def _error(response: httpx.Response, method: str, url: str) -> ClientError:
        if not response.is_closed:
            response.read()
        try:
            body = response.json()
        except ValueError:
            body = None
        fallback = response.reason_phrase or f"HTTP {response.status_code}"
        return error_for(response.status_code, body, fallback, method=method, url=str(response.request.url))

    def pages(self, operation: str, *, params: Mapping[str, Any] | None = None,
              page_size: int = DEFAULT_PAGE_SIZE, **path_params: Any) -> Iterator[JSON]:
        """Every result of a paginated list, fetched page by page as the iterator is consumed.

        Follows ``next`` links, so it serves page-number and cursor pagination alike."""
        method, path = self.path(operation, **path_params)
        url: str | None = path
        query: Mapping[str, Any] | None = {**(params or {}), "page_size": page_size}
        while url:
            body = self.send(method, url, params=query).json()
            if isinstance(body, list):  # an unpaginated list
                yield from body
                return
            yield from body["results"]
            url, query = body.get("next"), None

    def download(self, url: str, dest: os.PathLike[str] | str, *, chunk: int = 1 << 20) -> int:
        """Streams a GET into ``dest`` (written under a temporary name, then renamed); answers the bytes."""
        target = os.fspath(dest)
        partial = target + ".part"
        response = self.send("GET", url, stream=True)
        written = 0
        try:
            with open(partial, "wb") as out:
                for block in response.iter_bytes(chunk):
                    out.write(block)
                    written += len(block)
        finally:
            response.close()
        os.replace(partial, target)
        return written


def _clean(params: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if params is None:
        return None
    return {key: value for key, value in params.items() if value is not None}
