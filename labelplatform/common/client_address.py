"""The address of the client behind our own proxies.

X-Forwarded-For is written by whoever sends the request, so it is believed
only as far as the proxies we run: starting from the connecting address, each
hop that is a trusted proxy (TRUSTED_PROXY_NETWORKS) hands over to the address
it says it got the request from; the first hop that is not ours is the client.
With no trusted networks the header is ignored and the client is REMOTE_ADDR.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def _networks(names: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(name, strict=False) for name in names)


def _parse(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    trusted = _networks(tuple(settings.TRUSTED_PROXY_NETWORKS))
    current = _parse(request.META.get("REMOTE_ADDR", ""))
    if current is None:
        return "unknown"
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    while any(current in network for network in trusted) and hops:
        previous = _parse(hops.pop())
        if previous is None:  # our proxy wrote garbage it was sent: stop at the proxy
            break
        current = previous
    return str(current)
