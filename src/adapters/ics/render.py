"""Render an export feed as RFC 5545 bytes (icalendar builds and folds the lines)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC

import icalendar

from core.calendar.export import ExportEvent

PRODID = "-//RastUp//Calendar export//EN"


def _vevent(event: ExportEvent) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("UID", event.uid)
    vevent.add("DTSTAMP", event.updated_at.astimezone(UTC))
    vevent.add("LAST-MODIFIED", event.updated_at.astimezone(UTC))
    vevent.add("DTSTART", event.start.astimezone(UTC))
    vevent.add("DTEND", event.end.astimezone(UTC))
    vevent.add("SUMMARY", event.summary)
    vevent.add("SEQUENCE", event.sequence)
    vevent.add("STATUS", event.status.value)
    vevent.add("TRANSP", "OPAQUE")
    return vevent


def render_feed(events: Sequence[ExportEvent], calendar_name: str) -> bytes:
    """A VCALENDAR with one VEVENT per event (cancelled ones as STATUS:CANCELLED), CRLF-delimited.

    The output depends only on the arguments, so an unchanged feed renders to identical bytes
    (handy for ETags).
    """
    calendar = icalendar.Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("X-WR-CALNAME", calendar_name)
    for event in events:
        calendar.add_component(_vevent(event))
    rendered: bytes = calendar.to_ical()
    return rendered
