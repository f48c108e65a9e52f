"""Report request and response bodies: what a user reports, and the staff queue's view of a report."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TypeVar

import attrs

from core.moderation.model import Report
from core.shared.errors import InvalidInput
from entrypoints.shapes.bounds import Reason

E = TypeVar("E", bound=StrEnum)


def member(kind: type[E], field: str, value: str) -> E:
    """``value`` as a member of ``kind``; ``InvalidInput`` naming the choices otherwise."""
    try:
        return kind(value)
    except ValueError:
        raise InvalidInput(field, f"one of {', '.join(m.value for m in kind)}") from None


@attrs.frozen
class ReportIn:
    targetKind: str  # profile | media | review | message
    targetId: str
    reason: str  # spam | harassment | hate | nudity | violence | scam | impersonation | copyright | other
    text: Reason = ""


@attrs.frozen
class AssignIn:
    assigneeId: str | None = None  # None: the caller takes it


@attrs.frozen
class DecideIn:
    action: str  # dismiss | hide | remove | warn | suspend
    reason: Reason


@attrs.frozen
class FiledOut:
    """What the reporter learns at once: the report's id and that it is open (the outcome comes by email)."""

    id: str
    status: str


@attrs.frozen
class DecisionOut:
    action: str
    reason: str
    by: str
    at: datetime
    approvedBy: str | None


@attrs.frozen
class ReportOut:
    id: str
    reporterId: str
    targetKind: str
    targetId: str
    reason: str
    text: str
    status: str
    assigneeId: str | None
    decision: DecisionOut | None
    createdAt: datetime

    @classmethod
    def of(cls, report: Report) -> ReportOut:
        d = report.decision
        decision = None if d is None else DecisionOut(d.action.value, d.reason, d.by, d.at, d.approved_by)
        return cls(report.id, report.reporter_id, report.target_kind.value, report.target_id, report.reason.value,
                   report.text, report.status.value, report.assignee_id, decision, report.created_at)  # fmt: skip
