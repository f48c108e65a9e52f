"""A copyright (DMCA) takedown notice: filed by anyone, its media hidden while pending, acknowledged and acted on
by staff within the SLA (``TakedownSla``, data), answered by the owner's counter-notice, restored by staff once
the waiting period has passed. A removal is destructive, so under dual control: one staff member proposes it, a
second approves it, and only then is it acted on. Pure."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from enum import StrEnum

import attrs

from core.moderation.errors import TakedownDualControl, TakedownState
from core.moderation.events import TakedownChanged, TakedownStepped
from core.shared.errors import InvalidInput
from core.shared.events import Event
from core.shared.text import refusal

MAX_LINE, MAX_TEXT = 300, 5000
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TARGET_ID = re.compile(r"\b((?:med|prf)_[A-Za-z0-9_-]{1,72})\b")  # an id, alone or in a URL of ours


class TakedownStatus(StrEnum):
    RECEIVED = "received"  # media hidden; staff must acknowledge
    ACKNOWLEDGED = "acknowledged"  # staff must act
    PROPOSED = "proposed"  # one staff member proposed removal: a second must approve (or reject the notice)
    REMOVED = "removed"  # acted on: stays down unless the owner counters
    REJECTED = "rejected"  # not a valid notice: the media is back
    COUNTERED = "countered"  # the owner's counter-notice: restorable after the waiting period
    RESTORED = "restored"  # back up after the counter-notice


@attrs.frozen
class TakedownSla:
    """How long staff have: to acknowledge a notice, to act on it; how long a counter-notice waits to restore."""

    acknowledge_within: timedelta = timedelta(hours=24)
    act_within: timedelta = timedelta(hours=72)
    counter_wait: timedelta = timedelta(days=10)


@attrs.frozen
class TakedownLimits:
    """Notices one client address may file per ``window_s`` (0: no limit), beyond the CAPTCHA."""

    per_address: int = 10
    window_s: int = 3600


@attrs.frozen
class Notice:
    """What the claimant swore to: who they are, the work, where the copy is, both statements and a signature."""

    claimant_name: str
    claimant_email: str
    work: str
    target: str  # the URL or id as given
    good_faith: bool
    accurate: bool
    signature: str

    @classmethod
    def validated(cls, claimant_name: str, claimant_email: str, work: str, target: str, good_faith: bool,
                  accurate: bool, signature: str) -> Notice:  # fmt: skip
        """A notice, each field checked. Raises ``InvalidInput`` naming the first bad one."""
        name, email = _line("claimantName", claimant_name), _line("claimantEmail", claimant_email)
        if not EMAIL.match(email):
            raise InvalidInput("claimantEmail", "an email address")
        if not good_faith:
            raise InvalidInput("goodFaith", "state your good-faith belief that the use is not authorised")
        if not accurate:
            raise InvalidInput("accurate", "state, under penalty of perjury, that the notice is accurate")
        sign = _line("signature", signature)
        return cls(name, email, _text("work", work), _line("target", target, 2048), good_faith, accurate, sign)

    def target_id(self) -> str:
        """The media or profile id the target names. Raises ``InvalidInput``."""
        found = TARGET_ID.search(self.target)
        if found is None:
            raise InvalidInput("target", "the URL or id of a media item (med_...) or profile (prf_...) here")
        return found.group(1)


@attrs.frozen
class CounterNotice:
    owner_id: str
    statement: str
    signature: str
    at: datetime


@attrs.define
class Takedown:
    """The aggregate: one notice through staff's SLA to its outcome, and the counter-notice path."""

    id: str
    notice: Notice
    target_kind: str  # media | profile
    target_id: str
    received_at: datetime
    status: TakedownStatus = TakedownStatus.RECEIVED
    acknowledged_at: datetime | None = None
    acted_at: datetime | None = None
    staff_id: str | None = None
    reason: str = ""
    counter: CounterNotice | None = None
    restorable_at: datetime | None = None
    proposed_by: str | None = None  # who proposed the removal (dual control: never its approver)
    proposed_at: datetime | None = None
    version: int = 0
    pending_events: list[Event] = attrs.field(factory=list, eq=False, repr=False)

    @classmethod
    def file(cls, takedown_id: str, notice: Notice, now: datetime) -> Takedown:
        target_id = notice.target_id()
        kind = "media" if target_id.startswith("med_") else "profile"
        takedown = cls(takedown_id, notice, kind, target_id, now)
        takedown._stepped()
        if kind == "media":  # a media item is hidden while pending; a whole profile only once staff remove it
            takedown._changed(hidden=True)
        return takedown

    def acknowledge(self, staff_id: str, now: datetime) -> None:
        self._require(TakedownStatus.RECEIVED)
        self.status, self.acknowledged_at, self.staff_id = TakedownStatus.ACKNOWLEDGED, now, staff_id
        self._stepped()

    def act(self, remove: bool, reason: str, staff_id: str, now: datetime) -> None:
        """Propose removal (``approve_removal`` by another staff member removes) or reject (shown again; a
        proposed removal may be rejected too); either acknowledges an unacknowledged notice."""
        if remove:
            self._require(TakedownStatus.RECEIVED, TakedownStatus.ACKNOWLEDGED)
        else:
            self._require(TakedownStatus.RECEIVED, TakedownStatus.ACKNOWLEDGED, TakedownStatus.PROPOSED)
        self.reason = _text("reason", reason)
        self.acknowledged_at = self.acknowledged_at or now
        self.staff_id = staff_id
        if remove:
            self.status, self.proposed_by, self.proposed_at = TakedownStatus.PROPOSED, staff_id, now
            self._stepped()
            return
        self.status, self.acted_at = TakedownStatus.REJECTED, now
        self._stepped()
        if self.target_kind == "media":
            self._changed(hidden=False)

    def approve_removal(self, staff_id: str, now: datetime) -> None:
        """A second staff member approves the proposed removal: the target stays (or goes) down. Raises
        ``TakedownState`` when no removal is proposed, ``TakedownDualControl`` for the proposer."""
        self._require(TakedownStatus.PROPOSED)
        if staff_id == self.proposed_by:
            raise TakedownDualControl(self.id, "the proposer cannot approve their own removal")
        self.status, self.acted_at, self.staff_id = TakedownStatus.REMOVED, now, staff_id
        self._stepped()
        if self.target_kind == "profile":
            self._changed(hidden=True)

    def counter_notice(self, owner_id: str, statement: str, signature: str, sla: TakedownSla, now: datetime) -> None:
        self._require(TakedownStatus.REMOVED)
        self.counter = CounterNotice(owner_id, _text("statement", statement), _line("signature", signature), now)
        self.status, self.restorable_at = TakedownStatus.COUNTERED, now + sla.counter_wait
        self._stepped()

    def restore(self, staff_id: str, now: datetime) -> None:
        self._require(TakedownStatus.COUNTERED)
        assert self.restorable_at is not None
        if now < self.restorable_at:
            raise TakedownState(self.id, self.status.value, f"restorable from {self.restorable_at.isoformat()}")
        self.status, self.staff_id = TakedownStatus.RESTORED, staff_id
        self._stepped()
        self._changed(hidden=False)

    def pull_events(self) -> list[Event]:
        events, self.pending_events = self.pending_events, []
        return events

    def _require(self, *allowed: TakedownStatus) -> None:
        if self.status not in allowed:
            raise TakedownState(self.id, self.status.value, f"needs {' or '.join(s.value for s in allowed)}")

    def _stepped(self) -> None:
        self.pending_events.append(TakedownStepped(
            takedown_id=self.id, step=self.status.value, target_kind=self.target_kind, target_id=self.target_id,
            claimant_email=self.notice.claimant_email,
        ))  # fmt: skip

    def _changed(self, hidden: bool) -> None:
        self.pending_events.append(TakedownChanged(takedown_id=self.id, target_kind=self.target_kind,
                                                   target_id=self.target_id, hidden=hidden))  # fmt: skip


