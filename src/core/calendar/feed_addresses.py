"""Which addresses a feed may be fetched from, pure: only public unicast ones (no loopback, private, metadata)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from core.calendar.feed_urls import FeedTarget, IPAddress

_SHARED = ipaddress.IPv4Network("100.64.0.0/10")  # carrier-grade NAT: not global, though not "private" either
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # the well-known prefix: the last 32 bits are the IPv4 reached


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (mapped, NAT64, 6to4), which is what it really reaches."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.sixtofour


def non_public_kind(address: IPAddress) -> str | None:
    """``None`` for a public unicast address; otherwise what it is ("loopback", "private", "link-local" (the
    cloud metadata address 169.254.169.254 is one), "unspecified", "multicast", "shared", "reserved")."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return "link-local"
        embedded = _embedded_ipv4(address)
        if embedded is not None and (kind := non_public_kind(embedded)) is not None:
            return kind
        if embedded is not None and address.sixtofour is None:
            return None  # mapped or NAT64 to a public IPv4 address: that address is what is reached
    for kind, matches in (
        ("loopback", address.is_loopback),
        ("unspecified", address.is_unspecified),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("shared", address in _SHARED if isinstance(address, ipaddress.IPv4Address) else False),
        ("private", address.is_private),
        ("reserved", address.is_reserved or not address.is_global),
    ):
        if matches:
            return kind
    return None


def refusal_among(target: FeedTarget, addresses: Iterable[IPAddress]) -> str | None:
    """Why ``target`` must not be fetched when its host resolves to ``addresses`` (every one is checked), or
    ``None`` when all are public. The reason names the normalised host and the address, never the URL."""
    for address in addresses:
        kind = non_public_kind(address)
        if kind is None:
            continue
        if target.address is not None:
            return f"the host is a {kind} address ({address}); feeds are fetched from public addresses only"
        return f"{target.host} resolves to a {kind} address ({address}); feeds are fetched from public addresses only"
    return None
