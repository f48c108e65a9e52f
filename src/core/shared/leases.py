"""Leases that let one worker at a time do a periodic job (a sweep) that every worker schedules.

A lease is named by its job and held by a worker until it expires or is released: a worker that dies mid-job
holds it at most ``ttl`` longer. ``exclusively`` runs the job only when this worker holds the lease."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from core.shared.clock import Clock

T = TypeVar("T")


class SweepLeases(Protocol):
    def acquire(self, name: str, holder: str, now: datetime, ttl: timedelta) -> bool:
        """Take the lease ``name`` for ``holder`` until ``now + ttl`` (or renew it if ``holder`` has it); ``False``
        while another holder's lease has not expired. Atomic: of holders racing for a free lease, one wins."""
        ...

    def release(self, name: str, holder: str) -> None:
        """Give the lease back if ``holder`` has it (another holder's is left alone). Idempotent."""
        ...


def exclusively(
    leases: SweepLeases, name: str, holder: str, clock: Clock, ttl: timedelta, job: Callable[[], T]
) -> T | None:
    """``job()`` if ``holder`` gets the lease ``name`` (released afterwards, also when the job fails); ``None``
    without running it while another holder has the lease."""
    if not leases.acquire(name, holder, clock.now(), ttl):
        return None
    try:
        return job()
    finally:
        leases.release(name, holder)
