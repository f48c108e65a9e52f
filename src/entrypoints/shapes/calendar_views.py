"""Calendar response bodies: slots in UTC and local time, explanations, feeds, export URLs."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import attrs

from core.calendar.availability_reads import Availability
from core.calendar.feed_urls import without_credentials
from core.calendar.feeds import CalendarFeed, FeedSource, FetchFailure
from core.calendar.reasons import Reason
from entrypoints.shapes.calendar import utc_text

_MINUTE = timedelta(minutes=1)
_FAILURES = {
    FetchFailure.UNREACHABLE: "the feed could not be reached",
    FetchFailure.TIMEOUT: "the feed did not answer in time",
    FetchFailure.TOO_LARGE: "the feed is larger than we import",
    FetchFailure.MALFORMED: "the feed is not a calendar we can read",
}


@attrs.frozen
class SlotOut:
    start_utc: str
    start_local: str
    end_utc: str
    end_local: str


@attrs.frozen
class DayOut:
    date: date
    slots: int


@attrs.frozen
class AvailabilityOut:
    profile_id: str
    zone: str
    duration_minutes: int
    days: list[DayOut]
    slots: list[SlotOut]

    @classmethod
    def of(cls, found: Availability) -> AvailabilityOut:
        slots = [
            SlotOut(
                utc_text(s.start), found.local(s.start).isoformat(), utc_text(s.end), found.local(s.end).isoformat()
            )
            for s in found.slots
        ]
        days = [DayOut(day.local_date, len(day.slots)) for day in found.days]
        return cls(found.owner_id, found.zone, found.duration // _MINUTE, days, slots)


def _plain(value: object) -> Any:
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value // _MINUTE
    return value


def reason_out(reason: Reason) -> dict[str, Any]:
    """``{"code", "ref", ...fields}``: ``ref`` names the booking, imported UID, blackout or date at fault."""
    fields = {name: _plain(value) for name, value in attrs.asdict(reason, recurse=False).items()}
    ref = next((fields[k] for k in ("booking_id", "uid", "reference", "local_date") if k in fields), None)
    renamed = {f"{k}_minutes" if isinstance(getattr(reason, k), timedelta) else k: v for k, v in fields.items()}
    return {"code": reason.code, "ref": ref, **renamed}


@attrs.frozen
class ExplanationOut:
    bookable: bool
    reasons: list[dict[str, Any]]


@attrs.frozen
class FeedErrorOut:
    kind: str
    message: str


@attrs.frozen
class FeedOut:
    id: str
    source: str
    url: str  # the uploaded file's name for uploads; never with credentials (older rows may hold some)
    status: str  # pending | ok | failing | uploaded
    last_error: FeedErrorOut | None
    busy_events: int
    last_synced_at: str | None
    next_attempt_at: str | None

    @classmethod
    def of(cls, feed: CalendarFeed) -> FeedOut:
        error = feed.last_error
        url = without_credentials(feed.url) if feed.source is FeedSource.URL else feed.url
        return cls(
            feed.feed_id, feed.source.value, url, feed.status.value,
            FeedErrorOut(error.failure.value, _FAILURES[error.failure]) if error else None, len(feed.busy),
            utc_text(feed.last_synced_at) if feed.last_synced_at else None,
            utc_text(feed.next_attempt_at) if feed.next_attempt_at else None,
        )  # fmt: skip


@attrs.frozen
class ExportOut:
    url: str  # shown once: only a digest of the token is stored
    issued_at: str
