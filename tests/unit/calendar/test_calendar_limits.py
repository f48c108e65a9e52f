"""The calendar's ranges, checked where values are built: a Schedule, explain, availability queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import pytest
from tests.unit.calendar.calendar_world import MONDAY, OWNER, World, la_days

from core.calendar import Blackout, DateException, Schedule, WeeklyRule, explain, feasible_slots
from core.calendar.commands import ExplainInterval, QueryAvailability
from core.calendar.handlers import availability, explain_interval
from core.calendar.limits import MAX_BLACKOUTS, MAX_RULES, echo, plain_text
from core.calendar.model import Interval
from core.profiles.visibility import OPERATOR
from core.shared.errors import InvalidInput

MIN = timedelta(minutes=1)
DAY = timedelta(days=1)
RULES = [WeeklyRule(day, time(9), time(17)) for day in range(7)]


def build(**changes: Any) -> Schedule:
    values: dict[str, Any] = {"rules": RULES, "min_duration": timedelta(hours=1), "granularity": timedelta(hours=1)}
    return Schedule(OWNER, "America/Los_Angeles", **{**values, **changes})


def field_of(**changes: Any) -> str:
    with pytest.raises(InvalidInput) as refused:
        build(**changes)
    return refused.value.field


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"buffer_before": DAY + MIN}, "buffer_before"),
        ({"buffer_before": -MIN}, "buffer_before"),
        ({"buffer_after": timedelta(days=10**6)}, "buffer_after"),
        ({"buffer_after": timedelta(seconds=30)}, "buffer_after"),
        ({"granularity": timedelta(minutes=4), "min_duration": timedelta(minutes=4)}, "granularity"),
        ({"granularity": timedelta(minutes=7)}, "granularity"),
        ({"granularity": 2 * DAY, "min_duration": 2 * DAY}, "granularity"),
        ({"min_duration": DAY + timedelta(hours=1)}, "min_duration"),
        ({"min_duration": timedelta(minutes=30)}, "min_duration"),  # below the hour grid
        ({"min_notice": 90 * DAY + MIN}, "min_notice"),
        ({"min_notice": -MIN}, "min_notice"),
        ({"booking_window": 366 * DAY}, "booking_window"),
        ({"booking_window": DAY - MIN, "min_notice": timedelta(0)}, "booking_window"),
        ({"booking_window": 10 * DAY, "min_notice": 10 * DAY}, "booking_window"),
        ({"blackouts": [Blackout(datetime(1999, 12, 31, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC))]},
         "blackouts[0].start"),
        ({"blackouts": [Blackout(datetime(2030, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, tzinfo=UTC))]},
         "blackouts[0].end"),
        ({"blackouts": [Blackout(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))),
                                 datetime(2030, 1, 1, tzinfo=UTC))]}, "blackouts[0].start"),
        ({"blackouts": [Blackout(MONDAY, MONDAY + DAY, "x" * 201)]}, "blackouts[0].reference"),
        ({"blackouts": [Blackout(MONDAY, MONDAY + DAY, "tab\there")]}, "blackouts[0].reference"),
        ({"blackouts": [Blackout(MONDAY, MONDAY + DAY, "\u202egnp.exe")]}, "blackouts[0].reference"),
        ({"blackouts": [Blackout(MONDAY, MONDAY + DAY)] * (MAX_BLACKOUTS + 1)}, "blackouts"),
        ({"exceptions": [DateException.closed(date(2200, 1, 1))]}, "exceptions[0].on"),
        ({"exceptions": [DateException.closed(date(1, 1, 1))]}, "exceptions[0].on"),
        ({"rules": [WeeklyRule(0, time(h % 24), time(h % 24, 1)) for h in range(MAX_RULES + 1)]}, "rules"),
    ],
)  # fmt: skip
def test_each_schedule_value_out_of_range_is_refused_naming_its_field(changes: dict[str, Any], field: str) -> None:
    assert field_of(**changes) == field


def test_the_ends_of_each_range_are_accepted() -> None:
    build(buffer_before=DAY, buffer_after=DAY, min_notice=90 * DAY, booking_window=365 * DAY)
    build(granularity=5 * MIN, min_duration=5 * MIN, booking_window=DAY, min_notice=timedelta(0))
    build(granularity=DAY, min_duration=DAY)
    far = timezone(timedelta(hours=14))
    build(blackouts=[Blackout(datetime(2000, 1, 1, tzinfo=far), datetime(2199, 12, 31, 23, 59, tzinfo=UTC), "é" * 200)],
          exceptions=[DateException.closed(date(2000, 1, 1)), DateException.closed(date(2199, 12, 31))])  # fmt: skip


def test_a_zone_is_never_echoed_whole() -> None:
    with pytest.raises(InvalidInput) as refused:
        Schedule(OWNER, "Europe/" + "Y" * 5000)
    assert refused.value.field == "zone" and len(refused.value.reason) < 120
    assert echo("short") == "'short'" and len(echo("z" * 1000)) < 50


def test_plain_text_refuses_nul_controls_and_bidi_but_keeps_other_scripts() -> None:
    assert plain_text("f", "Café \u2013 東京 🎉") == "Café \u2013 東京 🎉"
    for bad in ("a\x00b", "a\x7fb", "a\x85b", "a\u200fb", "a\u2067b", "a\u061cb"):
        with pytest.raises(InvalidInput):
            plain_text("f", bad)


def test_explain_and_slots_refuse_instants_and_lengths_out_of_range() -> None:
    schedule, now = la_days(), MONDAY
    for start, end, field in [
        (datetime(2200, 1, 1, tzinfo=UTC), datetime(2200, 1, 1, 1, tzinfo=UTC), "start"),
        (MONDAY, datetime(9999, 12, 31, tzinfo=UTC), "end"),
        (MONDAY, MONDAY + timedelta(days=7, minutes=1), "end"),
    ]:
        with pytest.raises(InvalidInput) as refused:
            explain(schedule, [], start, end, now)
        assert refused.value.field == field
    with pytest.raises(InvalidInput) as too_long:
        feasible_slots(schedule, [], Interval(MONDAY, MONDAY + DAY), timedelta(days=8), now)
    assert too_long.value.field == "duration"


def test_handlers_refuse_out_of_range_queries_before_reading(world: World) -> None:
    world.replace(la_days())
    for query, field in [
        (QueryAvailability(OWNER, date(1, 1, 1)), "from"),
        (QueryAvailability(OWNER, date(9999, 12, 31)), "from"),
        (QueryAvailability(OWNER, duration=timedelta(days=10**6)), "duration"),
        (QueryAvailability(OWNER, days=63), "days"),
    ]:
        with pytest.raises(InvalidInput) as refused:
            availability(query, OPERATOR, world.uow(), world.clock)
        assert refused.value.field == field
    with pytest.raises(InvalidInput) as far:
        explain_interval(
            ExplainInterval(OWNER, MONDAY, datetime(9999, 1, 1, tzinfo=UTC)), OPERATOR, world.uow(), world.clock
        )
    assert far.value.field == "end"
    with pytest.raises(InvalidInput) as version:
        world.replace(la_days(), 2**40)
    assert version.value.field == "version"


@pytest.fixture
def world() -> World:
    return World()
