"""Calendar request and response bodies, and their translation to and from the calendar's values.

Times are "HH:MM" local wall-clock strings, dates "YYYY-MM-DD", instants ISO 8601 with an offset; every
parse error names its field (``rules[2].start``) like the engine's own ``InvalidInput``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import attrs

from core.calendar import Blackout, DateException, ExceptionKind, Schedule, TimeWindow, Weekday, WeeklyRule
from core.calendar.records import StoredSchedule
from core.shared.errors import InvalidInput

WEEKDAYS = {day.name.lower(): day for day in Weekday}
_MINUTE, _DAY = timedelta(minutes=1), timedelta(days=1)
_FAR = 10**6  # minutes or days beyond every range: a larger count is cut to it before it becomes a timedelta
# the engine names its scalar fields without units; the body carries them
_BODY_FIELDS = {"buffer_before": "buffer_before_minutes", "buffer_after": "buffer_after_minutes",
                "min_duration": "min_duration_minutes", "granularity": "granularity_minutes",
                "min_notice": "min_notice_minutes", "booking_window": "booking_window_days"}  # fmt: skip


_EXCEPTION_DATE = re.compile(r"exceptions\[\d+\]\.on")


def _span(count: int, unit: timedelta) -> timedelta:
    """``count`` units; a count far outside every range is cut first (the schedule still refuses it, naming
    the field), so no integer from a body can overflow ``timedelta``."""
    return max(-_FAR, min(count, _FAR)) * unit


def wall_time(field: str, value: str) -> time:
    try:
        parsed = time.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, "must be a local time HH:MM (00:00 as an end means midnight)") from None
    if parsed.tzinfo is not None or parsed.second or parsed.microsecond:
        raise InvalidInput(field, "must be a local time HH:MM without seconds or offset")
    return parsed


def local_date(field: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, "must be a date YYYY-MM-DD") from None


def aware_instant(field: str, value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, "must be an ISO 8601 instant such as 2026-12-01T17:00:00Z") from None
    if parsed.tzinfo is None:
        raise InvalidInput(field, "must carry an offset (Z or +hh:mm)")
    return parsed


@attrs.frozen
class WindowIo:
    start: str  # "09:00"
    end: str  # "17:00"; "00:00" means midnight


@attrs.frozen
class RuleIo:
    weekday: str  # monday .. sunday
    start: str
    end: str


@attrs.frozen
class ExceptionIo:
    date: str  # "2026-12-24"
    kind: str  # closed | extra | changed
    windows: list[WindowIo] = attrs.field(factory=list)


@attrs.frozen
class BlackoutIo:
    start: str  # "2026-12-31T00:00:00Z"
    end: str
    reference: str = ""


@attrs.frozen
class ScheduleIo:
    """A whole schedule, as PUT and GET carry it."""

    zone: str  # IANA, e.g. America/Los_Angeles
    rules: list[RuleIo] = attrs.field(factory=list)
    exceptions: list[ExceptionIo] = attrs.field(factory=list)
    blackouts: list[BlackoutIo] = attrs.field(factory=list)
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0
    min_duration_minutes: int = 30
    granularity_minutes: int = 15
    min_notice_minutes: int = 1440
    booking_window_days: int = 60

    def schedule(self, owner_id: str) -> Schedule:
        """The validated Schedule; raises ``InvalidInput`` naming the body field at fault."""
        try:
            return Schedule(
                owner_id, self.zone, [self._rule(i, r) for i, r in enumerate(self.rules)],
                [self._exception(i, e) for i, e in enumerate(self.exceptions)],
                [self._blackout(i, b) for i, b in enumerate(self.blackouts)],
                buffer_before=_span(self.buffer_before_minutes, _MINUTE),
                buffer_after=_span(self.buffer_after_minutes, _MINUTE),
                min_duration=_span(self.min_duration_minutes, _MINUTE),
                granularity=_span(self.granularity_minutes, _MINUTE),
                min_notice=_span(self.min_notice_minutes, _MINUTE),
                booking_window=_span(self.booking_window_days, _DAY),
            )  # fmt: skip
        except InvalidInput as error:
            if error.field in _BODY_FIELDS:
                raise InvalidInput(_BODY_FIELDS[error.field], error.reason) from None
            if _EXCEPTION_DATE.fullmatch(error.field):  # the engine's ``on`` is the body's ``date``
                raise InvalidInput(error.field.removesuffix(".on") + ".date", error.reason) from None
            raise

    @staticmethod
    def _rule(i: int, rule: RuleIo) -> WeeklyRule:
        day = WEEKDAYS.get(rule.weekday.lower())
        if day is None:
            raise InvalidInput(f"rules[{i}].weekday", "must be a weekday name: monday .. sunday")
        return WeeklyRule(day, wall_time(f"rules[{i}].start", rule.start), wall_time(f"rules[{i}].end", rule.end))

    @staticmethod
    def _exception(i: int, item: ExceptionIo) -> DateException:
        try:
            kind = ExceptionKind(item.kind)
        except ValueError:
            raise InvalidInput(f"exceptions[{i}].kind", "must be closed, extra or changed") from None
        windows = tuple(
            TimeWindow(wall_time(f"exceptions[{i}].windows[{j}].start", w.start),
                       wall_time(f"exceptions[{i}].windows[{j}].end", w.end))
            for j, w in enumerate(item.windows)
        )  # fmt: skip
        return DateException(local_date(f"exceptions[{i}].date", item.date), kind, windows)

    @staticmethod
    def _blackout(i: int, item: BlackoutIo) -> Blackout:
        start = aware_instant(f"blackouts[{i}].start", item.start)
        return Blackout(start, aware_instant(f"blackouts[{i}].end", item.end), item.reference)

    @classmethod
    def of(cls, schedule: Schedule) -> ScheduleIo:
        def hhmm(value: time) -> str:
            return value.strftime("%H:%M")

        def window(w: TimeWindow) -> WindowIo:
            return WindowIo(hhmm(w.start), hhmm(w.end))

        return cls(
            zone=schedule.zone,
            rules=[RuleIo(r.weekday.name.lower(), hhmm(r.start), hhmm(r.end)) for r in schedule.rules],
            exceptions=[
                ExceptionIo(e.on.isoformat(), e.kind.value, [window(w) for w in e.windows]) for e in schedule.exceptions
            ],
            blackouts=[BlackoutIo(utc_text(b.start), utc_text(b.end), b.reference) for b in schedule.blackouts],
            buffer_before_minutes=schedule.buffer_before // _MINUTE,
            buffer_after_minutes=schedule.buffer_after // _MINUTE,
            min_duration_minutes=schedule.min_duration // _MINUTE,
            granularity_minutes=schedule.granularity // _MINUTE,
            min_notice_minutes=schedule.min_notice // _MINUTE,
            booking_window_days=schedule.booking_window // _DAY,
        )


@attrs.frozen
class ScheduleIn(ScheduleIo):
    """``version``: the version last read (0 when the profile has no schedule yet); stale -> 409."""

    version: int = 0


@attrs.frozen
class ScheduleOut(ScheduleIo):
    owner_id: str = ""
    version: int = 0
    updated_at: str = ""

    @classmethod
    def of_stored(cls, stored: StoredSchedule) -> ScheduleOut:
        body = attrs.asdict(ScheduleIo.of(stored.schedule), recurse=False)
        return cls(**body, owner_id=stored.owner_id, version=stored.version, updated_at=utc_text(stored.updated_at))


def utc_text(moment: datetime) -> str:
    """An instant as ISO 8601 UTC with a ``Z``."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
