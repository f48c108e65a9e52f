"""Moderation handlers: anyone signed in files a report; staff assign, decide and approve. One unit of work per
command; every staff act is appended to the hash-chained audit log in the same transaction. A final decision
against someone (warn, hide, remove, suspend) adds a strike to the account responsible in the same transaction, and
an ``AccountRestricted`` event when that raises the account's restriction."""

from __future__ import annotations

from datetime import datetime

from core.moderation.commands import ApproveDecision, AssignReport, DecideReport, FileReport
from core.moderation.events import AccountRestricted
from core.moderation.model import Report, ReportStatus
from core.moderation.ports import ModerationUnitOfWork, Offenders, QueueFilter
from core.moderation.strikes import Restriction, StrikePolicy, restriction, strike_for, strike_id_of
from core.shared.actor import Actor, require_staff
from core.shared.audit import AuditRecord
from core.shared.clock import Clock, IdGenerator
from core.shared.errors import InvalidInput, NotFound


def file_report(command: FileReport, uow: ModerationUnitOfWork, clock: Clock, ids: IdGenerator,
                offenders: Offenders) -> Report:  # fmt: skip
    """A signed-in user reports a target; the report names the account answering for it as it is filed (the
    user history finds it there, open or decided). Raises ``NotFound("account", ...)`` for an anonymous caller
    (the edge answers 401 first), ``InvalidInput``."""
    reporter = command.actor.user_id
    if reporter is None:
        raise NotFound("account", "anonymous")
    responsible = offenders.account_of(command.target_kind, command.target_id.strip())
    report = Report.file(ids.new_id("rpt"), reporter, command.target_kind, command.target_id, command.reason,
                         command.text, clock.now(), responsible)  # fmt: skip
    with uow:
        uow.reports.add(report)
        uow.commit()
    return report


def assign_report(command: AssignReport, uow: ModerationUnitOfWork, clock: Clock) -> Report:
    """Staff take a report or hand it to another staff member. Raises ``StaffOnly``, ``NotFound``,
    ``InvalidInput`` (the assignee is no staff member), ``ReportDecided``."""
    staff = _staff_id(command.actor)
    now = clock.now()
    with uow:
        report = uow.reports.get(command.report_id)
        assignee = command.assignee_id or staff
        if assignee != staff:
            user = uow.users.get(assignee)
            if user is None or not user.staff_roles:
                raise InvalidInput("assignee_id", "assign a report to a staff member")
        report.assign(assignee, now)
        _audit(uow, staff, "report.assign", report, now, ("assignee", assignee))
        return _saved(uow, report)


def decide_report(command: DecideReport, uow: ModerationUnitOfWork, clock: Clock, offenders: Offenders,
                  policy: StrikePolicy) -> Report:  # fmt: skip
    """Staff decide with a reason; a dual-control action waits for another's approval. Raises ``StaffOnly``,
    ``NotFound``, ``ReportDecided``, ``InvalidInput``."""
    staff = _staff_id(command.actor)
    now = clock.now()
    with uow:
        report = uow.reports.get(command.report_id)
        report.decide(command.action, command.reason, staff, now)
        step = "report.decide" if report.status.value == "decided" else "report.propose"
        _audit(uow, staff, step, report, now, ("action", command.action.value), ("reason", command.reason.strip()))
        _strike(uow, report, offenders, policy, staff, now)
        return _saved(uow, report)


def approve_decision(command: ApproveDecision, uow: ModerationUnitOfWork, clock: Clock, offenders: Offenders,
                     policy: StrikePolicy) -> Report:  # fmt: skip
    """A second staff member approves a proposed decision. Raises ``StaffOnly``, ``NotFound``, ``DualControl``."""
    staff = _staff_id(command.actor)
    now = clock.now()
    with uow:
        report = uow.reports.get(command.report_id)
        report.approve(staff, now)
        action = report.decision.action.value if report.decision else ""
        _audit(uow, staff, "report.approve", report, now, ("action", action))
        _strike(uow, report, offenders, policy, staff, now)
        return _saved(uow, report)


def staff_queue(uow: ModerationUnitOfWork, actor: Actor, where: QueueFilter) -> list[Report]:
    """The staff queue. Raises ``StaffOnly`` for anyone else."""
    require_staff(actor)
    with uow.reading():
        return list(uow.reports.queue(where))


def report_for_staff(uow: ModerationUnitOfWork, actor: Actor, report_id: str) -> Report:
    """One report with its decision (staff only). Raises ``StaffOnly``, ``NotFound``."""
    require_staff(actor)
    with uow.reading():
        return uow.reports.get(report_id)


def _staff_id(actor: Actor) -> str:
    require_staff(actor)
    return actor.user_id or "operator"


def _audit(uow: ModerationUnitOfWork, staff: str, action: str, report: Report, now: datetime,
           *details: tuple[str, str]) -> None:  # fmt: skip
    target = ("target", f"{report.target_kind.value}:{report.target_id}")
    uow.audit.append(AuditRecord(staff, action, report.id, now, "", (target, *details)))


def account_restriction(uow: ModerationUnitOfWork, policy: StrikePolicy, user_id: str, now: datetime) -> Restriction:
    """What ``user_id``'s strikes active at ``now`` restrict (the ``Restrictions`` other contexts ask)."""
    with uow.reading():
        return restriction(policy, uow.strikes.of_user(user_id), now)


def _strike(uow: ModerationUnitOfWork, report: Report, offenders: Offenders, policy: StrikePolicy, staff: str,
            now: datetime) -> None:  # fmt: skip
    """A final decision's strike against the account responsible for the target (one per target and action),
    audited; an ``AccountRestricted`` when it raises the account's restriction."""
    if report.status is not ReportStatus.DECIDED or report.decision is None:
        return
    offender = offenders.account_of(report.target_kind, report.target_id)
    action = report.decision.action.value
    strike_id = strike_id_of(report.target_kind.value, report.target_id, action)
    strike = None if offender is None else strike_for(policy, strike_id, offender, report.id, action, now)
    if strike is None:
        return
    before = restriction(policy, uow.strikes.of_user(strike.user_id), now)
    if not uow.strikes.add(strike):
        return
    after = restriction(policy, uow.strikes.of_user(strike.user_id), now)
    _audit(uow, staff, "account.strike", report, now, ("account", strike.user_id),
           ("expires_at", strike.expires_at.isoformat()), ("restriction", after.label))  # fmt: skip
    if after > before:
        uow.record(AccountRestricted(user_id=strike.user_id, restriction=after.label, previous=before.label, at=now))


def _saved(uow: ModerationUnitOfWork, report: Report) -> Report:
    uow.reports.save(report)
    for event in report.pull_events():
        uow.record(event)
    uow.commit()
    return report
