"""What the staff console reads of a report: the report, the reported target as it stands now (``Evidence``) and
the earlier reports of the same target with their decisions. Staff only."""

from __future__ import annotations

import attrs

from core.moderation.evidence import Evidence
from core.moderation.model import Report
from core.moderation.ports import ModerationUnitOfWork, QueueFilter, ReportEvidence
from core.shared.actor import Actor, require_staff

EARLIER_LIMIT = 50


@attrs.frozen
class ReportCase:
    """A report with its evidence and the other reports of its target (oldest first, at most ``EARLIER_LIMIT``)."""

    report: Report
    evidence: Evidence
    others: tuple[Report, ...]


def report_case(uow: ModerationUnitOfWork, actor: Actor, report_id: str, evidence: ReportEvidence) -> ReportCase:
    """The report ``report_id`` for staff. Raises ``StaffOnly``, ``NotFound``."""
    require_staff(actor)
    with uow.reading():
        report = uow.reports.get(report_id)
        about = QueueFilter(status=None, target_kind=report.target_kind, target_id=report.target_id,
                            limit=EARLIER_LIMIT + 1)  # fmt: skip
        others = tuple(r for r in uow.reports.queue(about) if r.id != report.id)[:EARLIER_LIMIT]
    return ReportCase(report, evidence.evidence_of(report.target_kind, report.target_id), others)
