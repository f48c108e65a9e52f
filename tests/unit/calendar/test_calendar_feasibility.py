"""Worked examples of feasible_slots and explain: buffers, exceptions, blackouts, notice, studios."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from calendar_strategies import at, every_day

from core.calendar import (
    Blackout,
    BusyInterval,
    DateException,
    Interval,
    Party,
    Schedule,
    TimeWindow,
    explain,
    explain_at_studio,
    feasible_slots,
    feasible_slots_at_studio,
)
from core.calendar.reasons import (
    BeyondBookingWindow,
    BlackoutConflict,
    BookingConflict,
    BufferConflict,
    ClosedByException,
    HoursChangedByException,
    ImportedEventConflict,
    InsideMinimumNotice,
    OffSlotGrid,
    OutsideHours,
    ShorterThanMinimum,
)
from core.shared.errors import InvalidInput

DAY = date(2026, 3, 2)  # a Monday
NOW = at(DAY, 0) - timedelta(days=2)
HOUR = timedelta(hours=1)


def _schedule(**kwargs: object) -> Schedule:
    defaults: dict[str, object] = {
        "owner_id": "prf_1",
        "zone": "UTC",
        "rules": every_day((time(9), time(12)), (time(13), time(17))),
        "granularity": timedelta(minutes=30),
        "min_duration": timedelta(minutes=30),
    }
    return Schedule(**{**defaults, **kwargs})  # type: ignore[arg-type]


def _day_slots(schedule: Schedule, busy: list[BusyInterval], duration: timedelta = HOUR) -> list[str]:
    slots = feasible_slots(schedule, busy, Interval.of(at(DAY, 0), at(DAY, 23)), duration, NOW)
    return [s.strftime("%H:%M") for s in slots]


def test_slots_fill_each_window_on_the_grid() -> None:
    assert _day_slots(_schedule(), []) == [
        "09:00",
        "09:30",
        "10:00",
        "10:30",
        "11:00",
        "13:00",
        "13:30",
        "14:00",
        "14:30",
        "15:00",
        "15:30",
        "16:00",
    ]


def test_adjacent_windows_merge_so_a_booking_may_span_them() -> None:
    schedule = _schedule(rules=every_day((time(9), time(10)), (time(10), time(11))))
    assert _day_slots(schedule, [], timedelta(minutes=90)) == ["09:00", "09:30"]


def test_buffers_surround_bookings_and_the_new_booking() -> None:
    schedule = _schedule(buffer_before=timedelta(minutes=15), buffer_after=timedelta(minutes=30))
    booking = BusyInterval.booking(at(DAY, 14), at(DAY, 15), "bkg_7")
    slots = _day_slots(schedule, [booking])
    # a new booking ends by 14:00 - 15 (its after-buffer 30 may not meet bkg_7's before-buffer 15):
    # start <= 14:00 - 15 - 30 - 60 = 12:15 -> morning only; after: start >= 15:00 + 30 + 15 = 15:45
    assert "13:00" not in slots and "15:30" not in slots and "16:00" in slots
    reasons = explain(schedule, [booking], at(DAY, 15, 30), at(DAY, 16, 30), NOW)
    assert reasons == [BufferConflict("bkg_7", at(DAY, 14), at(DAY, 15))]
    assert explain(schedule, [booking], at(DAY, 14), at(DAY, 15), NOW) == [
        BookingConflict("bkg_7", at(DAY, 14), at(DAY, 15))
    ]


def test_imported_events_and_blackouts_are_busy_without_their_own_buffers() -> None:
    schedule = _schedule(
        buffer_after=timedelta(minutes=30),
        blackouts=[Blackout(at(DAY, 9), at(DAY, 10), "blk_1")],
    )
    event = BusyInterval.imported(at(DAY, 12, 15), at(DAY, 14), "uid-42@feed")
    # the blackout takes 09:00; 11:00-12:00 would need its 30-minute after-buffer until 12:30
    assert _day_slots(schedule, [event])[:3] == ["10:00", "10:30", "14:00"]
    assert explain(schedule, [event], at(DAY, 10, 30), at(DAY, 11, 30), NOW) == []
    assert explain(schedule, [event], at(DAY, 13), at(DAY, 14), NOW) == [
        ImportedEventConflict("uid-42@feed", at(DAY, 12, 15), at(DAY, 14), within_buffer=False)
    ]
    assert explain(schedule, [event], at(DAY, 11), at(DAY, 12), NOW) == [
        ImportedEventConflict("uid-42@feed", at(DAY, 12, 15), at(DAY, 14), within_buffer=True)
    ]
    assert BlackoutConflict("blk_1", at(DAY, 9), at(DAY, 10), within_buffer=True) in explain(
        schedule, [], at(DAY, 8), at(DAY, 9), NOW
    )


def test_exceptions_close_change_and_extend_hours_and_explain_says_which() -> None:
    tuesday, wednesday, thursday = DAY + timedelta(days=1), DAY + timedelta(days=2), DAY + timedelta(days=3)
    schedule = _schedule(
        exceptions=[
            DateException.closed(DAY),
            DateException.changed(tuesday, TimeWindow(time(18), time(20))),
            DateException.extra(wednesday, TimeWindow(time(19), time(21))),
        ]
    )
    window = Interval.of(at(DAY, 0), at(thursday, 23))
    slots = feasible_slots(schedule, [], window, HOUR, NOW)
    assert not any(s.date() == DAY for s in slots)
    assert [s.strftime("%H:%M") for s in slots if s.date() == tuesday] == ["18:00", "18:30", "19:00"]
    assert at(wednesday, 20) in slots and at(wednesday, 9) in slots
    assert explain(schedule, [], at(DAY, 10), at(DAY, 11), NOW) == [ClosedByException(DAY)]
    assert explain(schedule, [], at(tuesday, 10), at(tuesday, 11), NOW) == [HoursChangedByException(tuesday)]
    assert explain(schedule, [], at(thursday, 7), at(thursday, 8), NOW) == [OutsideHours(thursday)]


def test_notice_window_minimum_and_grid_are_explained() -> None:
    schedule = _schedule(min_notice=timedelta(hours=24), booking_window=timedelta(days=5))
    now = at(DAY, 10)
    assert explain(schedule, [], at(DAY, 11), at(DAY, 12), now) == [InsideMinimumNotice(now + timedelta(hours=24))]
    later = DAY + timedelta(days=6)
    assert explain(schedule, [], at(later, 10), at(later, 11), now) == [BeyondBookingWindow(now + timedelta(days=5))]
    tomorrow = DAY + timedelta(days=1)
    assert explain(schedule, [], at(tomorrow, 15, 10), at(tomorrow, 16, 10), now) == [
        OffSlotGrid(timedelta(minutes=30))
    ]
    schedule = _schedule(min_duration=timedelta(minutes=60))
    assert explain(schedule, [], at(tomorrow, 15), at(tomorrow, 15, 30), now) == [
        ShorterThanMinimum(timedelta(minutes=60))
    ]
    with pytest.raises(InvalidInput) as caught:
        feasible_slots(schedule, [], Interval.of(at(DAY, 0), at(DAY, 1)), timedelta(minutes=30), now)
    assert caught.value.field == "duration"
    with pytest.raises(InvalidInput) as caught:
        explain(schedule, [], at(tomorrow, 15), at(tomorrow, 14), now)
    assert caught.value.field == "end"


def test_a_provider_at_a_studio_needs_both_calendars_with_their_own_buffers() -> None:
    provider = Party(_schedule(zone="Europe/Berlin", buffer_after=timedelta(minutes=30)))
    studio_booking = BusyInterval.booking(at(DAY, 14), at(DAY, 15), "bkg_studio")
    studio = Party(
        _schedule(owner_id="std_1", rules=every_day((time(6), time(20))), buffer_before=timedelta(minutes=60)),
        (studio_booking,),
    )
    window = Interval.of(at(DAY, 0), at(DAY, 23))
    joint = feasible_slots_at_studio(provider, studio, window, HOUR, NOW)
    alone = feasible_slots(provider.schedule, [], window, HOUR, NOW)
    assert set(joint) < set(alone)
    # provider hours 13:00-17:00 Berlin are 12:00-16:00 UTC; the studio's 60-minute buffer before
    # the 14:00 UTC booking makes 12:30-13:30 clash, 12:00-13:00 just fits
    assert at(DAY, 12) in joint
    assert at(DAY, 12, 30) not in joint and at(DAY, 12, 30) in alone
    verdict = explain_at_studio(provider, studio, at(DAY, 12, 30), at(DAY, 13, 30), NOW)
    assert not verdict.feasible
    assert verdict.provider == ()
    assert verdict.studio == (BufferConflict("bkg_studio", at(DAY, 14), at(DAY, 15)),)
    assert explain_at_studio(provider, studio, at(DAY, 12), at(DAY, 13), NOW).feasible


def test_naive_instants_are_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        Interval.of(datetime(2026, 1, 1), datetime(2026, 1, 2, tzinfo=UTC))
    assert caught.value.field == "interval.start"
