"""The sweep-leadership port: each round of a periodic sweep runs in one service process at a time."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol


class SweepLeadership(Protocol):
    """Who runs a sweep's round when several service processes (and machines) run the same sweeps."""

    def round(self, sweep: str) -> AbstractContextManager[bool]:
        """``with leadership.round("booking-sweep") as leading:``: ``leading`` is True in exactly one holder at a
        time for ``sweep`` (never blocks: another holder makes it False at once, and that process skips the round);
        leaving the block gives the round up. A holder that dies gives it up too. Sweeps stay idempotent: this keeps
        processes from doing the same work side by side, it is not what makes a rerun safe."""
        ...