@attrs.frozen
class Deadlines:
    """A notice's SLA as the staff queue shows it: when each step is due, and whether it is late now."""

    acknowledge_by: datetime
    act_by: datetime
    acknowledge_late: bool
    act_late: bool


def deadlines(takedown: Takedown, sla: TakedownSla, now: datetime) -> Deadlines:
    ack_by, act_by = takedown.received_at + sla.acknowledge_within, takedown.received_at + sla.act_within
    ack_late = (takedown.acknowledged_at or now) > ack_by
    act_late = (takedown.acted_at or now) > act_by
    return Deadlines(ack_by, act_by, ack_late, act_late)


@attrs.frozen
class Backlog:
    """What waits on staff, per step: how many, how late the oldest is (s, 0 if none), how many are past due."""

    waiting: int
    oldest_age_s: float
    overdue: int


ACTING = frozenset({TakedownStatus.RECEIVED, TakedownStatus.ACKNOWLEDGED, TakedownStatus.PROPOSED})  # not acted on


def backlog(takedowns: list[Takedown], sla: TakedownSla, now: datetime) -> dict[str, Backlog]:
    """The SLA gauges: ``acknowledge`` (notices received, not acknowledged) and ``act`` (not yet acted on)."""
    steps = {
        "acknowledge": ([t for t in takedowns if t.status is TakedownStatus.RECEIVED], sla.acknowledge_within),
        "act": ([t for t in takedowns if t.status in ACTING], sla.act_within),
    }  # fmt: skip
    return {
        step: Backlog(len(found), max(((now - t.received_at).total_seconds() for t in found), default=0.0),
                      sum(1 for t in found if now - t.received_at > within))
        for step, (found, within) in steps.items()
    }  # fmt: skip


def _line(field: str, value: str, limit: int = MAX_LINE) -> str:
    stripped = value.strip()
    if not stripped:
        raise InvalidInput(field, "must not be empty")
    if len(stripped) > limit:
        raise InvalidInput(field, f"at most {limit} characters")
    if (why := refusal(stripped)) is not None:
        raise InvalidInput(field, why)
    return stripped


def _text(field: str, value: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise InvalidInput(field, "must not be empty")
    if len(stripped) > MAX_TEXT:
        raise InvalidInput(field, f"at most {MAX_TEXT} characters")
    if (why := refusal(stripped, multiline=True)) is not None:
        raise InvalidInput(field, why)
    return stripped
