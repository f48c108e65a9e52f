"""Takedown handlers: a notice is checked (fields, then the CAPTCHA) before anything is stored; staff acknowledge,
act (a removal proposed by one, approved by another) and restore, each step audited in the same transaction; only
the target's owner files a counter-notice."""

from __future__ import annotations

from datetime import datetime

import attrs

from core.identity.errors import RateLimited
from core.identity.service_ports import CaptchaVerifier
from core.moderation.errors import CaptchaFailed
from core.moderation.model import TargetKind
from core.moderation.ports import ModerationUnitOfWork, Offenders
from core.moderation.takedown_commands import (
    AcknowledgeTakedown,
    ActOnTakedown,
    ApproveTakedownRemoval,
    CounterTakedown,
    FileTakedown,
    RestoreTakedown,
)  # fmt: skip
from core.moderation.takedowns import (
    Deadlines,
    Notice,
    Takedown,
    TakedownLimits,
    TakedownSla,
    TakedownStatus,
    deadlines,
)
from core.shared.actor import Actor, require_staff
from core.shared.audit import AuditRecord
from core.shared.clock import Clock, IdGenerator
from core.shared.errors import NotFound
from core.shared.rate_limit import RateLimiter

OPEN = frozenset({TakedownStatus.RECEIVED, TakedownStatus.ACKNOWLEDGED, TakedownStatus.PROPOSED,
                  TakedownStatus.COUNTERED})  # fmt: skip


def file_takedown(command: FileTakedown, uow: ModerationUnitOfWork, clock: Clock, ids: IdGenerator,
                  captcha: CaptchaVerifier, limiter: RateLimiter, limits: TakedownLimits) -> Takedown:  # fmt: skip
    """Anyone files a notice; its target is hidden at once (``TakedownChanged``). Every attempt counts against the
    client address first (``limits``). Raises ``RateLimited`` (429 + Retry-After), ``InvalidInput``,
    ``CaptchaFailed``; nothing is stored then."""
    if limits.per_address > 0:
        decision = limiter.hit(f"takedown-ip:{command.remote_ip}", limits.per_address, limits.window_s, clock.now())
        if not decision.allowed:
            raise RateLimited("takedown-ip", max(1, decision.retry_after_s))
    notice = Notice.validated(command.claimant_name, command.claimant_email, command.work, command.target,
                              command.good_faith, command.accurate, command.signature)  # fmt: skip
    takedown = Takedown.file(ids.new_id("tkd"), notice, clock.now())
    if not command.captcha_token or not captcha.verify(command.captcha_token, command.remote_ip):
        raise CaptchaFailed()
    with uow:
        uow.takedowns.add(takedown)
        _record(uow, takedown)
        uow.commit()
    return takedown


def acknowledge_takedown(command: AcknowledgeTakedown, uow: ModerationUnitOfWork, clock: Clock) -> Takedown:
    """Staff acknowledge a received notice. Raises ``StaffOnly``, ``NotFound``, ``TakedownState``."""
    staff, now = _staff_id(command.actor), clock.now()
    with uow:
        takedown = uow.takedowns.get(command.takedown_id)
        takedown.acknowledge(staff, now)
        return _saved(uow, takedown, staff, "takedown.acknowledge", now)


def act_on_takedown(command: ActOnTakedown, uow: ModerationUnitOfWork, clock: Clock) -> Takedown:
    """Staff propose removing the target (``approve_takedown_removal`` by another removes it) or reject the notice,
    with a reason. Raises ``StaffOnly``, ``NotFound``, ``TakedownState``, ``InvalidInput``."""
    staff, now = _staff_id(command.actor), clock.now()
    with uow:
        takedown = uow.takedowns.get(command.takedown_id)
        takedown.act(command.remove, command.reason, staff, now)
        step = "takedown.propose_removal" if command.remove else "takedown.reject"
        return _saved(uow, takedown, staff, step, now, ("reason", takedown.reason))


