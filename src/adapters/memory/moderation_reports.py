"""In-memory reports and strikes (copies in and out) and the moderation unit of work over the identity tables it
shares."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TypeVar

from adapters.memory.identity import InMemoryIdentityUnitOfWork
from adapters.memory.tables import KeyedRepository, OneTable
from adapters.memory.unit_of_work import InMemoryDatabase
from core.moderation.model import Report
from core.moderation.ports import QueueFilter
from core.moderation.strikes import Strike
from core.moderation.takedowns import Takedown, TakedownStatus
from core.shared.unit_of_work import AfterCommit

R = TypeVar("R", Report, Takedown)


class InMemoryReportRepository(KeyedRepository[Report]):
    table_name = "moderation_reports"
    kind = "report"

    def add(self, report: Report) -> None:
        report.version = 1
        self._insert(report.id, _stored(report))

    def save(self, report: Report) -> None:
        self._require_present(report.id, report.version)
        report.version += 1
        self._put(report.id, _stored(report))

    def queue(self, where: QueueFilter) -> Sequence[Report]:
        found = [
            r for r in self._rows.values()
            if (where.status is None or r.status is where.status)
            and (where.target_kind is None or r.target_kind is where.target_kind)
            and (where.assignee_id is None or r.assignee_id == where.assignee_id)
            and (where.target_id is None or r.target_id == where.target_id)
            and (where.reporter_id is None or r.reporter_id == where.reporter_id)
            and (where.responsible_id is None or r.responsible_id == where.responsible_id)
        ]  # fmt: skip
        return copy.deepcopy(sorted(found, key=lambda r: (r.created_at, r.id))[: where.limit])


class InMemoryStrikeRepository(OneTable[Strike]):
    table_name = "moderation_strikes"
    kind = "strike"

    def add(self, strike: Strike) -> bool:
        if strike.id in self._rows:
            return False
        self._put(strike.id, strike)
        return True

    def of_user(self, user_id: str) -> Sequence[Strike]:
        return sorted((s for s in self._rows.values() if s.user_id == user_id), key=lambda s: (s.issued_at, s.id))


class InMemoryTakedownRepository(KeyedRepository[Takedown]):
    table_name = "moderation_takedowns"
    kind = "takedown"

    def add(self, takedown: Takedown) -> None:
        takedown.version = 1
        self._insert(takedown.id, _stored(takedown))

    def save(self, takedown: Takedown) -> None:
        self._require_present(takedown.id, takedown.version)
        takedown.version += 1
        self._put(takedown.id, _stored(takedown))

    def queue(self, statuses: frozenset[TakedownStatus], limit: int) -> Sequence[Takedown]:
        found = [t for t in self._rows.values() if not statuses or t.status in statuses]
        return copy.deepcopy(sorted(found, key=lambda t: (t.received_at, t.id))[:limit])


def _stored(report: R) -> R:
    stored = copy.deepcopy(report)
    stored.pending_events = []
    return stored


class InMemoryModerationUnitOfWork(InMemoryIdentityUnitOfWork):
    """Reports, with the identity tables (accounts, the audit log) of the same database."""

    def __init__(self, database: InMemoryDatabase | None = None, *, after_commit: AfterCommit | None = None) -> None:
        super().__init__(database, after_commit=after_commit)
        self.reports = InMemoryReportRepository(self.database.table)
        self.strikes = InMemoryStrikeRepository(self.database.table)
        self.takedowns = InMemoryTakedownRepository(self.database.table)
