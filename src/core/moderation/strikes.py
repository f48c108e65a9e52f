"""Strikes: a staff decision against an account adds one, which lapses after a while; the active ones decide what
the account may still do (``restriction``). Lifetimes and thresholds are data (``StrikePolicy``). Pure."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import IntEnum

import attrs

DAY = timedelta(days=1)


class Restriction(IntEnum):
    """What an account may no longer do, each level including the ones below it."""

    NONE = 0
    MESSAGING = 1  # may not send messages
    LISTINGS_HIDDEN = 2  # its profiles are out of search and their pages answer 404
    SUSPENDED = 3  # all of the above; future bookings are cancelled

    @property
    def label(self) -> str:
        return self.name.lower()


@attrs.frozen
class Strike:
    """One strike against ``user_id`` for staff's ``action`` on report ``report_id``, counting until ``expires_at``."""

    id: str
    user_id: str
    report_id: str
    action: str
    issued_at: datetime
    expires_at: datetime

    def active(self, now: datetime) -> bool:
        return self.issued_at <= now < self.expires_at


@attrs.frozen
class StrikePolicy:
    """How long each striking decision counts (``lifetimes``; a decision absent from it adds no strike) and how many
    active strikes bring which restriction (``thresholds``: count -> level). A ``suspend`` decision suspends outright
    while its strike is active, whatever the count."""

    lifetimes: tuple[tuple[str, timedelta], ...] = (
        ("warn", 90 * DAY), ("hide", 180 * DAY), ("remove", 365 * DAY), ("suspend", 365 * DAY),
    )  # fmt: skip
    thresholds: tuple[tuple[int, Restriction], ...] = (
        (2, Restriction.MESSAGING), (3, Restriction.LISTINGS_HIDDEN), (4, Restriction.SUSPENDED),
    )  # fmt: skip

    def lifetime_of(self, action: str) -> timedelta | None:
        return dict(self.lifetimes).get(action)


def strike_id_of(target_kind: str, target_id: str, action: str) -> str:
    """The id of the strike a decision adds: one per target and action, however many reports name the target (many
    people reporting one message never escalate one offence)."""
    digest = hashlib.sha256(f"{target_kind}\x1f{target_id}\x1f{action}".encode()).hexdigest()
    return f"stk_{digest[:32]}"


def strike_for(policy: StrikePolicy, strike_id: str, user_id: str, report_id: str, action: str,
               now: datetime) -> Strike | None:  # fmt: skip
    """The strike a decision adds, or ``None`` for one that adds none (a dismissal)."""
    lifetime = policy.lifetime_of(action)
    if lifetime is None:
        return None
    return Strike(strike_id, user_id, report_id, action, now, now + lifetime)


def restriction(policy: StrikePolicy, strikes: Iterable[Strike], now: datetime) -> Restriction:
    """The restriction the strikes active at ``now`` bring: the highest level whose threshold their count reaches
    (or ``SUSPENDED`` while a ``suspend`` strike is active). Lapsed strikes never count."""
    active = [s for s in strikes if s.active(now)]
    level = max((lvl for count, lvl in policy.thresholds if len(active) >= count), default=Restriction.NONE)
    if any(s.action == "suspend" for s in active):
        level = Restriction.SUSPENDED
    return level


def restricts(level: Restriction, needed: Restriction) -> bool:
    """Whether an account at ``level`` has lost what ``needed`` takes away."""
    return level >= needed
