"""A PasswordHasher wrapper that bounds concurrent hashes, so a login flood cannot exhaust memory."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TypeVar

from core.identity.errors import HasherBusy
from core.identity.service_ports import PasswordHasher

T = TypeVar("T")


class BoundedPasswordHasher:
    """At most ``max_concurrent`` hashes at once (default: one per core); each costs ~19 MiB.

    A caller waits up to ``wait_s`` for a slot, then gets ``HasherBusy`` (answer 429/503) instead
    of queueing without bound: memory stays at ``max_concurrent`` x m whatever the load.
    """

    def __init__(self, inner: PasswordHasher, max_concurrent: int | None = None, wait_s: float = 5.0) -> None:
        self._inner = inner
        self.max_concurrent = max_concurrent or os.cpu_count() or 1
        self._slots = threading.BoundedSemaphore(self.max_concurrent)
        self._wait_s = wait_s

    def _bounded(self, work: Callable[[], T]) -> T:
        if not self._slots.acquire(timeout=self._wait_s):
            raise HasherBusy(retry_after_s=max(1, round(self._wait_s)))
        try:
            return work()
        finally:
            self._slots.release()

    def hash(self, password: str) -> str:
        return self._bounded(lambda: self._inner.hash(password))

    def verify(self, encoded: str, password: str) -> bool:
        return self._bounded(lambda: self._inner.verify(encoded, password))

    def needs_rehash(self, encoded: str) -> bool:
        return self._inner.needs_rehash(encoded)  # parses a header: cheap, no slot needed
