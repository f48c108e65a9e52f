"""Reports in SQL, mapped explicitly, saved under a version check; strikes; the moderation unit of work over
identity's."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import attrs
from sqlalchemy import Connection, Row, insert, select
from sqlalchemy.exc import IntegrityError

from adapters.sqlalchemy.identity import SqlAlchemyIdentityUnitOfWork
from adapters.sqlalchemy.keyed_rows import OnConnection, insert_new, one, update_versioned
from adapters.sqlalchemy.tables.moderation import moderation_reports as reports
from adapters.sqlalchemy.tables.moderation import moderation_strikes as strikes
from adapters.sqlalchemy.tables.moderation import moderation_takedowns as takedowns
from core.moderation.model import Action, Decision, ReasonCode, Report, ReportStatus, TargetKind
from core.moderation.ports import QueueFilter
from core.moderation.strikes import Strike
from core.moderation.takedowns import CounterNotice, Notice, Takedown, TakedownStatus


def _row(report: Report) -> dict[str, Any]:
    d = report.decision
    decision = None if d is None else {"action": d.action.value, "reason": d.reason, "by": d.by,
                                       "at": d.at.isoformat(), "approved_by": d.approved_by}  # fmt: skip
    return {
        "id": report.id, "reporter_id": report.reporter_id, "target_kind": report.target_kind.value,
        "target_id": report.target_id, "reason": report.reason.value, "body": report.text,
        "status": report.status.value, "assignee_id": report.assignee_id, "decision": decision,
        "created_at": report.created_at, "updated_at": report.updated_at or report.created_at,
        "version": report.version, "responsible_id": report.responsible_id,
    }  # fmt: skip


def _report(row: Row[Any]) -> Report:
    d = row.decision
    decision = None if d is None else Decision(Action(d["action"]), d["reason"], d["by"],
                                               datetime.fromisoformat(d["at"]), d["approved_by"])  # fmt: skip
    return Report(
        id=row.id, reporter_id=row.reporter_id, target_kind=TargetKind(row.target_kind), target_id=row.target_id,
        reason=ReasonCode(row.reason), text=row.body, created_at=row.created_at, status=ReportStatus(row.status),
        assignee_id=row.assignee_id, decision=decision, updated_at=row.updated_at, version=row.version,
        responsible_id=row.responsible_id,
    )  # fmt: skip


class SqlAlchemyReportRepository(OnConnection):
    def add(self, report: Report) -> None:
        report.version = 1
        insert_new(self._connection, reports, _row(report), "report", report.id)

    def get(self, report_id: str) -> Report:
        return _report(one(self._connection, reports, "report", report_id))

    def save(self, report: Report) -> None:
        values = _row(report)
        del values["id"]
        values["version"] = report.version + 1
        update_versioned(self._connection, reports, "report", report.id, report.version, values)
        report.version += 1

    def queue(self, where: QueueFilter) -> Sequence[Report]:
        query = select(reports)
        if where.status is not None:
            query = query.where(reports.c.status == where.status.value)
        if where.target_kind is not None:
            query = query.where(reports.c.target_kind == where.target_kind.value)
        if where.assignee_id is not None:
            query = query.where(reports.c.assignee_id == where.assignee_id)
        if where.target_id is not None:
            query = query.where(reports.c.target_id == where.target_id)
        if where.reporter_id is not None:
            query = query.where(reports.c.reporter_id == where.reporter_id)
        if where.responsible_id is not None:
            query = query.where(reports.c.responsible_id == where.responsible_id)
        query = query.order_by(reports.c.created_at, reports.c.id).limit(where.limit)
        return [_report(row) for row in self._connection.execute(query)]


class SqlAlchemyStrikeRepository(OnConnection):
    def add(self, strike: Strike) -> bool:
        values = attrs.asdict(strike)
        try:
            with self._connection.begin_nested():
                self._connection.execute(insert(strikes).values(values))
        except IntegrityError:  # the strike of this report is already there
            return False
        return True

    def of_user(self, user_id: str) -> Sequence[Strike]:
        query = select(strikes).where(strikes.c.user_id == user_id).order_by(strikes.c.issued_at, strikes.c.id)
        return [
            Strike(r.id, r.user_id, r.report_id, r.action, r.issued_at, r.expires_at)
            for r in self._connection.execute(query)
        ]


def _takedown_row(t: Takedown) -> dict[str, Any]:
    counter = None if t.counter is None else {**attrs.asdict(t.counter), "at": t.counter.at.isoformat()}
    return {
        "id": t.id, "status": t.status.value, "target_kind": t.target_kind, "target_id": t.target_id,
        "notice": attrs.asdict(t.notice), "received_at": t.received_at, "acknowledged_at": t.acknowledged_at,
        "acted_at": t.acted_at, "staff_id": t.staff_id, "reason": t.reason, "counter": counter,
        "restorable_at": t.restorable_at, "proposed_by": t.proposed_by, "proposed_at": t.proposed_at,
        "version": t.version,
    }  # fmt: skip


def _takedown(row: Row[Any]) -> Takedown:
    c = row.counter
    counter = None if c is None else CounterNotice(c["owner_id"], c["statement"], c["signature"],
                                                   datetime.fromisoformat(c["at"]))  # fmt: skip
    return Takedown(
        id=row.id, notice=Notice(**row.notice), target_kind=row.target_kind, target_id=row.target_id,
        received_at=row.received_at, status=TakedownStatus(row.status), acknowledged_at=row.acknowledged_at,
        acted_at=row.acted_at, staff_id=row.staff_id, reason=row.reason, counter=counter,
        restorable_at=row.restorable_at, proposed_by=row.proposed_by, proposed_at=row.proposed_at,
        version=row.version,
    )  # fmt: skip


class SqlAlchemyTakedownRepository(OnConnection):
    def add(self, takedown: Takedown) -> None:
        takedown.version = 1
        insert_new(self._connection, takedowns, _takedown_row(takedown), "takedown", takedown.id)

    def get(self, takedown_id: str) -> Takedown:
        return _takedown(one(self._connection, takedowns, "takedown", takedown_id))

    def save(self, takedown: Takedown) -> None:
        values = _takedown_row(takedown)
        del values["id"]
        values["version"] = takedown.version + 1
        update_versioned(self._connection, takedowns, "takedown", takedown.id, takedown.version, values)
        takedown.version += 1

    def queue(self, statuses: frozenset[TakedownStatus], limit: int) -> Sequence[Takedown]:
        query = select(takedowns)
        if statuses:
            query = query.where(takedowns.c.status.in_(sorted(s.value for s in statuses)))
        query = query.order_by(takedowns.c.received_at, takedowns.c.id).limit(limit)
        return [_takedown(row) for row in self._connection.execute(query)]


class SqlAlchemyModerationUnitOfWork(SqlAlchemyIdentityUnitOfWork):
    """Reports, with the identity repositories (accounts, the audit log) on the same transaction."""

    reports: SqlAlchemyReportRepository
    strikes: SqlAlchemyStrikeRepository
    takedowns: SqlAlchemyTakedownRepository
    begin_after_commit = True

    def _bind(self, connection: Connection) -> None:
        super()._bind(connection)
        self.reports = SqlAlchemyReportRepository(connection)
        self.strikes = SqlAlchemyStrikeRepository(connection)
        self.takedowns = SqlAlchemyTakedownRepository(connection)
