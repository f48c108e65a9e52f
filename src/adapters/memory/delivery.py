"""The delivery queue in memory: the unit tests' twin of ``adapters.sqlalchemy.delivery``."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from adapters.memory.leased_rows import LeasedRow, counts
from core.delivery.model import Claimed, DeadLetter, Outbound, QueueSummary


class InMemoryDeliveryQueue:
    """``DeliveryQueue`` in a dict, safe across threads (one lock); lost with the process, so never in production."""

    def __init__(self, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._rows: dict[int, LeasedRow[Outbound]] = {}
        self._queued_at: dict[int, datetime] = {}
        self._now = now
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def put(self, message: Outbound) -> None:
        with self._lock:
            message_id = next(self._ids)
            self._rows[message_id], self._queued_at[message_id] = LeasedRow(message), self._now()

    def claim(self, now: datetime, limit: int, lease_until: datetime) -> Sequence[Claimed]:
        with self._lock:
            due = [i for i, row in sorted(self._rows.items()) if row.claimable(now)][:limit]
            for i in due:
                self._rows[i].lease(lease_until)
            return [Claimed(i, self._rows[i].item, self._rows[i].attempts) for i in due]

    def delivered(self, message_id: int) -> None:
        with self._lock:
            self._rows.pop(message_id, None)
            self._queued_at.pop(message_id, None)

    def retry(self, message_id: int, due_at: datetime, reason: str) -> None:
        with self._lock:
            if (row := self._rows.get(message_id)) is not None:
                row.retry(due_at, reason)

    def bury(self, message_id: int, now: datetime, reason: str) -> None:
        with self._lock:
            if (row := self._rows.get(message_id)) is not None:
                row.bury(now, reason)

    def requeue_dead(self) -> int:
        with self._lock:
            dead = [row for row in self._rows.values() if row.dead_at is not None]
            for row in dead:
                row.requeue()
            return len(dead)

    def dead_letters(self, limit: int) -> Sequence[DeadLetter]:
        with self._lock:
            return [
                DeadLetter(i, row.item.channel, row.attempts, row.dead_at, row.last_error)
                for i, row in sorted(self._rows.items())
                if row.dead_at is not None
            ][:limit]

    def summary(self, now: datetime) -> QueueSummary:
        with self._lock:
            due, backing_off, leased, dead = counts(self._rows.values(), now)
        return QueueSummary(due=due, backing_off=backing_off, leased=leased, dead=dead)

    def oldest_waiting(self) -> datetime | None:
        with self._lock:
            waiting = [self._queued_at[i] for i, row in self._rows.items() if row.dead_at is None]
        return min(waiting, default=None)
