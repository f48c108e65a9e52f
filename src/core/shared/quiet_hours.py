"""Quiet hours: a span of local minutes of the day, in a person's IANA time zone, when nothing is sent to them.

The span may cross midnight (22:00-08:00 is ``1320..480``); equal start and end mean no quiet hours. Digests,
review reminders and message notices all hold what falls inside it for a later run.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.shared.errors import InvalidInput

MINUTES_A_DAY = 24 * 60


def check_quiet_hours(time_zone: str, start_minute: int, end_minute: int) -> None:
    """Raise ``InvalidInput`` naming ``time_zone``, ``quiet_start_minute`` or ``quiet_end_minute`` when one is
    not an IANA zone or a minute of the day."""
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput("time_zone", f"{time_zone!r} is not an IANA time zone") from None
    for field, value in (("quiet_start_minute", start_minute), ("quiet_end_minute", end_minute)):
        if not 0 <= value < MINUTES_A_DAY:
            raise InvalidInput(field, "must be a minute of the day, 0..1439")


def quiet_at(time_zone: str, start_minute: int, end_minute: int, now: datetime) -> bool:
    """Whether ``now`` falls in the quiet hours ``start_minute..end_minute`` of ``time_zone``."""
    local = now.astimezone(ZoneInfo(time_zone))
    minute = local.hour * 60 + local.minute
    if start_minute == end_minute:
        return False
    if start_minute < end_minute:
        return start_minute <= minute < end_minute
    return minute >= start_minute or minute < end_minute
