"""The export renderer writes RFC 5545 that icalendar reads back event for event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar

from adapters.ics.parse import parse_busy
from adapters.ics.render import render_feed
from core.calendar import Interval
from core.calendar.export import ExportFeed

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _feed() -> ExportFeed:
    feed = ExportFeed.issue("prf_1", "k" * 40, NOW)
    for n in range(3):
        when = Interval.of(NOW + timedelta(days=n + 1), NOW + timedelta(days=n + 1, hours=2))
        feed.record_booking(f"bkg_{n}", when, f"Session {n}, with a comma; and a long summary " * 2, True, NOW)
    later = Interval.of(NOW + timedelta(days=9), NOW + timedelta(days=9, hours=1))
    feed.record_booking("bkg_1", later, "Session 1 moved", True, NOW + timedelta(hours=1))
    feed.record_booking("bkg_2", later, "Session 2", False, NOW + timedelta(hours=2))
    return feed


def test_rendered_feed_reparses_with_uids_sequence_status_and_times() -> None:
    feed = _feed()
    body = render_feed(feed.feed_events(), "RastUp bookings")
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))  # folded as RFC 5545 3.1 requires
    calendar = icalendar.Calendar.from_ical(body)
    assert str(calendar["VERSION"]) == "2.0" and "PRODID" in calendar
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"booking-bkg_0@rastup", "booking-bkg_1@rastup", "booking-bkg_2@rastup"}
    moved, cancelled = events["booking-bkg_1@rastup"], events["booking-bkg_2@rastup"]
    assert int(moved["SEQUENCE"]) == 1
    moved_start = moved.DTSTART
    assert moved_start == NOW + timedelta(days=9)
    assert str(cancelled["STATUS"]) == "CANCELLED" and int(cancelled["SEQUENCE"]) == 1
    assert all("DTSTAMP" in e for e in events.values())
    assert str(events["booking-bkg_0@rastup"]["SUMMARY"]).startswith("Session 0, with a comma; and")


def test_rendering_is_deterministic_and_the_importer_reads_confirmed_events_only() -> None:
    events = _feed().feed_events()
    body = render_feed(events, "RastUp bookings")
    assert body == render_feed(events, "RastUp bookings")
    busy = parse_busy(body, NOW, NOW + timedelta(days=30))
    assert [b.reference for b in busy] == ["booking-bkg_0@rastup", "booking-bkg_1@rastup"]
