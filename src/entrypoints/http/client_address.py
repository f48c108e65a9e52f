"""Who the client is when the service sits behind a load balancer or CDN.

Behind a proxy every request arrives from the proxy's address, which would put all users in one rate-limit
bucket and blind the sign-in risk score. ``TRUSTED_PROXIES`` (addresses or CIDR networks, comma-separated)
names the proxies we believe: for a request whose direct peer is one of them, the client is the rightmost
``X-Forwarded-For`` entry that is not itself a trusted proxy (uvicorn's ``ProxyHeadersMiddleware`` does this
walk), and the proxy's geo headers (``GEO_COUNTRY_HEADER``, e.g. ``CF-IPCountry`` or
``CloudFront-Viewer-Country``; ``GEO_ASN_HEADER``, e.g. ``CloudFront-Viewer-ASN``) feed the risk score. A
request from anyone else is taken at its socket address and its forwarded and geo headers are ignored, so
a client cannot pick its own address or country.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
from litestar import Request
from litestar.types import ASGIApp, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from core.identity.devices import NetworkContext

_VIA_TRUSTED_PROXY = "rastup.via_trusted_proxy"  # scope key: the direct peer was a trusted proxy
_COUNTRY = re.compile(r"[A-Z]{2}")
_ASN = re.compile(r"(?:AS)?([0-9]{1,10})", re.IGNORECASE)
_UNKNOWN_COUNTRIES = frozenset({"XX", "ZZ"})  # "unknown" in Cloudflare's and CloudFront's vocabularies


@attrs.frozen
class GeoHeaders:
    """The request headers a trusted proxy puts the client's country and autonomous system in."""

    country: str = ""
    asn: str = ""


class ForwardedClient:
    """ASGI middleware: behind a trusted proxy, the forwarded client replaces the socket peer.

    It marks the scope when the direct peer was trusted (only then are geo headers believed), then lets
    uvicorn's well-tested ``ProxyHeadersMiddleware`` rewrite ``client`` and ``scheme``.
    """

    def __init__(self, app: ASGIApp, trusted_proxies: tuple[str, ...]) -> None:
        self._forwarded = ProxyHeadersMiddleware(app, trusted_hosts=list(trusted_proxies))  # type: ignore[arg-type]
        self._trusted = self._forwarded.trusted_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            peer = scope.get("client")
            scope[_VIA_TRUSTED_PROXY] = peer is not None and peer[0] in self._trusted  # type: ignore[literal-required]
        await self._forwarded(scope, receive, send)  # type: ignore[arg-type]


def _country(raw: str | None) -> str | None:
    value = (raw or "").strip().upper()
    return value if _COUNTRY.fullmatch(value) and value not in _UNKNOWN_COUNTRIES else None


def _asn(raw: str | None) -> int | None:
    match = _ASN.fullmatch((raw or "").strip())
    return int(match.group(1)) if match else None


def network_context(request: Request[Any, Any, Any]) -> NetworkContext:
    """Where the request came from: the client address (forwarded, behind a trusted proxy), the user agent,
    and the country and ASN a trusted proxy reported (``None`` when none did)."""
    host = request.client.host if request.client else "unknown"
    user_agent = request.headers.get("User-Agent", "")[:512]
    geo: GeoHeaders | None = request.app.state.get("geo_headers")
    if geo is None or not request.scope.get(_VIA_TRUSTED_PROXY):  # type: ignore[misc]
        return NetworkContext(ip=host, user_agent=user_agent)
    country = _country(request.headers.get(geo.country)) if geo.country else None
    asn = _asn(request.headers.get(geo.asn)) if geo.asn else None
    return NetworkContext(ip=host, user_agent=user_agent, country=country, asn=asn)
