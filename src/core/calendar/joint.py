"""A provider booked at a studio: both calendars must be free, each with its own buffers.

A booking of a provider at a studio is recorded as busy time of both. The provider's buffers guard the
provider's other bookings and events; the studio's buffers guard every booking of the studio. So the
joint feasibility is the intersection of the two engines' answers: the stricter notice and booking
window, the longer minimum duration, both slot grids, both sets of hours, buffers and busy time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from core.calendar.explain import explain
from core.calendar.feasibility import feasible_slots
from core.calendar.model import BusyInterval, Interval
from core.calendar.reasons import Reason
from core.calendar.schedule import Schedule


@attrs.frozen
class Party:
    """One calendar taking part in a booking: its schedule and its busy time."""

    schedule: Schedule
    busy: tuple[BusyInterval, ...] = ()


@attrs.frozen
class JointExplanation:
    """Reasons per party; the interval is feasible exactly when both lists are empty."""

    provider: tuple[Reason, ...]
    studio: tuple[Reason, ...]

    @property
    def feasible(self) -> bool:
        return not self.provider and not self.studio


def joint_min_duration(provider: Schedule, studio: Schedule) -> timedelta:
    """The shortest booking both accept."""
    return max(provider.min_duration, studio.min_duration)


def feasible_slots_at_studio(
    provider: Party, studio: Party, window: Interval, duration: timedelta, now: datetime
) -> list[datetime]:
    """Starts bookable for the provider *and* the studio (sorted, unique, aware UTC). Pure.

    Raises ``InvalidInput("duration")`` if either party refuses the duration outright.
    """
    ours = feasible_slots(provider.schedule, provider.busy, window, duration, now)
    theirs = set(feasible_slots(studio.schedule, studio.busy, window, duration, now))
    return [start for start in ours if start in theirs]


def explain_at_studio(
    provider: Party, studio: Party, start: datetime, end: datetime, now: datetime
) -> JointExplanation:
    """Why ``[start, end)`` cannot be booked for the provider at the studio, party by party. Pure."""
    return JointExplanation(
        tuple(explain(provider.schedule, provider.busy, start, end, now)),
        tuple(explain(studio.schedule, studio.busy, start, end, now)),
    )
