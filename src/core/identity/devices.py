"""Devices: a coarse, privacy-friendly fingerprint (user-agent family + IP prefix) and its history."""

from __future__ import annotations

import ipaddress
import re
from datetime import datetime

import attrs

_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iOS"), ("Windows", "Windows"),
            ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))  # fmt: skip
_APP = re.compile(r"^([A-Za-z][\w.-]{0,40})/\d")


def user_agent_family(user_agent: str) -> str:
    """``"Firefox on Windows"``-style family: stable across browser updates, not a fingerprint."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), None)
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), "Other")
    if browser is None:
        app = _APP.match(user_agent)
        browser = app.group(1) if app else "Other"
    return f"{browser} on {system}"


def ip_prefix(ip: str) -> str:
    """The /24 of an IPv4 address or the /48 of an IPv6 one; ``"unknown"`` for anything else."""
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    bits = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{bits}", strict=False))


@attrs.frozen
class NetworkContext:
    """Where a request came from, as the edge saw it (country and ASN from a GeoIP lookup, if any)."""

    ip: str
    user_agent: str = ""
    country: str | None = None
    asn: int | None = None


@attrs.define
class Device:
    """A (user-agent family, IP prefix) a user signed in from, with where and when it was seen."""

    id: str
    user_id: str
    ua_family: str
    ip_prefix: str
    first_seen_at: datetime
    last_seen_at: datetime
    country: str | None = None
    asn: int | None = None

    @classmethod
    def first_seen(cls, device_id: str, user_id: str, context: NetworkContext, now: datetime) -> Device:
        return cls(
            device_id,
            user_id,
            user_agent_family(context.user_agent),
            ip_prefix(context.ip),
            now,
            now,
            context.country,
            context.asn,
        )

    def seen(self, now: datetime) -> None:
        self.last_seen_at = max(self.last_seen_at, now)
