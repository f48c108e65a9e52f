"""Test doubles for the booking handlers: a movable clock and a counting id source.

The in-memory booking store itself lives in ``adapters.memory.booking`` (it is the embedded twin that
passes the booking store contract); it is re-exported here for the tests that build worlds from it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from adapters.memory.booking import InMemoryBookingUnitOfWork

__all__ = ["CountingIds", "FakeClock", "InMemoryBookingUnitOfWork"]


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


class CountingIds:
    def __init__(self) -> None:
        self.issued = 0

    def new_id(self, prefix: str) -> str:
        self.issued += 1
        return f"{prefix}_{self.issued:05d}"
