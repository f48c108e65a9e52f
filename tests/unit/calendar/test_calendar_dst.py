"""DST: every transition day 2020-2035 in eight zones gives the answer documented in core/calendar/dst.py.

Transition days are found here by scanning ``utcoffset`` day by day (and minute by minute inside the
day), independently of the engine's own transition search.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest

from core.calendar import Interval, Schedule, availability_summary, feasible_slots
from core.calendar.model import WeeklyRule
from core.calendar.schedule import window_of_minutes as window

ZONES = [
    "America/Los_Angeles",
    "America/New_York",
    "Europe/London",
    "Europe/Berlin",
    "Australia/Sydney",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Pacific/Chatham",
]
WITHOUT_DST = {"America/Sao_Paulo", "Asia/Kolkata"}
QUARTER = timedelta(minutes=15)


@attrs.frozen
class Transition:
    day: date
    instant: datetime  # first UTC instant with the new offset
    before: timedelta
    after: timedelta

    @property
    def shift(self) -> timedelta:
        return self.after - self.before

    @property
    def wall_before(self) -> int:
        """Minutes after local midnight that the old offset reads at the transition instant."""
        return _minutes(self.instant + self.before - datetime.combine(self.day, time(0), UTC))

    @property
    def wall_after(self) -> int:
        return _minutes(self.instant + self.after - datetime.combine(self.day, time(0), UTC))


def _minutes(span: timedelta) -> int:
    return int(span / timedelta(minutes=1))


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tz).astimezone(UTC)


def transitions(zone: str) -> list[Transition]:
    tz = ZoneInfo(zone)
    found = []
    day = date(2020, 1, 1)
    while day <= date(2035, 12, 31):
        start, end = _midnight(day, tz), _midnight(day + timedelta(days=1), tz)
        before, after = start.astimezone(tz).utcoffset(), end.astimezone(tz).utcoffset()
        if before != after:
            instant = start
            while instant.astimezone(tz).utcoffset() == before:
                instant += timedelta(minutes=1)
            found.append(Transition(day, instant, before, after))
        day += timedelta(days=1)
    return found


def _schedule(zone: str, start_minute: int, end_minute: int) -> Schedule:
    open_window = window(start_minute, end_minute)
    rules = [WeeklyRule(d, open_window.start, open_window.end) for d in range(7)]
    return Schedule(
        "prf_dst",
        zone,
        rules,
        granularity=QUARTER,
        min_duration=QUARTER,
        min_notice=timedelta(0),
        booking_window=timedelta(days=30),
    )


def _slots_of_day(schedule: Schedule, day: date) -> list[datetime]:
    tz = schedule.tz
    day_window = Interval.of(_midnight(day, tz), _midnight(day + timedelta(days=1), tz))
    return feasible_slots(schedule, [], day_window, QUARTER, day_window.start - timedelta(days=1))


def _assert_rendering_inside(schedule: Schedule, slots: list[datetime], day: date, lo: int, hi: int) -> None:
    for slot in slots:
        local = slot.astimezone(schedule.tz)
        assert local.date() == day
        assert lo <= local.hour * 60 + local.minute < hi
        assert (local.hour * 60 + local.minute) % 15 == 0


@pytest.mark.parametrize("zone", ZONES)
def test_transition_days_follow_the_documented_policy(zone: str) -> None:
    found = transitions(zone)
    if zone in WITHOUT_DST:
        assert found == []
        return
    assert len(found) == 32  # two a year for sixteen years
    whole_day = _schedule(zone, 0, 1440)
    office = _schedule(zone, 9 * 60, 17 * 60)
    for change in found:
        real_day = _midnight(change.day + timedelta(days=1), whole_day.tz) - _midnight(change.day, whole_day.tz)
        assert real_day == timedelta(hours=24) - change.shift
        slots = _slots_of_day(whole_day, change.day)
        # 5. the day is 23 h (spring) or 25 h (fall), every real quarter-hour of it bookable
        assert len(slots) * QUARTER == real_day
        assert all(b - a == QUARTER for a, b in itertools.pairwise(slots))
        _assert_rendering_inside(whole_day, slots, change.day, 0, 1440)
        summary = availability_summary(whole_day, [], change.day, now=slots[0] - timedelta(days=1), days=1)
        assert summary.bookable_minutes == (_minutes(real_day),)
        # transitions happen at night here, so 09:00-17:00 is 8 real hours on both kinds of day
        office_slots = _slots_of_day(office, change.day)
        assert len(office_slots) * QUARTER == timedelta(hours=8)
        if change.shift > timedelta(0):
            _check_spring_forward(zone, change)
        else:
            _check_fall_back(zone, change)


def _check_spring_forward(zone: str, change: Transition) -> None:
    gap_start, gap_end = change.wall_before, change.wall_after  # e.g. 02:00 and 03:00
    # 2. a window starting inside the gap starts at the first valid instant after it
    inside = _schedule(zone, gap_start + 30, gap_end + 120)
    slots = _slots_of_day(inside, change.day)
    assert slots[0] == change.instant
    assert len(slots) * QUARTER == timedelta(minutes=120)
    _assert_rendering_inside(inside, slots, change.day, gap_start + 30, gap_end + 120)
    # 2. a window spanning the gap is shorter in real time by the gap: 01:00-04:00 is 2 h
    spanning = _schedule(zone, gap_start - 60, gap_end + 60)
    slots = _slots_of_day(spanning, change.day)
    assert len(slots) * QUARTER == timedelta(minutes=gap_end - gap_start + 120) - change.shift
    _assert_rendering_inside(spanning, slots, change.day, gap_start - 60, gap_end + 60)
    # a window lying wholly inside the gap is closed that day
    assert _slots_of_day(_schedule(zone, gap_start, gap_end), change.day) == []


def _check_fall_back(zone: str, change: Transition) -> None:
    repeat_start, repeat_end = change.wall_after, change.wall_before  # e.g. 01:00 and 02:00
    repeated = change.before - change.after
    # 3. 01:00-03:00 on a US fall-back day is 3 real hours: both passes of the repeated hour count
    spanning = _schedule(zone, repeat_start, repeat_end + 60)
    slots = _slots_of_day(spanning, change.day)
    assert len(slots) * QUARTER == timedelta(minutes=repeat_end - repeat_start + 60) + repeated
    _assert_rendering_inside(spanning, slots, change.day, repeat_start, repeat_end + 60)
    # 4. the ambiguous local start is offered twice, rendered with fold 0 then fold 1
    first_reading = [
        s.astimezone(ZoneInfo(zone))
        for s in slots
        if s.astimezone(ZoneInfo(zone)).time() == time(repeat_start // 60, repeat_start % 60)
    ]
    assert [local.fold for local in first_reading] == [0, 1]
    assert first_reading[1] - first_reading[0] == timedelta(0)  # same wall clock...
    assert first_reading[1].astimezone(UTC) - first_reading[0].astimezone(UTC) == repeated  # ...later
    # 3. a window wholly inside the repeated stretch is open twice, as two real intervals
    inside = _schedule(zone, repeat_start + 15, repeat_start + 45)
    slots = _slots_of_day(inside, change.day)
    assert len(slots) == 4
    assert slots[2] - slots[0] == repeated


def test_a_day_that_used_to_be_a_transition_is_24_hours_in_sao_paulo() -> None:
    # Brazil sprang forward on the first Sunday of November until 2018; since 2019 it does not.
    schedule = _schedule("America/Sao_Paulo", 0, 1440)
    assert len(_slots_of_day(schedule, date(2020, 11, 1))) * QUARTER == timedelta(hours=24)


@pytest.mark.parametrize(("zone", "local_start"), [("Asia/Kolkata", time(9, 0)), ("Pacific/Chatham", time(9, 0))])
def test_odd_offsets_keep_slots_on_the_local_grid(zone: str, local_start: time) -> None:
    schedule = _schedule(zone, 9 * 60, 10 * 60)
    slots = _slots_of_day(schedule, date(2026, 6, 10))
    assert [s.astimezone(ZoneInfo(zone)).time() for s in slots] == [time(9, 0), time(9, 15), time(9, 30), time(9, 45)]
    assert slots[0].astimezone(ZoneInfo(zone)).time() == local_start
