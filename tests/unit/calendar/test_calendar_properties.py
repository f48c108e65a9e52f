"""Hypothesis properties of the feasibility engine and of explain()."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs
from calendar_strategies import DST_BASES, busy_intervals, schedules
from hypothesis import given, settings
from hypothesis import strategies as st

from core.calendar import BusyInterval, BusyKind, Interval, Schedule, WeeklyRule, explain, feasible_slots
from core.calendar.schedule import window_of_minutes as window

SPAN = timedelta(days=4)
PROPERTY = settings(max_examples=80, deadline=None)


def _occupied(schedule: Schedule, item: BusyInterval) -> tuple[datetime, datetime]:
    if item.kind is BusyKind.BOOKING:
        return item.start - schedule.buffer_before, item.end + schedule.buffer_after
    return item.start, item.end


def _inside_hours(schedule: Schedule, instant: datetime) -> bool:
    local = instant.astimezone(schedule.tz)
    minute = local.hour * 60 + local.minute
    return any(start <= minute < end for start, end in schedule.windows_on(local.date()))


scenario = st.sampled_from(DST_BASES).flatmap(
    lambda base: st.tuples(
        st.just(base),
        schedules(),
        st.lists(busy_intervals(base), max_size=12),
        st.integers(0, 120),
        st.integers(-120, 24 * 60),
    )
)

Case = tuple[datetime, Schedule, list[BusyInterval], int, int]
Inputs = tuple[Schedule, list[BusyInterval], timedelta, datetime, Interval]


def _inputs(case: Case) -> Inputs:
    """Schedule, busy, duration, now, and a four-day window holding a DST change in some zones."""
    base, schedule, busy, extra, now_shift = case
    duration = schedule.min_duration + timedelta(minutes=extra)
    return schedule, busy, duration, base + timedelta(minutes=now_shift), Interval.of(base, base + SPAN)


@PROPERTY
@given(scenario)
def test_slots_are_sorted_unique_aware_utc_and_respect_busy_buffers_hours_notice_and_window(case):
    schedule, busy, duration, now, window = _inputs(case)
    slots = feasible_slots(schedule, busy, window, duration, now)
    assert slots == sorted(set(slots))
    for start in slots:
        end = start + duration
        assert start.utcoffset() == timedelta(0)
        assert window.start <= start < window.end
        assert now + schedule.min_notice <= start <= now + schedule.booking_window
        assert _inside_hours(schedule, start)
        assert _inside_hours(schedule, end - timedelta(seconds=1))
        for item in [*busy, *schedule.blackout_busy()]:
            low, high = _occupied(schedule, item)
            assert not (start - schedule.buffer_before < high and low < end + schedule.buffer_after)


@PROPERTY
@given(scenario, st.data())
def test_adding_busy_time_never_adds_slots(case, data):
    schedule, busy, duration, now, window = _inputs(case)
    extra_busy = data.draw(busy_intervals(window.start))
    before = set(feasible_slots(schedule, busy, window, duration, now))
    after = set(feasible_slots(schedule, [*busy, extra_busy], window, duration, now))
    assert after <= before


def _widened(schedule: Schedule, weekday: int, start_quarter: int, stretch_index: int | None) -> Schedule:
    """Open a free stretch of ``weekday`` and/or move one rule's start back to its neighbour's end."""
    taken = schedule.weekly[weekday]
    rules = list(schedule.rules)
    start = start_quarter * 15
    if not any(s <= start < e for s, e in taken):
        end = start + 15
        while end < 1440 and not any(s <= end < e for s, e in taken):
            end += 15
        rules.append(WeeklyRule(weekday, window(start, end).start, window(start, end).end))
    if stretch_index is not None and rules:
        rule = rules[stretch_index % len(rules)]
        mine = rule.window.start_minute
        ends = [r.window.end_minute for r in rules if r.weekday == rule.weekday and r.window.end_minute <= mine]
        stretched = attrs.evolve(rule, start=window(max(ends, default=0), rule.window.end_minute).start)
        rules[stretch_index % len(rules)] = stretched
    return schedule.replace_rules(rules)


@PROPERTY
@given(scenario, st.integers(0, 6), st.integers(0, 95), st.none() | st.integers(0, 50))
def test_widening_a_rule_never_removes_slots(case, weekday, start_quarter, stretch_index):
    schedule, busy, duration, now, window = _inputs(case)
    wider = _widened(schedule, weekday, start_quarter, stretch_index)
    narrow_slots = set(feasible_slots(schedule, busy, window, duration, now))
    assert narrow_slots <= set(feasible_slots(wider, busy, window, duration, now))


@PROPERTY
@given(scenario, st.lists(st.integers(0, 4 * 24 * 12 - 1), max_size=25))
def test_explain_is_empty_exactly_when_the_interval_is_feasible(case, five_minute_steps):
    schedule, busy, duration, now, window = _inputs(case)
    slots = feasible_slots(schedule, busy, window, duration, now)
    offered = set(slots)
    candidates = set(slots[:25]) | {window.start + timedelta(minutes=5 * k) for k in five_minute_steps}
    for start in candidates:
        reasons = explain(schedule, busy, start, start + duration, now)
        assert (reasons == []) == (start in offered), (start, reasons)
