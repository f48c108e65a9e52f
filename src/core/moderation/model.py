"""A report and its decision: filed by a signed-in user, assigned, decided by staff with a reason; destructive
decisions (``DUAL_CONTROL``) are proposed by one staff member and take effect once another approves."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import attrs

from core.moderation.errors import DualControl, ReportDecided
from core.moderation.events import ReportResolved
from core.shared.errors import InvalidInput
from core.shared.events import Event
from core.shared.text import refusal

MAX_TEXT = 2000


class TargetKind(StrEnum):
    PROFILE = "profile"
    MEDIA = "media"
    REVIEW = "review"
    MESSAGE = "message"


class ReasonCode(StrEnum):
    SPAM = "spam"
    HARASSMENT = "harassment"
    HATE = "hate"
    NUDITY = "nudity"
    VIOLENCE = "violence"
    SCAM = "scam"
    IMPERSONATION = "impersonation"
    COPYRIGHT = "copyright"
    OTHER = "other"


class Action(StrEnum):
    DISMISS = "dismiss"
    HIDE = "hide"
    REMOVE = "remove"
    WARN = "warn"
    SUSPEND = "suspend"


class ReportStatus(StrEnum):
    OPEN = "open"
    AWAITING_APPROVAL = "awaiting_approval"
    DECIDED = "decided"


DUAL_CONTROL = frozenset({Action.SUSPEND, Action.REMOVE})  # destructive: a second staff member approves


@attrs.frozen
class Decision:
    action: Action
    reason: str
    by: str  # the staff user who decided (or proposed)
    at: datetime
    approved_by: str | None = None


@attrs.define
class Report:
    """The aggregate: one report of one target by one user, through the staff queue to its decision."""

    id: str
    reporter_id: str
    target_kind: TargetKind
    target_id: str
    reason: ReasonCode
    text: str
    created_at: datetime
    status: ReportStatus = ReportStatus.OPEN
    assignee_id: str | None = None
    decision: Decision | None = None
    updated_at: datetime | None = None
    version: int = 0
    responsible_id: str | None = None  # who answered for the target when it was filed; None before 0022b
    pending_events: list[Event] = attrs.field(factory=list, eq=False, repr=False)

    @classmethod
    def file(cls, report_id: str, reporter_id: str, target_kind: TargetKind, target_id: str, reason: ReasonCode,
             text: str, now: datetime, responsible_id: str | None = None) -> Report:  # fmt: skip
        """A new open report; ``responsible_id`` is the account answering for the target (``Offenders``), if any.
        Raises ``InvalidInput`` for an empty target or unsafe or too long text."""
        if not target_id.strip():
            raise InvalidInput("target_id", "must not be empty")
        stripped = text.strip()
        if len(stripped) > MAX_TEXT:
            raise InvalidInput("text", f"at most {MAX_TEXT} characters")
        if (why := refusal(stripped, multiline=True)) is not None:
            raise InvalidInput("text", why)
        return cls(report_id, reporter_id, target_kind, target_id.strip(), reason, stripped, now, updated_at=now,
                   responsible_id=responsible_id)  # fmt: skip

    def assign(self, assignee_id: str | None, now: datetime) -> None:
        self._ensure_open()
        self.assignee_id, self.updated_at = assignee_id, now

    def decide(self, action: Action, reason: str, staff_id: str, now: datetime) -> None:
        """Decide; a ``DUAL_CONTROL`` action waits for another staff member's ``approve``. Raises ``ReportDecided``,
        ``InvalidInput`` (no reason)."""
        self._ensure_open()
        if not reason.strip():
            raise InvalidInput("reason", "say why")
        self.decision, self.updated_at = Decision(action, reason.strip(), staff_id, now), now
        if action in DUAL_CONTROL:
            self.status = ReportStatus.AWAITING_APPROVAL
        else:
            self._resolve()

    def approve(self, staff_id: str, now: datetime) -> None:
        """A second staff member approves the proposed decision. Raises ``DualControl``."""
        if self.status is not ReportStatus.AWAITING_APPROVAL or self.decision is None:
            raise DualControl(self.id, "there is no proposed decision to approve")
        if self.decision.by == staff_id:
            raise DualControl(self.id, "the proposer cannot approve their own decision")
        self.decision, self.updated_at = attrs.evolve(self.decision, approved_by=staff_id), now
        self._resolve()

    def pull_events(self) -> list[Event]:
        events, self.pending_events = self.pending_events, []
        return events

    def _ensure_open(self) -> None:
        if self.status is not ReportStatus.OPEN:
            raise ReportDecided(self.id, self.status.value)

    def _resolve(self) -> None:
        assert self.decision is not None
        self.status = ReportStatus.DECIDED
        self.pending_events.append(ReportResolved(
            report_id=self.id, reporter_id=self.reporter_id, target_kind=self.target_kind.value,
            target_id=self.target_id, action=self.decision.action.value, at=self.decision.at,
        ))  # fmt: skip
