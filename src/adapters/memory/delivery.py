"""The delivery queue in memory: the unit tests' twin of ``adapters.sqlalchemy.delivery``."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Sequence
from datetime import datetime

import attrs

from core.delivery.model import REASON_CHARS, Claimed, DeadLetter, Outbound, QueueSummary


@attrs.define
class _Row:
    message: Outbound
    attempts: int = 0
    due_at: datetime | None = None  # None: due at once
    lease_until: datetime | None = None
    dead_at: datetime | None = None
    last_error: str | None = None


class InMemoryDeliveryQueue:
    """``DeliveryQueue`` in a dict, safe across threads (one lock); lost with the process, so never in production."""

    def __init__(self) -> None:
        self._rows: dict[int, _Row] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def put(self, message: Outbound) -> None:
        with self._lock:
            self._rows[next(self._ids)] = _Row(message)

    def claim(self, now: datetime, limit: int, lease_until: datetime) -> Sequence[Claimed]:
        with self._lock:
            due = [i for i, row in sorted(self._rows.items()) if _claimable(row, now)][:limit]
            for i in due:
                row = self._rows[i]
                row.attempts += 1
                row.lease_until = lease_until
            return [Claimed(i, self._rows[i].message, self._rows[i].attempts) for i in due]

    def delivered(self, message_id: int) -> None:
        with self._lock:
            self._rows.pop(message_id, None)

    def retry(self, message_id: int, due_at: datetime, reason: str) -> None:
        with self._lock:
            if (row := self._rows.get(message_id)) is not None:
                row.due_at, row.lease_until, row.last_error = due_at, None, reason[:REASON_CHARS]

    def bury(self, message_id: int, now: datetime, reason: str) -> None:
        with self._lock:
            if (row := self._rows.get(message_id)) is not None:
                row.dead_at, row.lease_until, row.last_error = now, None, reason[:REASON_CHARS]

    def requeue_dead(self) -> int:
        with self._lock:
            dead = [row for row in self._rows.values() if row.dead_at is not None]
            for row in dead:
                row.dead_at, row.due_at, row.attempts = None, None, 0
            return len(dead)

    def dead_letters(self, limit: int) -> Sequence[DeadLetter]:
        with self._lock:
            return [
                DeadLetter(i, row.message.channel, row.attempts, row.dead_at, row.last_error)
                for i, row in sorted(self._rows.items())
                if row.dead_at is not None
            ][:limit]

    def summary(self, now: datetime) -> QueueSummary:
        with self._lock:
            rows = list(self._rows.values())
        live = [row for row in rows if row.dead_at is None]
        leased = [row for row in live if row.lease_until is not None and row.lease_until > now]
        due = [row for row in live if _claimable(row, now)]
        return QueueSummary(
            due=len(due), backing_off=len(live) - len(leased) - len(due), leased=len(leased), dead=len(rows) - len(live)
        )


def _claimable(row: _Row, now: datetime) -> bool:
    return (
        row.dead_at is None
        and (row.due_at is None or row.due_at <= now)
        and (row.lease_until is None or row.lease_until <= now)
    )
