"""Outbound HTTP to URLs that users name (model servers, URL imports, webhooks): one guard for all.

The host is resolved once. Every address it resolves to must be public (not
private, loopback, link-local, metadata, multicast, reserved or unspecified,
IPv4 and IPv6 alike) unless OUTBOUND_ALLOW_HOSTS names the host or
OUTBOUND_ALLOW_NETWORKS holds the address. The connection then goes to exactly
that address, so a second lookup (DNS rebinding) cannot send it elsewhere; TLS
still verifies the certificate against the host's name. Redirects pass the same
check. Answers are bounded in bytes and time, and errors say only what we saw
(a status code, our reason), never what the remote answered.
"""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus

from django.conf import settings

MAX_REDIRECTS = 5
READ_BLOCK = 1 << 16
_REDIRECTS = (301, 302, 303, 307, 308)
# IPv6 forms that carry an IPv4 address: the embedded one is judged too.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class OutboundError(Exception):
    """A call that did not give a usable answer; the message is ours, safe to show."""


class OutboundRefused(OutboundError):
    """The URL's address is one we do not call."""


class OutboundTimeout(OutboundError):
    pass


class OutboundStatus(OutboundError):
    """The server answered with an error status; its body is not kept."""

    def __init__(self, status: int) -> None:
        phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
        super().__init__(f"HTTP {status} {phrase}".strip())
        self.status = status


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect (address) and what to say (host, path)."""

    scheme: str
    host: str
    port: int
    path: str
    address: str

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def refusal(host: str, address: Address) -> str | None:
    """Why the address is not called, or None when it may be."""
    if host.lower() in settings.OUTBOUND_ALLOW_HOSTS:
        return None
    if any(address in ipaddress.ip_network(net, strict=False) for net in settings.OUTBOUND_ALLOW_NETWORKS):
        return None
    for candidate in _forms(address):
        if not candidate.is_global or candidate.is_multicast or candidate.is_reserved or candidate.is_unspecified:
            named = host if host == str(address) else f"{host} ({address})"
            return f"{named} is a private, local or reserved address"
    return None


def _forms(address: Address) -> list[Address]:
    forms: list[Address] = [address]
    if isinstance(address, ipaddress.IPv6Address):
        embedded = [address.ipv4_mapped, address.sixtofour]
        if address in _NAT64:
            embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        forms.extend(form for form in embedded if form is not None)
    return forms


def resolve(url: str) -> Target:
    """The URL checked and resolved once; OutboundRefused for a refused address or a URL we do not call."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise OutboundRefused("only http and https URLs are called")
    try:
        host, port = parts.hostname, parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise OutboundRefused("the URL's port is not a number") from None
    if not host:
        raise OutboundRefused("the URL has no host")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise OutboundError(f"cannot resolve {host}") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    for address in addresses:  # all of them: a name with one private address is refused
        reason = refusal(host, address)
        if reason:
            raise OutboundRefused(reason)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme, host, port, path, str(addresses[0]))


class _PinnedHTTPS(http.client.HTTPSConnection):
    """TLS to a resolved address, with the certificate checked against the host's name."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.address, target.port, timeout=timeout, context=ssl.create_default_context())
        self._server_name = target.host

    def connect(self) -> None:
        http.client.HTTPConnection.connect(self)
        self.sock = self._context.wrap_socket(self.sock, server_hostname=self._server_name)  # type: ignore[attr-defined]


def _connection(target: Target, timeout: float) -> http.client.HTTPConnection:
    if target.scheme == "https":
        return _PinnedHTTPS(target, timeout)
    return http.client.HTTPConnection(target.address, target.port, timeout=timeout)


@dataclass
class Answer:
    """A 2xx answer being read: `blocks` yields the body within the byte and time limits."""

    status: int
    headers: Message
    _response: http.client.HTTPResponse
    _sock: socket.socket | None
    _deadline: float
    _timeout_s: float
    _max_bytes: int

    def blocks(self) -> Iterator[bytes]:
        declared = self.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self._max_bytes:
            raise OutboundError(f"the answer is {declared} bytes, over the {self._max_bytes} byte limit")
        received = 0
        while not self._response.isclosed():  # it closes itself once the body is read
            with _our_words(self._timeout_s):
                _set_timeout(self._sock, self._deadline)
                block = self._response.read(READ_BLOCK)
            if not block:
                return
            received += len(block)
            if received > self._max_bytes:
                raise OutboundError(f"the answer is over the {self._max_bytes} byte limit")
            yield block

    def read(self) -> bytes:
        return b"".join(self.blocks())


def _set_timeout(sock: socket.socket | None, deadline: float) -> None:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    if sock is not None:
        sock.settimeout(left)


@contextlib.contextmanager
def _our_words(timeout_s: float) -> Iterator[None]:
    """Network failures as OutboundError with a reason of ours."""
    try:
        yield
    except TimeoutError:
        raise OutboundTimeout(f"no answer within {timeout_s:g} s") from None
    except ssl.SSLCertVerificationError:
        raise OutboundError("the server's TLS certificate is not valid for its name") from None
    except (http.client.HTTPException, ssl.SSLError):
        raise OutboundError("the server's answer is not valid HTTP") from None
    except ConnectionRefusedError:
        raise OutboundError("connection refused") from None
    except OSError as exc:
        raise OutboundError(f"cannot connect ({exc.strerror or type(exc).__name__})") from None


@contextlib.contextmanager
def call(url: str, *, method: str = "GET", body: bytes | None = None, headers: dict[str, str] | None = None,
         timeout_s: float, max_bytes: int) -> Iterator[Answer]:
    """A checked request whose answer is read within `timeout_s` in all and `max_bytes`.

    Raises OutboundRefused, OutboundTimeout, OutboundStatus (non-2xx) or OutboundError.
    """
    deadline = time.monotonic() + timeout_s
    for _ in range(MAX_REDIRECTS + 1):
        target = resolve(url)
        connection = _connection(target, max(deadline - time.monotonic(), 0.001))
        try:
            with _our_words(timeout_s):
                connection.request(method, target.path, body=body,
                                   headers={**(headers or {}), "Host": target.host_header})
                sock = connection.sock  # getresponse may drop it from the connection; the answer still reads it
                response = connection.getresponse()
            location = response.getheader("Location")
            if response.status in _REDIRECTS and location:
                url = urllib.parse.urljoin(url, location)
                if response.status == 303 or (response.status in (301, 302) and method == "POST"):
                    method, body = "GET", None
                continue
            if not 200 <= response.status < 300:
                raise OutboundStatus(response.status)
            yield Answer(response.status, response.headers, response, sock, deadline, timeout_s, max_bytes)
            return
        finally:
            connection.close()
    raise OutboundError(f"more than {MAX_REDIRECTS} redirects")


def fetch(url: str, *, method: str = "GET", body: bytes | None = None, headers: dict[str, str] | None = None,
          timeout_s: float, max_bytes: int) -> bytes:
    """`call` with the whole answer read."""
    with call(url, method=method, body=body, headers=headers, timeout_s=timeout_s, max_bytes=max_bytes) as answer:
        return answer.read()
