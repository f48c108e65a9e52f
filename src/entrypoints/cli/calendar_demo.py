"""Demo schedules: every demo profile bookable in its city's zone; load-test profiles around the clock."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time, timedelta

from core.calendar import Schedule, WeeklyRule
from core.calendar.commands import SeedSchedules
from core.shared.actor import OPERATOR
from core.shared.commands import CommandBus

CITY_ZONES = {"los-angeles": "America/Los_Angeles", "new-york": "America/New_York", "london": "Europe/London"}
LOAD_PREFIX = "prf_load_"
_MIDNIGHT = time(0)


def demo_schedule(profile_id: str, city: str, studio: bool) -> Schedule:
    """A sensible week: providers Mon-Fri 09-12 and 13-18 plus Saturday 10-16; studios every day 08-22.

    Load-test profiles (``prf_load_*``) are open around the clock with no notice and a 15-minute grid,
    so the booking load test can walk forward through free slots.
    """
    zone = CITY_ZONES.get(city, "America/Los_Angeles")
    if profile_id.startswith(LOAD_PREFIX):
        rules = [WeeklyRule(day, _MIDNIGHT, _MIDNIGHT) for day in range(7)]
        return Schedule(profile_id, zone, rules, min_duration=timedelta(minutes=15),
                        granularity=timedelta(minutes=15), min_notice=timedelta(0))  # fmt: skip
    if studio:
        rules = [WeeklyRule(day, time(8), time(22)) for day in range(7)]
        return Schedule(profile_id, zone, rules, buffer_after=timedelta(minutes=30), min_duration=timedelta(hours=1),
                        granularity=timedelta(minutes=30), min_notice=timedelta(hours=12))  # fmt: skip
    weekdays = [
        WeeklyRule(day, start, end) for day in range(5) for start, end in ((time(9), time(12)), (time(13), time(18)))
    ]
    return Schedule(profile_id, zone, [*weekdays, WeeklyRule(5, time(10), time(16))],
                    buffer_before=timedelta(minutes=15), buffer_after=timedelta(minutes=15),
                    min_duration=timedelta(hours=1), granularity=timedelta(minutes=30))  # fmt: skip


def seed_schedules(profiles: Iterable[tuple[str, str, bool]], commands: CommandBus) -> int:
    """Give each ``(profile_id, city, is_studio)`` without a schedule its demo schedule, then refresh the
    availability index. Idempotent: existing schedules are left alone. Returns how many were written."""
    schedules = tuple(demo_schedule(profile_id, city, studio) for profile_id, city, studio in profiles)
    return commands.handle(SeedSchedules(actor=OPERATOR, schedules=schedules))
