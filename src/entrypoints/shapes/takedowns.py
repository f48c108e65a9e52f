"""Takedown request and response bodies: the public notice, staff's steps, the owner's counter-notice, and the
staff queue's view of a notice with its SLA deadlines."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import attrs

from core.moderation.takedown_handlers import QueuedTakedown
from core.moderation.takedowns import Takedown
from entrypoints.shapes.bounds import LINE, Email, Prose, Reason, Token, Url

Line = Annotated[str, LINE]


@attrs.frozen
class TakedownIn:
    """A copyright notice: who claims, the work, where the copy is (URL or id), both statements, a signature."""

    claimantName: Line
    claimantEmail: Email
    work: Prose
    target: Url  # the infringing media's or profile's URL on this site, or its id (med_..., prf_...)
    goodFaith: bool  # a good-faith belief that the use is not authorised by the owner, its agent or the law
    accurate: bool  # the notice is accurate and, under penalty of perjury, you may act for the owner
    signature: Line  # your full name as a signature
    captchaToken: Token


@attrs.frozen
class NoticeFiledOut:
    """What the claimant learns at once: the notice's id, its status and by when staff acknowledge it."""

    id: str
    status: str
    acknowledgeBy: datetime


@attrs.frozen
class ActIn:
    action: Line  # remove | reject
    reason: Reason


@attrs.frozen
class CounterNoticeIn:
    statement: Prose  # why the removal is a mistake or misidentification, consent to jurisdiction
    signature: Line


@attrs.frozen
class TakedownOut:
    id: str
    status: str
    targetKind: str
    targetId: str
    claimantName: str
    claimantEmail: str
    work: str
    target: str
    receivedAt: datetime
    acknowledgedAt: datetime | None
    actedAt: datetime | None
    acknowledgeBy: datetime
    actBy: datetime
    acknowledgeLate: bool
    actLate: bool
    reason: str
    counterStatement: str | None
    restorableAt: datetime | None

    @classmethod
    def of(cls, queued: QueuedTakedown) -> TakedownOut:
        t, d = queued.takedown, queued.deadlines
        return cls(t.id, t.status.value, t.target_kind, t.target_id, t.notice.claimant_name, t.notice.claimant_email,
                   t.notice.work, t.notice.target, t.received_at, t.acknowledged_at, t.acted_at, d.acknowledge_by,
                   d.act_by, d.acknowledge_late, d.act_late, t.reason,
                   None if t.counter is None else t.counter.statement, t.restorable_at)  # fmt: skip


@attrs.frozen
class CounteredOut:
    """What the owner learns: the notice's status and from when staff may restore the item."""

    id: str
    status: str
    restorableAt: datetime | None

    @classmethod
    def of(cls, takedown: Takedown) -> CounteredOut:
        return cls(takedown.id, takedown.status.value, takedown.restorable_at)
