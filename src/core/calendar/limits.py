"""The calendar's documented ranges: every value inside them is one the engine, the index and explain can use.

A schedule, a date or an instant outside these ranges is refused with ``InvalidInput`` before anything is
stored, so no later computation (feasible slots, the 14-day preview, the index refresh, explain) can overflow.
The README's Calendar section lists the same numbers.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from core.shared.errors import InvalidInput
from core.shared.text import forbidden_character

MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)

LONGEST_BUFFER = timedelta(hours=24)  # buffer_before / buffer_after: 0 .. 24 h
SHORTEST_GRANULARITY = timedelta(minutes=5)  # granularity: 5 min .. 24 h, dividing a day
LONGEST_MIN_DURATION = timedelta(hours=24)  # min_duration: the granularity .. 24 h
LONGEST_NOTICE = timedelta(days=90)  # min_notice: 0 .. 90 days
BOOKING_WINDOW_DAYS = (1, 365)  # booking_window: 1 .. 365 days, and longer than the notice
LONGEST_INTERVAL = timedelta(days=7)  # a slot asked of the engine or explained: 1 minute .. 7 days
FIRST_YEAR, LAST_YEAR = 2000, 2199  # dates and instants: blackouts, exceptions, ``from``, explain
MAX_REFERENCE = 200  # characters of a blackout's reference (and of other calendar free text)
MAX_ZONE = 64  # characters of an IANA zone key (the longest real one has 32)
MAX_RULES, MAX_EXCEPTIONS, MAX_BLACKOUTS = 200, 1000, 1000

_ECHO = 40  # characters of a refused value repeated in its error
# beyond the shared rule (core.shared.text): the direction marks, harmless in a name, noise in a reference
_MARKS = frozenset("\u061c\u200e\u200f")


def echo(value: str) -> str:
    """``value`` quoted for an error message, cut to a few characters (a refused value is never echoed whole)."""
    return repr(value[:_ECHO] + "…") if len(value) > _ECHO else repr(value)


def minutes_between(field: str, value: timedelta, low: timedelta, high: timedelta) -> None:
    """Raise ``InvalidInput(field)`` unless ``value`` is whole minutes in ``[low, high]``."""
    if value % MINUTE or not low <= value <= high:
        raise InvalidInput(field, f"must be whole minutes from {low // MINUTE} to {high // MINUTE}")


def in_years(field: str, day: date) -> date:
    """``day`` if its year is within the calendar's years; else ``InvalidInput(field)``."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidInput(field, f"must be a date in the years {FIRST_YEAR} to {LAST_YEAR}")
    return day


def instant_in_years(field: str, moment: datetime) -> datetime:
    """``moment`` if its (local) year is within the calendar's years: checked before any conversion, so an
    offset on the first or last representable day cannot overflow. Else ``InvalidInput(field)``."""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise InvalidInput(field, f"must be an instant in the years {FIRST_YEAR} to {LAST_YEAR}")
    return moment


def unsafe_character(c: str) -> bool:
    """Whether ``c`` is a control (a NUL, a newline), a bidi control (a right-to-left override) or mark."""
    return c in _MARKS or forbidden_character(c) is not None


def plain_text(field: str, value: str, limit: int = MAX_REFERENCE) -> str:
    """``value`` if it is at most ``limit`` characters without control or bidi characters; else
    ``InvalidInput(field)``."""
    if len(value) > limit:
        raise InvalidInput(field, f"must be at most {limit} characters")
    if any(map(unsafe_character, value)):
        raise InvalidInput(field, "must not hold control or bidi-override characters")
    return value
