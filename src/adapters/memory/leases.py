"""Sweep leases in memory: one process's workers (threads) take turns; the SQL ones serve several processes."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta


class InMemorySweepLeases:
    def __init__(self) -> None:
        self._held: dict[str, tuple[str, datetime]] = {}
        self._lock = threading.Lock()

    def acquire(self, name: str, holder: str, now: datetime, ttl: timedelta) -> bool:
        with self._lock:
            current = self._held.get(name)
            if current is not None and current[0] != holder and current[1] > now:
                return False
            self._held[name] = (holder, now + ttl)
            return True

    def release(self, name: str, holder: str) -> None:
        with self._lock:
            if self._held.get(name, ("", None))[0] == holder:
                del self._held[name]
