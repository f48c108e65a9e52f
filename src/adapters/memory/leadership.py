"""Sweep leadership in one process: a lock per sweep, taken without waiting."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class InMemorySweepLeadership:
    """The twin of ``AdvisoryLockSweepLeadership`` for one process (its threads)."""

    def __init__(self) -> None:
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    @contextmanager
    def round(self, sweep: str) -> Iterator[bool]:
        with self._guard:
            lock = self._locks.setdefault(sweep, threading.Lock())
        leading = lock.acquire(blocking=False)
        try:
            yield leading
        finally:
            if leading:
                lock.release()
