"""Reading one environment variable into a checked value: each parser names the variable when it refuses one.

``config.settings`` composes them; a bad value stops start-up with ``SettingsError`` naming the variable.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping
from typing import TypeVar
from urllib.parse import urlsplit

N = TypeVar("N", int, float)


class SettingsError(ValueError):
    """An environment variable holds a value the service cannot run with."""

    def __init__(self, variable: str, value: str, reason: str) -> None:
        super().__init__(f"{variable}={value!r}: {reason}")
        self.variable = variable


def choice(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = env.get(name, default).strip().lower()
    if value not in allowed:
        raise SettingsError(name, value, f"must be one of {', '.join(allowed)}")
    return value


def _number(env: Mapping[str, str], name: str, parse: Callable[[str], N], what: str) -> N | None:
    """The variable read with ``parse`` (``int``, ``float``), or None when it is not set."""
    raw = env.get(name)
    if raw is None:
        return None
    try:
        return parse(raw)
    except ValueError:
        raise SettingsError(name, raw, f"must be {what}") from None


def int_value(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    value = _number(env, name, int, "a whole number")
    if value is None:
        return default
    if value < minimum:
        raise SettingsError(name, env[name], f"must be at least {minimum}")
    return value


def seconds(
    env: Mapping[str, str], name: str, default: float, *, low: float, high: float, unit: str = " seconds"
) -> float:
    value = _number(env, name, float, f"a number{' of' + unit if unit else ''}")
    if value is None:
        return default
    if not low <= value <= high:  # also refuses nan
        raise SettingsError(name, env[name], f"must be between {low:g} and {high:g}{unit}")
    return value


def flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    if raw.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.strip().lower() in {"0", "false", "no", "off", ""}:
        return False
    raise SettingsError(name, raw, "must be true or false")


def proxies(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    """Comma-separated IP addresses or CIDR networks, or ``*`` (every peer is a proxy: only when nothing but
    the load balancer can reach the service)."""
    entries = tuple(item.strip() for item in env.get(name, "").split(",") if item.strip())
    if entries == ("*",):
        return entries
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise SettingsError(name, entry, "must be IP addresses or CIDR networks, comma-separated, or *") from None
    return entries


def region_codes(env: Mapping[str, str], name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    """Comma-separated ISO 3166-1 alpha-2 region codes ("US,GB"), upper-cased; unset or empty: ``default``."""
    codes = tuple(item.strip().upper() for item in env.get(name, "").split(",") if item.strip())
    for code in codes:
        if len(code) != 2 or not code.isalpha():
            raise SettingsError(name, code, "must be two-letter region codes, comma-separated (US,GB)")
    return codes or default


def feed_proxy(env: Mapping[str, str], name: str) -> str:
    """``http://host:port`` without credentials, or empty (feeds are fetched directly)."""
    raw = env.get(name, "").strip()
    if not raw:
        return ""
    shown = "..." if "@" in raw else raw  # a refused value with credentials is not printed back
    refused = SettingsError(name, shown, "must be http://host:port (no user name or password, no path)")
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        raise refused from None
    if parts.scheme != "http" or not parts.hostname or port is None or "@" in parts.netloc or parts.path not in "/":
        raise refused
    return raw


def http_origin(env: Mapping[str, str], name: str, default: str) -> str:
    """``http[s]://host[:port]`` without credentials, path, query or fragment (a server the service calls)."""
    raw = env.get(name, "").strip().rstrip("/") or default
    shown = "(a URL with credentials)" if "@" in raw else raw  # a password is never echoed
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018  # raises ValueError on a port that is not a number
    except ValueError:
        raise SettingsError(name, shown, "must be http(s)://host:port") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc or parts.path:
        raise SettingsError(name, shown, "must be http(s)://host:port (no user name, password or path)")
    if parts.query or parts.fragment:
        raise SettingsError(name, shown, "must be http(s)://host:port (no query or fragment)")
    return raw


def score_above(env: Mapping[str, str], name: str, default: int, floor: int) -> int:
    """A completeness score (at most 100) no lower than ``floor`` (Instant Book needs at least publishing's)."""
    value = int_value(env, name, default, minimum=0)
    if not floor <= value <= 100:
        raise SettingsError(name, str(value), f"must be between PUBLISH_MIN_SCORE ({floor}) and 100")
    return value


_WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::", "[::]"})  # noqa: S104  # recognised here, never bound


def base_url(env: Mapping[str, str], name: str, host: str, port: int) -> str:
    """Where the service is reached, for every absolute URL it builds (never from a request's Host header):
    ``name`` if set (an http(s) origin, optionally with a path prefix), else the served host and port."""
    raw = env.get(name, "").strip()
    if not raw:
        shown = "127.0.0.1" if host in _WILDCARD_HOSTS else (f"[{host}]" if ":" in host else host)
        return f"http://{shown}:{port}"
    parts = urlsplit(raw)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or "@" in parts.netloc
    ):
        shown = "(a URL with credentials)" if "@" in parts.netloc else raw  # a password is never echoed
        raise SettingsError(name, shown, "must be an http(s) URL such as https://rastup.example (no query or user)")
    return raw.rstrip("/")
