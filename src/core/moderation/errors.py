"""Moderation errors: a report already decided, and the dual-control rules."""

from __future__ import annotations

import attrs

from core.shared.errors import DomainError


@attrs.define
class ReportDecided(DomainError):
    """The report has its decision (or one waiting for approval): it cannot be decided again."""

    code = "report-decided"
    message = "report {report_id!r} is {state}"
    report_id: str
    state: str  # not "status": a problem's member of that name is its HTTP status


@attrs.define
class DualControl(DomainError):
    """A destructive decision needs a second staff member: the proposer cannot approve it, and there must be one."""

    code = "dual-control"
    message = "report {report_id!r}: {reason}"
    report_id: str
    reason: str
