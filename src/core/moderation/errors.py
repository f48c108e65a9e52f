"""Moderation errors: a report already decided, the dual-control rules, a takedown step out of order, a failed
CAPTCHA."""

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


@attrs.define
class TakedownDualControl(DomainError):
    """A takedown removal needs a second staff member: its proposer cannot approve it."""

    code = "dual-control"
    message = "takedown {takedown_id!r}: {reason}"
    takedown_id: str
    reason: str


@attrs.define
class TakedownState(DomainError):
    """The takedown is not at the step this needs (acknowledged twice, restored before the waiting period ...)."""

    code = "takedown-state"
    message = "takedown {takedown_id!r} is {state}: {reason}"
    takedown_id: str
    state: str
    reason: str


@attrs.define
class CaptchaFailed(DomainError):
    """The public form's CAPTCHA answer was missing or refused by its provider."""

    code = "captcha-failed"
    message = "solve the CAPTCHA, then send the form again"
