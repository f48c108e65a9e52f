"""Leased work rows in memory: the lease, retry and bury rules the delivery queue and the outbox share."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Generic, TypeVar

import attrs

from core.shared.retry import REASON_CHARS

T = TypeVar("T")


@attrs.define
class LeasedRow(Generic[T]):
    """One piece of work and its delivery state (the twin of ``adapters.sqlalchemy.leased_rows``' columns)."""

    item: T
    attempts: int = 0
    due_at: datetime | None = None  # None: due at once
    lease_until: datetime | None = None
    dead_at: datetime | None = None
    last_error: str | None = None

    def claimable(self, now: datetime) -> bool:
        return (
            self.dead_at is None
            and (self.due_at is None or self.due_at <= now)
            and (self.lease_until is None or self.lease_until <= now)
        )

    def lease(self, until: datetime) -> None:
        self.attempts += 1
        self.lease_until = until

    def retry(self, due_at: datetime, reason: str) -> None:
        self.due_at, self.lease_until, self.last_error = due_at, None, reason[:REASON_CHARS]

    def bury(self, now: datetime, reason: str) -> None:
        self.dead_at, self.lease_until, self.last_error = now, None, reason[:REASON_CHARS]

    def requeue(self) -> None:
        self.dead_at, self.due_at, self.attempts = None, None, 0


def counts(rows: Iterable[LeasedRow[T]], now: datetime) -> tuple[int, int, int, int]:
    """(due, backing off, leased, dead) at ``now``."""
    rows = list(rows)
    live = [row for row in rows if row.dead_at is None]
    leased = sum(1 for row in live if row.lease_until is not None and row.lease_until > now)
    due = sum(1 for row in live if row.claimable(now))
    return due, len(live) - leased - due, leased, len(rows) - len(live)
