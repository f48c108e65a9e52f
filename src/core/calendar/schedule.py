"""The Schedule value: an owner's weekly rules, exceptions, blackouts and booking constraints."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from datetime import date, time, timedelta
from functools import partial
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from core.calendar.limits import (
    BOOKING_WINDOW_DAYS,
    DAY,
    LONGEST_BUFFER,
    LONGEST_MIN_DURATION,
    LONGEST_NOTICE,
    MAX_BLACKOUTS,
    MAX_EXCEPTIONS,
    MAX_RULES,
    MAX_ZONE,
    MINUTE,
    SHORTEST_GRANULARITY,
    echo,
    in_years,
    instant_in_years,
    minutes_between,
    plain_text,
)
from core.calendar.model import (
    Blackout,
    BusyInterval,
    BusyKind,
    DateException,
    ExceptionKind,
    TimeWindow,
    WeeklyRule,
    require_aware_utc,
)
from core.shared.errors import InvalidInput

DAY_MINUTES = 24 * 60


MinuteWindows = tuple[tuple[int, int], ...]  # sorted (start, end) minutes of a local day


def _load_zone(key: str) -> ZoneInfo:
    try:
        if len(key) > MAX_ZONE:
            raise ValueError(key)
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidInput("zone", f"{echo(key)} is not a known IANA time zone") from None


def _at_most(field: str, items: Sequence[object], limit: int) -> None:
    if len(items) > limit:
        raise InvalidInput(field, f"at most {limit} entries")


def _check_blackout(field: str, blackout: Blackout) -> None:
    start = require_aware_utc(f"{field}.start", instant_in_years(f"{field}.start", blackout.start))
    end = require_aware_utc(f"{field}.end", instant_in_years(f"{field}.end", blackout.end))
    if end <= start:
        raise InvalidInput(f"{field}.end", "must be after start")
    plain_text(f"{field}.reference", blackout.reference)


def _sorted_disjoint(field: Callable[[int], str], windows: Sequence[tuple[int, int]]) -> MinuteWindows:
    """The windows sorted; raises ``InvalidInput`` naming (``field(i)`` of the i-th window, formatted only then)
    the later of two overlapping windows."""
    ordered = tuple(sorted(windows))
    if all(earlier[1] <= later[0] for earlier, later in pairwise(ordered)):  # the usual case: nothing to name
        return ordered
    order = sorted(range(len(windows)), key=lambda i: windows[i])
    for earlier, later in pairwise(order):
        if windows[later][0] < windows[earlier][1]:
            raise InvalidInput(field(later), "overlaps another window on the same day")
    return ordered


def _rule_field(numbers: Sequence[int], index: int) -> str:
    return f"rules[{numbers[index]}]"


@functools.lru_cache(maxsize=16_384)
def _window_minutes(start: time, end: time) -> tuple[int, int] | None:
    """A rule's ``(start, end)`` minutes, or None when the window is refused (checked again to name the rule);
    a few hundred distinct windows serve every schedule, so each is checked once."""
    try:
        return TimeWindow(start, end).checked_minutes("rule")
    except InvalidInput:
        return None


@functools.lru_cache(maxsize=4096)
def _weekly(rules: tuple[WeeklyRule, ...]) -> tuple[MinuteWindows, ...]:
    """Each weekday's windows in minutes, sorted; ``InvalidInput`` naming the rule that is refused or overlaps
    another. Schedules with the same rules (most share theirs with many others) share the result; a refusal is
    raised again every time (``lru_cache`` keeps no exception)."""
    weekly: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    numbers: list[list[int]] = [[] for _ in range(7)]  # each window's rule, named only if it overlaps
    for i, rule in enumerate(rules):
        minutes = _window_minutes(rule.start, rule.end)
        if minutes is None:  # raises, naming the rule
            minutes = TimeWindow(rule.start, rule.end).checked_minutes(f"rules[{i}]")
        weekly[rule.weekday].append(minutes)
        numbers[rule.weekday].append(i)
    return tuple(_sorted_disjoint(partial(_rule_field, numbers[d]), weekly[d]) if len(weekly[d]) > 1
                 else tuple(weekly[d]) for d in range(7))  # fmt: skip


def _rules(items: Iterable[WeeklyRule]) -> tuple[WeeklyRule, ...]:
    return tuple(items)


def _exceptions(items: Iterable[DateException]) -> tuple[DateException, ...]:
    return tuple(items)


def _blackouts(items: Iterable[Blackout]) -> tuple[Blackout, ...]:
    return tuple(items)


@attrs.frozen
class Schedule:
    """When an owner (provider service or studio) can be booked, in the owner's IANA zone.

    Construction validates everything and raises ``InvalidInput`` naming the offending field; every
    value has a range (``core.calendar.limits``) inside which every later computation succeeds.
    """

    owner_id: str
    zone: str
    rules: tuple[WeeklyRule, ...] = attrs.field(default=(), converter=_rules)
    exceptions: tuple[DateException, ...] = attrs.field(default=(), converter=_exceptions)
    blackouts: tuple[Blackout, ...] = attrs.field(default=(), converter=_blackouts)
    buffer_before: timedelta = timedelta(0)
    buffer_after: timedelta = timedelta(0)
    min_duration: timedelta = timedelta(minutes=30)
    granularity: timedelta = timedelta(minutes=15)
    min_notice: timedelta = timedelta(hours=24)
    booking_window: timedelta = timedelta(days=60)
    tz: ZoneInfo = attrs.field(init=False, eq=False, repr=False)
    weekly: tuple[MinuteWindows, ...] = attrs.field(init=False, eq=False, repr=False)
    by_date: dict[date, DateException] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "tz", _load_zone(self.zone))
        _at_most("rules", self.rules, MAX_RULES)
        _at_most("exceptions", self.exceptions, MAX_EXCEPTIONS)
        _at_most("blackouts", self.blackouts, MAX_BLACKOUTS)
        object.__setattr__(self, "weekly", _weekly(self.rules))
        object.__setattr__(self, "by_date", self._index_exceptions())
        for i, blackout in enumerate(self.blackouts):
            _check_blackout(f"blackouts[{i}]", blackout)
        self._check_constraints()

    def _check_constraints(self) -> None:
        minutes_between("buffer_before", self.buffer_before, timedelta(0), LONGEST_BUFFER)
        minutes_between("buffer_after", self.buffer_after, timedelta(0), LONGEST_BUFFER)
        grid = self.granularity
        if grid % MINUTE or not SHORTEST_GRANULARITY <= grid <= DAY or DAY % grid:
            raise InvalidInput(
                "granularity", "must be whole minutes from 5 to 1440 dividing a day (5, 10, 15, 30, ...)"
            )
        minutes_between("min_duration", self.min_duration, grid, LONGEST_MIN_DURATION)  # never below the grid
        minutes_between("min_notice", self.min_notice, timedelta(0), LONGEST_NOTICE)
        shortest, longest = BOOKING_WINDOW_DAYS
        window = self.booking_window
        if window % MINUTE or not shortest * DAY <= window <= longest * DAY or window <= self.min_notice:
            raise InvalidInput(
                "booking_window", f"must be {shortest} to {longest} days, longer than the minimum notice"
            )

    def _index_exceptions(self) -> dict[date, DateException]:
        by_date: dict[date, DateException] = {}
        for i, exception in enumerate(self.exceptions):
            field = f"exceptions[{i}]"
            in_years(f"{field}.on", exception.on)
            if exception.on in by_date:
                raise InvalidInput(f"{field}.on", "another exception already covers this date")
            if exception.kind is ExceptionKind.CLOSED and exception.windows:
                raise InvalidInput(f"{field}.windows", "a closed day has no windows")
            if exception.kind is not ExceptionKind.CLOSED and not exception.windows:
                raise InvalidInput(f"{field}.windows", "at least one window is needed (or use closed)")
            for j, window in enumerate(exception.windows):
                window.check(f"{field}.windows[{j}]")
            _sorted_disjoint(
                lambda j: f"{field}.windows[{j}]",  # noqa: B023 (called at once, inside this iteration)
                [(w.start_minute, w.end_minute) for w in exception.windows],
            )
            by_date[exception.on] = exception
        return by_date

    def rule_windows(self, day: date) -> MinuteWindows:
        """The weekly rules' windows for ``day``, ignoring exceptions."""
        return self.weekly[day.weekday()]

    def windows_on(self, day: date) -> MinuteWindows:
        """The opening windows (local minutes) in force on ``day`` once exceptions are applied."""
        exception = self.by_date.get(day)
        if exception is None:
            return self.weekly[day.weekday()]
        own = tuple(sorted((w.start_minute, w.end_minute) for w in exception.windows))
        if exception.kind is ExceptionKind.EXTRA_HOURS:
            return tuple(sorted(self.weekly[day.weekday()] + own))
        return own

    def blackout_busy(self) -> list[BusyInterval]:
        """The blackouts as busy intervals of kind ``BLACKOUT``."""
        return [BusyInterval(b.start, b.end, BusyKind.BLACKOUT, b.reference) for b in self.blackouts]

    def replace_rules(self, rules: Sequence[WeeklyRule]) -> Schedule:
        """A copy with other weekly rules (validated like any schedule)."""
        return attrs.evolve(self, rules=_rules(rules))


def window_of_minutes(start_minute: int, end_minute: int) -> TimeWindow:
    """A ``TimeWindow`` from minutes since local midnight (``end_minute`` may be 1440)."""
    return TimeWindow(time(start_minute // 60, start_minute % 60), time((end_minute // 60) % 24, end_minute % 60))
