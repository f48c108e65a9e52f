"""Resolve a feed's host and check every address it resolves to: the ``FeedAddressPolicy`` port over DNS."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence

from core.calendar.feed_addresses import refusal_among
from core.calendar.feed_urls import FeedTarget, IPAddress

Resolver = Callable[[str, int], Sequence[str]]  # (name, port) -> address texts; OSError when it has none


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the system resolver gives for ``host`` (raises ``socket.gaierror`` when none)."""
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


class AddressRefused(Exception):
    """The host is, or resolves to, a non-public address; ``reason`` says which (no credentials, no URL)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def checked_addresses(target: FeedTarget, resolve: Resolver, *, allow_private: bool) -> list[IPAddress]:
    """The addresses a fetch of ``target`` may connect to: the literal itself, or every address its name
    resolves to, in the resolver's order without repeats. Raises ``AddressRefused`` if any one is not public
    (unless ``allow_private``), ``OSError`` if the name does not resolve."""
    found: list[IPAddress] = [] if target.address is None else [target.address]
    for text in resolve(target.host, target.port) if target.address is None else ():
        address = ipaddress.ip_address(text.split("%")[0])  # a scope id from the resolver: link-local anyway
        if address not in found:
            found.append(address)
    if not found:
        raise OSError(f"{target.host} has no address")
    if not allow_private and (reason := refusal_among(target, found)) is not None:
        raise AddressRefused(reason)
    return found


class ResolvingFeedAddressPolicy:
    """The ``FeedAddressPolicy`` port: literals are classified, names resolved with the system resolver and
    every address checked. ``allow_private`` (tests, intranet deployments) accepts everything."""

    def __init__(self, *, allow_private: bool = False, resolve: Resolver = system_resolver) -> None:
        self._allow_private = allow_private
        self._resolve = resolve

    def refusal(self, target: FeedTarget) -> str | None:
        try:
            checked_addresses(target, self._resolve, allow_private=self._allow_private)
        except AddressRefused as refused:
            return refused.reason
        except (OSError, UnicodeError):  # does not resolve now: DNS may be down; the fetch records it
            return None
        return None
