"""The ICS importer on a hand-written corpus: each construct, then malformed feeds."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.ics.parse import IcsBusyParser, parse_busy
from core.calendar import BusyKind
from core.calendar.errors import FeedMalformed, FeedTooLarge

CORPUS = Path(__file__).parents[2] / "fixtures" / "ics"
MARCH = (datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 4, 1, tzinfo=UTC))


def _busy(name: str, zone: str = "UTC") -> list[tuple[str, str, str]]:
    found = parse_busy((CORPUS / name).read_bytes(), *MARCH, default_zone=zone)
    assert all(b.kind is BusyKind.IMPORTED and b.start.tzinfo is UTC for b in found)
    return [(b.start.strftime("%m-%d %H:%M"), b.end.strftime("%m-%d %H:%M"), b.reference) for b in found]


def test_a_plain_utc_event_inside_the_window_is_busy_and_one_outside_is_not() -> None:
    assert _busy("simple_utc.ics") == [("03-10 14:00", "03-10 15:30", "simple-1@example.com")]


def test_rrule_with_exdate_in_a_vtimezone_follows_local_time_across_dst() -> None:
    uid = "weekly-standup@example.com"
    # 09:00 New York is 14:00 UTC before 2025-03-09 and 13:00 UTC after; 03-17 is excluded
    assert _busy("rrule_exdate_tzid.ics") == [
        ("03-03 14:00", "03-03 15:00", uid),
        ("03-10 13:00", "03-10 14:00", uid),
        ("03-24 13:00", "03-24 14:00", uid),
    ]


def test_rdate_adds_occurrences() -> None:
    assert [start for start, _, _ in _busy("rdate.ics")] == ["03-10 12:00", "03-12 12:00", "03-14 16:00"]


def test_recurrence_id_overrides_move_or_cancel_single_occurrences() -> None:
    uid = "daily-1@example.com"
    assert _busy("recurrence_id_override.ics") == [
        ("03-10 08:00", "03-10 09:00", uid),
        ("03-11 15:00", "03-11 16:30", uid),  # moved
        ("03-13 08:00", "03-13 09:00", uid),  # 03-12 cancelled
    ]


def test_windows_zone_names_are_mapped_to_iana_zones() -> None:
    assert _busy("windows_tzid.ics") == [
        ("03-10 08:00", "03-10 09:00", "outlook-berlin@example.com"),
        ("03-11 16:00", "03-11 17:00", "outlook-pacific@example.com"),
    ]


def test_all_day_events_cover_whole_days_in_the_owners_zone() -> None:
    assert _busy("all_day.ics", zone="America/Chicago") == [
        ("03-10 05:00", "03-12 05:00", "holiday@example.com"),  # Chicago is UTC-5 after 03-09
        ("03-14 05:00", "03-15 05:00", "one-day@example.com"),  # no DTEND: one day
    ]


def test_cancelled_and_transparent_events_are_not_busy() -> None:
    assert _busy("cancelled_transparent.ics") == [("03-10 14:00", "03-10 15:00", "busy@example.com")]


def test_floating_times_use_x_wr_timezone_else_the_owners_zone() -> None:
    assert _busy("floating_wr_timezone.ics", zone="America/Chicago") == [
        ("03-10 08:00", "03-10 09:00", "floating@example.com")
    ]
    assert _busy("floating.ics", zone="America/Chicago") == [
        ("03-10 14:00", "03-10 15:30", "floating-owner@example.com")  # DURATION:PT90M
    ]


def test_the_port_adapter_binds_the_owners_zone() -> None:
    found = IcsBusyParser("America/Chicago").parse_busy((CORPUS / "floating.ics").read_bytes(), *MARCH)
    assert found[0].start == datetime(2025, 3, 10, 14, tzinfo=UTC)


@pytest.mark.parametrize(
    "name",
    [
        "malformed_empty.ics",
        "malformed_garbage.ics",
        "malformed_html.ics",
        "malformed_not_vcalendar.ics",
        "malformed_bad_date.ics",
        "malformed_no_dtstart.ics",
        "malformed_bad_rrule.ics",
        "malformed_truncated.ics",
    ],
)
def test_malformed_feeds_raise_the_domain_error_never_a_vendor_one(name: str) -> None:
    with pytest.raises(FeedMalformed) as caught:
        parse_busy((CORPUS / name).read_bytes(), *MARCH)
    assert caught.value.reason


def test_a_runaway_recurrence_is_refused_as_too_large() -> None:
    with pytest.raises(FeedTooLarge) as caught:
        parse_busy((CORPUS / "malformed_explosion.ics").read_bytes(), *MARCH, max_occurrences=300)
    assert caught.value.limit == 300


def test_an_imported_uid_is_cut_and_its_controls_replaced_before_an_owner_sees_it() -> None:
    uid = "evil\u202e\x00" + "u" * 100_000
    ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:" + uid + "\r\n"
           "DTSTART:20250310T140000Z\r\nDTEND:20250310T150000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")  # fmt: skip
    (busy,) = parse_busy(ics.encode(), *MARCH)
    assert len(busy.reference) == 200 and busy.reference.startswith("evil\ufffd\ufffduuu")


@pytest.mark.parametrize("dates", ["DTSTART;VALUE=DATE:99991231", "DTSTART:20250310T140000Z\r\nDURATION:P999999999D"])
def test_events_at_the_ends_of_the_calendar_are_malformed_not_a_crash(dates: str) -> None:
    event = f"BEGIN:VEVENT\r\nUID:a\r\n{dates}\r\nEND:VEVENT\r\n"
    ics = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{event}END:VCALENDAR\r\n"
    with pytest.raises(FeedMalformed):
        parse_busy(ics.encode(), *MARCH)
