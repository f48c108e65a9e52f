"""Schedule validation: a schedule that makes no sense is refused with the offending field named."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from core.calendar import Blackout, BusyInterval, DateException, Schedule, TimeWindow, WeeklyRule
from core.calendar.model import ExceptionKind
from core.shared.errors import InvalidInput

MONDAY_9_TO_5 = WeeklyRule(0, time(9), time(17))


def _field_of(**kwargs: object) -> str:
    with pytest.raises(InvalidInput) as caught:
        Schedule(**{"owner_id": "prf_1", "zone": "Europe/Berlin", **kwargs})  # type: ignore[arg-type]
    return caught.value.field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"zone": "Mars/Olympus_Mons"}, "zone"),
        ({"zone": "../etc/passwd"}, "zone"),
        ({"rules": [WeeklyRule(1, time(17), time(9))]}, "rules[0].end"),
        ({"rules": [WeeklyRule(1, time(9), time(9))]}, "rules[0].end"),
        ({"rules": [MONDAY_9_TO_5, WeeklyRule(0, time(12), time(18))]}, "rules[1]"),
        ({"rules": [WeeklyRule(1, time(9, 0, 30), time(10))]}, "rules[0].start"),
        ({"granularity": timedelta(minutes=30), "min_duration": timedelta(minutes=15)}, "min_duration"),
        ({"granularity": timedelta(minutes=7)}, "granularity"),
        ({"granularity": timedelta(0)}, "granularity"),
        ({"buffer_before": timedelta(minutes=-5)}, "buffer_before"),
        ({"buffer_after": timedelta(seconds=90)}, "buffer_after"),
        ({"min_notice": timedelta(days=61)}, "booking_window"),
        ({"exceptions": [DateException.closed(date(2026, 1, 1))] * 2}, "exceptions[1].on"),
        (
            {"exceptions": [DateException(date(2026, 1, 1), ExceptionKind.CLOSED, (TimeWindow(time(9), time(10)),))]},
            "exceptions[0].windows",
        ),
        ({"exceptions": [DateException.changed(date(2026, 1, 1))]}, "exceptions[0].windows"),
        (
            {"exceptions": [DateException.extra(date(2026, 1, 1), TimeWindow(time(12), time(11)))]},
            "exceptions[0].windows[0].end",
        ),
        (
            {"blackouts": [Blackout(datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))]},
            "blackouts[0].end",
        ),
        ({"blackouts": [Blackout(datetime(2026, 1, 1), datetime(2026, 1, 2))]}, "blackouts[0].start"),
        (
            {
                "exceptions": [
                    DateException.extra(date(2026, 1, 1), TimeWindow(time(9), time(11)), TimeWindow(time(10), time(12)))
                ]
            },
            "exceptions[0].windows[1]",
        ),
    ],
)
def test_nonsense_is_refused_naming_the_field(kwargs: dict[str, object], field: str) -> None:
    assert _field_of(**kwargs) == field


def test_a_sensible_schedule_is_accepted_with_defaults_from_the_issue() -> None:
    schedule = Schedule(
        "prf_1",
        "Europe/Berlin",
        [MONDAY_9_TO_5, WeeklyRule(0, time(17), time(0)), WeeklyRule(2, time(9), time(12))],
        exceptions=[DateException.extra(date(2026, 1, 5), TimeWindow(time(7), time(9)))],
    )
    assert schedule.min_notice == timedelta(hours=24)
    assert schedule.booking_window == timedelta(days=60)
    assert schedule.windows_on(date(2026, 1, 12)) == ((540, 1020), (1020, 1440))  # 00:00 end = midnight
    assert schedule.windows_on(date(2026, 1, 5)) == ((420, 540), (540, 1020), (1020, 1440))


def test_changed_and_closed_exceptions_replace_the_rules_for_their_date() -> None:
    schedule = Schedule(
        "prf_1",
        "UTC",
        [MONDAY_9_TO_5],
        exceptions=[
            DateException.changed(date(2026, 1, 5), TimeWindow(time(13), time(14))),
            DateException.closed(date(2026, 1, 12)),
        ],
    )
    assert schedule.windows_on(date(2026, 1, 5)) == ((780, 840),)
    assert schedule.windows_on(date(2026, 1, 12)) == ()
    assert schedule.windows_on(date(2026, 1, 19)) == ((540, 1020),)


def test_busy_time_must_be_aware_and_positive() -> None:
    with pytest.raises(InvalidInput) as caught:
        BusyInterval.booking(datetime(2026, 1, 1, 10), datetime(2026, 1, 1, 11), "bkg_1")
    assert caught.value.field == "busy.start"
    with pytest.raises(InvalidInput) as caught:
        BusyInterval.imported(datetime(2026, 1, 1, 10, tzinfo=UTC), datetime(2026, 1, 1, 10, tzinfo=UTC), "u")
    assert caught.value.field == "busy.end"
