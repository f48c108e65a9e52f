"""A clock that moves only when told to: for tests and deterministic demos."""

from __future__ import annotations

from datetime import datetime, timedelta


class FixedClock:
    """Returns the instant it was set to; ``advance`` moves it forward."""

    def __init__(self, now: datetime) -> None:
        if now.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = now

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta


class SequentialIds:
    """Deterministic ids ``<prefix>_000001``, ``<prefix>_000002``...: for tests."""

    def __init__(self) -> None:
        self._next = 0

    def new_id(self, prefix: str) -> str:
        self._next += 1
        return f"{prefix}_{self._next:06d}"