def approve_takedown_removal(command: ApproveTakedownRemoval, uow: ModerationUnitOfWork, clock: Clock) -> Takedown:
    """A second staff member approves the proposed removal; the audit chain holds the proposal and the approval.
    Raises ``StaffOnly``, ``NotFound``, ``TakedownState`` (nothing proposed), ``TakedownDualControl`` (the
    proposer)."""
    staff, now = _staff_id(command.actor), clock.now()
    with uow:
        takedown = uow.takedowns.get(command.takedown_id)
        takedown.approve_removal(staff, now)
        proposer = ("proposed_by", takedown.proposed_by or "")
        return _saved(uow, takedown, staff, "takedown.approve_removal", now, proposer, ("reason", takedown.reason))


def counter_takedown(command: CounterTakedown, uow: ModerationUnitOfWork, clock: Clock, offenders: Offenders,
                     sla: TakedownSla) -> Takedown:  # fmt: skip
    """The target's owner files a counter-notice; the target can be restored after ``sla.counter_wait``. Raises
    ``NotFound`` for anyone else (as for an unknown id), ``TakedownState``, ``InvalidInput``."""
    now = clock.now()
    with uow:
        takedown = uow.takedowns.get(command.takedown_id)
        owner = offenders.account_of(TargetKind(takedown.target_kind), takedown.target_id)
        if owner is None or not command.actor.is_user(owner):
            raise NotFound("takedown", command.takedown_id)
        takedown.counter_notice(owner, command.statement, command.signature, sla, now)
        return _saved(uow, takedown, owner, "takedown.counter_notice", now)


def restore_takedown(command: RestoreTakedown, uow: ModerationUnitOfWork, clock: Clock) -> Takedown:
    """Staff restore a countered target once the waiting period passed. Raises ``StaffOnly``, ``NotFound``,
    ``TakedownState``."""
    staff, now = _staff_id(command.actor), clock.now()
    with uow:
        takedown = uow.takedowns.get(command.takedown_id)
        takedown.restore(staff, now)
        return _saved(uow, takedown, staff, "takedown.restore", now)


@attrs.frozen
class QueuedTakedown:
    takedown: Takedown
    deadlines: Deadlines


def takedown_queue(uow: ModerationUnitOfWork, actor: Actor, statuses: frozenset[TakedownStatus], limit: int,
                   sla: TakedownSla, now: datetime) -> list[QueuedTakedown]:  # fmt: skip
    """Staff's takedown queue (open ones by default), oldest first, each with its SLA deadlines. Raises
    ``StaffOnly``."""
    require_staff(actor)
    with uow.reading():
        found = uow.takedowns.queue(statuses or OPEN, limit)
    return [QueuedTakedown(t, deadlines(t, sla, now)) for t in found]


def takedown_for_staff(uow: ModerationUnitOfWork, actor: Actor, takedown_id: str, sla: TakedownSla,
                       now: datetime) -> QueuedTakedown:  # fmt: skip
    """One takedown with its notice and deadlines (staff only). Raises ``StaffOnly``, ``NotFound``."""
    require_staff(actor)
    with uow.reading():
        takedown = uow.takedowns.get(takedown_id)
    return QueuedTakedown(takedown, deadlines(takedown, sla, now))


def _staff_id(actor: Actor) -> str:
    require_staff(actor)
    return actor.user_id or "operator"


def _record(uow: ModerationUnitOfWork, takedown: Takedown) -> None:
    for event in takedown.pull_events():
        uow.record(event)


def _saved(uow: ModerationUnitOfWork, takedown: Takedown, by: str, step: str, now: datetime,
           *details: tuple[str, str]) -> Takedown:  # fmt: skip
    target = ("target", f"{takedown.target_kind}:{takedown.target_id}")
    uow.audit.append(AuditRecord(by, step, takedown.id, now, "", (target, *details)))
    uow.takedowns.save(takedown)
    _record(uow, takedown)
    uow.commit()
    return takedown
