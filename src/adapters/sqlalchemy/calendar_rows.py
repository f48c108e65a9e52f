"""Row <-> domain mapping for calendar schedules: JSON documents for rules, exceptions and blackouts."""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta
from typing import Any

import structlog
from sqlalchemy import Row

from core.calendar.errors import ScheduleUnreadable
from core.calendar.model import Blackout, DateException, ExceptionKind, TimeWindow, WeeklyRule
from core.calendar.records import StoredSchedule
from core.calendar.schedule import Schedule
from core.shared.errors import InvalidInput

_MINUTE = timedelta(minutes=1)
log = structlog.get_logger("rastup.calendar")


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def _window(pair: list[str]) -> TimeWindow:
    return TimeWindow(_wall(pair[0]), _wall(pair[1]))


def _minutes(value: timedelta) -> int:
    return value // _MINUTE


def schedule_row(stored: StoredSchedule) -> dict[str, Any]:
    s = stored.schedule
    return {
        "owner_id": s.owner_id,
        "zone": s.zone,
        "rules": [{"weekday": int(r.weekday), "start": _hhmm(r.start), "end": _hhmm(r.end)} for r in s.rules],
        "exceptions": [
            {
                "on": e.on.isoformat(),
                "kind": e.kind.value,
                "windows": [[_hhmm(w.start), _hhmm(w.end)] for w in e.windows],
            }
            for e in s.exceptions
        ],
        "blackouts": [
            {"start": b.start.isoformat(), "end": b.end.isoformat(), "reference": b.reference} for b in s.blackouts
        ],
        "buffer_before_minutes": _minutes(s.buffer_before),
        "buffer_after_minutes": _minutes(s.buffer_after),
        "min_duration_minutes": _minutes(s.min_duration),
        "granularity_minutes": _minutes(s.granularity),
        "min_notice_minutes": _minutes(s.min_notice),
        "booking_window_minutes": _minutes(s.booking_window),
        "version": stored.version,
        "updated_at": stored.updated_at,
    }


def schedule_from(row: Row[Any]) -> StoredSchedule:
    """The stored schedule; ``ScheduleUnreadable`` (logged) for a row that breaks today's rules or cannot be
    read at all: a value stored before a range existed must not reach the engine."""
    try:
        return StoredSchedule(_schedule(row), row.version, row.updated_at)
    except (InvalidInput, ValueError, TypeError, KeyError, OverflowError) as error:
        reason = f"{error.field}: {error.reason}" if isinstance(error, InvalidInput) else type(error).__name__
        log.warning("schedule_unreadable", owner_id=row.owner_id, version=row.version, reason=reason)
        raise ScheduleUnreadable(row.owner_id, row.version, reason) from None


@functools.lru_cache(maxsize=4096)
def _wall(text: str) -> time:
    """A stored ``HH:MM`` (a few hundred distinct values: each is parsed once per process)."""
    return time.fromisoformat(text)


@functools.lru_cache(maxsize=16_384)
def _rule(weekday: int, start: str, end: str) -> WeeklyRule:
    """A stored weekly rule; rules are frozen values and most schedules share theirs with many others."""
    return WeeklyRule(weekday, _wall(start), _wall(end))


def _schedule(row: Row[Any]) -> Schedule:
    return Schedule(
        owner_id=row.owner_id,
        zone=row.zone,
        rules=[_rule(r["weekday"], r["start"], r["end"]) for r in row.rules],
        exceptions=[
            DateException(
                date.fromisoformat(e["on"]), ExceptionKind(e["kind"]), tuple(_window(w) for w in e["windows"])
            )
            for e in row.exceptions
        ],
        blackouts=[
            Blackout(datetime.fromisoformat(b["start"]), datetime.fromisoformat(b["end"]), b["reference"])
            for b in row.blackouts
        ],
        buffer_before=row.buffer_before_minutes * _MINUTE,
        buffer_after=row.buffer_after_minutes * _MINUTE,
        min_duration=row.min_duration_minutes * _MINUTE,
        granularity=row.granularity_minutes * _MINUTE,
        min_notice=row.min_notice_minutes * _MINUTE,
        booking_window=row.booking_window_minutes * _MINUTE,
    )
