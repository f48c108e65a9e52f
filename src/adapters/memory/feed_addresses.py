"""An in-memory ``FeedAddressPolicy``: names resolve from a table, addresses are checked by the core's rules."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence

from core.calendar.feed_addresses import refusal_among
from core.calendar.feed_urls import FeedTarget


class InMemoryFeedAddressPolicy:
    """Resolves ``names`` (name -> address texts; a name not in the table does not resolve)."""

    def __init__(self, names: Mapping[str, Sequence[str]] | None = None, *, allow_private: bool = False) -> None:
        self._names = dict(names or {})
        self._allow_private = allow_private

    def refusal(self, target: FeedTarget) -> str | None:
        if self._allow_private:
            return None
        if target.address is not None:
            return refusal_among(target, [target.address])
        return refusal_among(target, [ipaddress.ip_address(a) for a in self._names.get(target.host, ())])
