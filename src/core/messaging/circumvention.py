"""The graduated answer to a screened message, as data: nudge, then mask, then hold; never a silent drop.

A first offence in a thread (any finding) is delivered as written, with a reminder to the sender (``NUDGE``); a
contact detail after that is delivered masked, and the sender told why (``MASK``); a third offending message within
24 hours is held for review and the sender cooled down (``HOLD``). Every offending message is counted on the
sender's seat. Once a booking is confirmed its thread allows a phone number (for the day of the shoot).

Repeated reports raise the sender's risk (``ReportRisk``, settings): a sender reported by enough distinct users
lately counts one offence more, so each flagged message of theirs is answered one step further up the ladder
(a first contact detail masked, a second held and the sender cooled down); a message with nothing found is still
delivered as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum

import attrs

from core.messaging.screening import CONTACT_KINDS, Finding, Kind

REPEAT_WINDOW = timedelta(hours=24)
HOLD_AFTER = 2  # offences in the window before this one
COOL_DOWN = timedelta(hours=1)


@attrs.frozen
class ReportRisk:
    """When reports make a sender riskier (settings): ``reporters`` distinct users (0: never) reported them within
    ``window_days`` before now."""

    reporters: int = 3
    window_days: int = 30

    @property
    def window(self) -> timedelta:
        return timedelta(days=self.window_days)

    def raised(self, distinct_reporters: int) -> bool:
        """Whether a sender reported by ``distinct_reporters`` users within the window is answered more strictly."""
        return 0 < self.reporters <= distinct_reporters


class Action(StrEnum):
    DELIVER = "deliver"
    NUDGE = "nudge"  # delivered as written, the sender reminded
    MASK = "mask"  # delivered with contact details masked, the sender told why
    HOLD = "hold"  # kept for review, not shown to the recipient; the sender told and cooled down


@attrs.frozen
class Verdict:
    """What to do with one message, and the kinds of what was found in it."""

    action: Action
    kinds: tuple[Kind, ...] = ()

    @property
    def offending(self) -> bool:
        return self.action is not Action.DELIVER

    @property
    def reminder(self) -> str | None:
        """What the sender is told (never ``None`` unless the message went out as written with nothing found)."""
        return _REMINDERS.get(self.action)


_REMINDERS = {
    Action.NUDGE: "Keep contact and payment on RastUp: bookings made here are protected and refundable.",
    Action.MASK: "Contact details were hidden from the recipient: share them once a booking is confirmed.",
    Action.HOLD: "This message is held for review because contact details were shared repeatedly.",
}


def offending_kinds(findings: Sequence[Finding], *, phone_allowed: bool = False) -> tuple[Kind, ...]:
    """The kinds of ``findings`` that are an offence here (each once, in order): all but a phone number where
    ``phone_allowed``. None: the message goes out as written."""
    return tuple(dict.fromkeys(f.kind for f in findings if not (phone_allowed and f.kind is Kind.PHONE)))


def recent_offences(offences: Sequence[datetime], now: datetime, *, reported: bool = False) -> int:
    """How many of ``offences`` fall within REPEAT_WINDOW of ``now``, one more for a ``reported`` sender."""
    return sum(1 for at in offences if now - at < REPEAT_WINDOW) + (1 if reported else 0)


def verdict(
    findings: Sequence[Finding], offences: Sequence[datetime], now: datetime, *, phone_allowed: bool = False,
    reported: bool = False,
) -> Verdict:  # fmt: skip
    """The answer to a message with ``findings``, from a sender with earlier ``offences`` (instants) in the thread.
    ``phone_allowed``: a confirmed booking's thread, where a phone number is no offence. ``reported``: the sender's
    risk is raised (``ReportRisk``): they count one offence more."""
    kinds = offending_kinds(findings, phone_allowed=phone_allowed)
    if not kinds:
        return Verdict(Action.DELIVER)
    recent = recent_offences(offences, now, reported=reported)
    if recent >= HOLD_AFTER:
        return Verdict(Action.HOLD, kinds)
    if recent and CONTACT_KINDS & set(kinds):
        return Verdict(Action.MASK, kinds)
    return Verdict(Action.NUDGE, kinds)


def cooled_until(offences: Sequence[datetime], now: datetime, *, reported: bool = False) -> datetime | None:
    """Until when a sender whose messages were held stays cooled down (``None``: not cooled down); a ``reported``
    sender counts one offence more, as in ``verdict``."""
    recent = sorted(at for at in offences if now - at < REPEAT_WINDOW)
    if not recent or recent_offences(recent, now, reported=reported) <= HOLD_AFTER:
        return None
    until = recent[-1] + COOL_DOWN
    return until if until > now else None
