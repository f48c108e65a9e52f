"""The graduated answer to a screened message, as data: nudge, then mask, then hold; never a silent drop.

A first offence in a thread (any finding) is delivered as written, with a reminder to the sender (``NUDGE``); a
contact detail after that is delivered masked, and the sender told why (``MASK``); a third offending message within
24 hours is held for review and the sender cooled down (``HOLD``). Every offending message is counted on the
sender's seat. Once a booking is confirmed its thread allows a phone number (for the day of the shoot).
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


def verdict(
    findings: Sequence[Finding], offences: Sequence[datetime], now: datetime, *, phone_allowed: bool = False
) -> Verdict:
    """The answer to a message with ``findings``, from a sender with earlier ``offences`` (instants) in the thread.
    ``phone_allowed``: a confirmed booking's thread, where a phone number is no offence."""
    kinds = tuple(dict.fromkeys(f.kind for f in findings if not (phone_allowed and f.kind is Kind.PHONE)))
    if not kinds:
        return Verdict(Action.DELIVER)
    recent = sum(1 for at in offences if now - at < REPEAT_WINDOW)
    if recent >= HOLD_AFTER:
        return Verdict(Action.HOLD, kinds)
    if recent and CONTACT_KINDS & set(kinds):
        return Verdict(Action.MASK, kinds)
    return Verdict(Action.NUDGE, kinds)


def cooled_until(offences: Sequence[datetime], now: datetime) -> datetime | None:
    """Until when a sender whose messages were held stays cooled down (``None``: not cooled down)."""
    recent = sorted(at for at in offences if now - at < REPEAT_WINDOW)
    if len(recent) <= HOLD_AFTER:
        return None
    until = recent[-1] + COOL_DOWN
    return until if until > now else None
