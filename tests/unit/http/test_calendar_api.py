"""Calendar over HTTP on SQLite: schedules, availability in UTC and local time, explain, feeds, export."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import icalendar
import pytest
from litestar.testing import TestClient

from tests.unit.http.conftest import STAFF, STRANGER
from tests.unit.http.signed_in import refused_as, signed_out

LA = ZoneInfo("America/Los_Angeles")
EVERY_DAY = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def schedule_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "version": 0,
        "zone": "America/Los_Angeles",
        "rules": [{"weekday": day, "start": "09:00", "end": "17:00"} for day in EVERY_DAY],
        "min_notice_minutes": 0,
        "granularity_minutes": 60,
        "min_duration_minutes": 60,
    }
    return {**body, **changes}


@pytest.fixture
def profile_id(client: TestClient) -> str:
    response = client.post("/api/profiles", json={"display_name": "Cal Owner", "roles": ["photographer"]})
    assert response.status_code == 201
    return str(response.json()["id"])


@pytest.fixture
def scheduled(client: TestClient, profile_id: str) -> str:
    assert client.put(f"/api/profiles/{profile_id}/schedule", json=schedule_body()).status_code == 200
    return profile_id


def tomorrow_local() -> str:
    return (datetime.now(UTC).astimezone(LA).date() + timedelta(days=1)).isoformat()


def test_put_and_get_a_schedule_with_its_version(client: TestClient, profile_id: str) -> None:
    path = f"/api/profiles/{profile_id}/schedule"
    assert client.get(path).status_code == 404  # no schedule yet
    created = client.put(path, json=schedule_body(exceptions=[{"date": "2030-12-25", "kind": "closed"}]))
    assert created.status_code == 200 and created.headers["etag"] == 'W/"1"'
    read = client.get(path).json()
    assert read["version"] == 1 and read["rules"][0] == {"weekday": "monday", "start": "09:00", "end": "17:00"}
    assert read["exceptions"] == [{"date": "2030-12-25", "kind": "closed", "windows": []}]
    stale = client.put(path, json=schedule_body())
    assert stale.status_code == 409 and stale.json()["current_version"] == 1
    assert client.put(path, json=schedule_body(version=1, zone="Europe/London")).json()["version"] == 2


def test_a_schedule_is_its_owners_to_replace(client: TestClient, scheduled: str) -> None:
    path, export = f"/api/profiles/{scheduled}/schedule", f"/api/profiles/{scheduled}/calendar/export"
    unknown = client.put("/api/profiles/prf_nobody/schedule", json=schedule_body(version=1))
    for someone in (STRANGER, STAFF):  # the 404 an unknown profile gets; the stored schedule stays as it was
        refused = client.put(path, json=schedule_body(version=1, zone="Europe/London"), headers=someone)
        assert refused_as(refused, 404, "not-found") and refused.json()["title"] == unknown.json()["title"]
        assert refused_as(client.post(export, headers=someone), 404, "not-found")
    with signed_out(client):
        assert refused_as(client.put(path, json=schedule_body(version=1)), 401, "session-invalid")
    assert client.get(path).json()["version"] == 1 and client.get(path).json()["zone"] == "America/Los_Angeles"
    assert client.put(path, json=schedule_body(version=1, zone="Europe/London")).json()["zone"] == "Europe/London"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rules": [{"weekday": "monday", "start": "17:00", "end": "09:00"}]}, "rules[0].end"),
        ({"zone": "Mars/Olympus_Mons"}, "zone"),
        ({"rules": [{"weekday": "monday", "start": "09:00", "end": "12:00"},
                    {"weekday": "monday", "start": "11:00", "end": "13:00"}]}, "rules[1]"),
        ({"min_duration_minutes": 15, "granularity_minutes": 30}, "min_duration_minutes"),
        ({"granularity_minutes": 7}, "granularity_minutes"),
        ({"rules": [{"weekday": "funday", "start": "09:00", "end": "12:00"}]}, "rules[0].weekday"),
        ({"rules": [{"weekday": "monday", "start": "9am", "end": "12:00"}]}, "rules[0].start"),
        ({"blackouts": [{"start": "2030-01-01T00:00:00", "end": "2030-01-02T00:00:00Z"}]}, "blackouts[0].start"),
    ],
)  # fmt: skip
def test_a_schedule_that_makes_no_sense_is_refused_naming_the_field(
    client: TestClient, profile_id: str, changes: dict[str, Any], field: str
) -> None:
    response = client.put(f"/api/profiles/{profile_id}/schedule", json=schedule_body(**changes))
    assert response.status_code == 422 and response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["field"].startswith(field)


def test_unknown_body_fields_and_unknown_profiles(client: TestClient, profile_id: str) -> None:
    response = client.put(f"/api/profiles/{profile_id}/schedule", json=schedule_body(colour="blue"))
    assert response.status_code == 422 and response.json()["errors"] == [{"field": "colour", "reason": "unknown field"}]
    assert client.put("/api/profiles/prf_nobody/schedule", json=schedule_body()).status_code == 404
    assert client.get("/api/profiles/prf_nobody/availability").status_code == 404
    assert client.get("/api/profiles/prf_nobody/calendar/feeds").status_code == 404


def test_availability_lists_slots_in_utc_and_local_time(client: TestClient, scheduled: str) -> None:
    day = tomorrow_local()
    response = client.get(f"/api/profiles/{scheduled}/availability", params={"from": day, "days": 2, "duration": 60})
    assert response.status_code == 200
    body = response.json()
    assert body["zone"] == "America/Los_Angeles" and [d["slots"] for d in body["days"]] == [8, 8]
    first = body["slots"][0]
    assert first["start_local"].startswith(f"{day}T09:00:00-0") and first["start_utc"].endswith("Z")
    start_utc = datetime.fromisoformat(first["start_utc"])
    assert start_utc == datetime.fromisoformat(first["start_local"])
    assert datetime.fromisoformat(first["end_utc"]) - start_utc == timedelta(hours=1)
    assert all(s["start_local"][11:13] in {f"{h:02d}" for h in range(9, 17)} for s in body["slots"])
    too_short = client.get(f"/api/profiles/{scheduled}/availability", params={"duration": 30})
    assert too_short.status_code == 422 and too_short.json()["errors"][0]["field"] == "duration"
    bad_date = client.get(f"/api/profiles/{scheduled}/availability", params={"from": "next tuesday"})
    assert bad_date.status_code == 422 and bad_date.json()["errors"][0]["field"] == "from"


def test_explain_gives_coded_reasons_and_nothing_for_a_bookable_interval(client: TestClient, scheduled: str) -> None:
    day = tomorrow_local()
    path = f"/api/profiles/{scheduled}/availability/explain"
    early = client.get(path, params={"start": f"{day}T07:00:00-08:00", "end": f"{day}T08:00:00-08:00"}).json()
    assert early["bookable"] is False and [r["code"] for r in early["reasons"]] == ["outside-hours"]
    assert early["reasons"][0]["ref"] == day
    fine = client.get(path, params={"start": f"{day}T10:00:00-08:00", "end": f"{day}T11:00:00-08:00"}).json()
    assert fine == {"bookable": True, "reasons": []}
    naive = client.get(path, params={"start": f"{day}T10:00:00", "end": f"{day}T11:00:00Z"})
    assert naive.status_code == 422 and naive.json()["errors"][0]["field"] == "start"


def ics_event(day: str, uid: str) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//t//EN", "BEGIN:VEVENT", f"UID:{uid}",
             "DTSTAMP:20260101T000000Z", f"DTSTART;TZID=America/Los_Angeles:{day.replace('-', '')}T100000",
             f"DTEND;TZID=America/Los_Angeles:{day.replace('-', '')}T120000", "SUMMARY:Dentist", "END:VEVENT",
             "END:VCALENDAR", ""]  # fmt: skip
    return "\r\n".join(lines).encode()


def test_an_uploaded_ics_file_blocks_slots_until_it_is_removed(client: TestClient, scheduled: str) -> None:
    day = tomorrow_local()
    feeds = f"/api/profiles/{scheduled}/calendar/feeds"
    upload = client.post(feeds, content=ics_event(day, "dentist@example"), params={"name": "mine.ics"},
                         headers={"content-type": "text/calendar"})  # fmt: skip
    assert upload.status_code == 201
    feed = upload.json()
    assert feed["status"] == "uploaded" and feed["busy_events"] == 1 and feed["url"] == "mine.ics"
    slots = client.get(f"/api/profiles/{scheduled}/availability", params={"from": day, "days": 1}).json()["slots"]
    assert [s["start_local"][11:13] for s in slots] == ["09", "12", "13", "14", "15", "16"]
    why = client.get(f"/api/profiles/{scheduled}/availability/explain",
                     params={"start": f"{day}T10:00:00-08:00", "end": f"{day}T11:00:00-08:00"}).json()  # fmt: skip
    assert [(r["code"], r["ref"]) for r in why["reasons"]] == [("imported-event", "dentist@example")]
    assert [f["id"] for f in client.get(feeds).json()] == [feed["id"]]
    assert client.delete(f"{feeds}/{feed['id']}").status_code == 204
    assert client.delete(f"{feeds}/{feed['id']}").status_code == 404
    assert (
        len(client.get(f"/api/profiles/{scheduled}/availability", params={"from": day, "days": 1}).json()["slots"]) == 8
    )


def test_feeds_and_explain_are_the_owners_alone(client: TestClient, scheduled: str) -> None:
    day = tomorrow_local()
    feeds, explain = f"/api/profiles/{scheduled}/calendar/feeds", f"/api/profiles/{scheduled}/availability/explain"
    ics = {"content": ics_event(day, "dentist@example"), "headers": {"content-type": "text/calendar"}}
    ten = {"start": f"{day}T10:00:00-08:00", "end": f"{day}T11:00:00-08:00"}
    with signed_out(client):
        assert refused_as(client.post(feeds, **ics), 401, "session-invalid")
        subscribed = client.post(feeds, json={"url": "https://calendar.example/private.ics"})
        assert refused_as(subscribed, 401, "session-invalid")
        assert refused_as(client.get(feeds), 401, "session-invalid")
        assert refused_as(client.get(explain, params=ten), 401, "session-invalid")
    assert refused_as(client.post(feeds, content=ics["content"], headers={**STRANGER, **ics["headers"]}), 404,
                      "not-found")  # fmt: skip
    subscribed = client.post(feeds, json={"url": "https://calendar.example/private.ics"}, headers=STRANGER)
    assert refused_as(subscribed, 404, "not-found")
    assert refused_as(client.get(feeds, headers=STRANGER), 404, "not-found")
    assert refused_as(client.get(explain, params=ten, headers=STRANGER), 404, "not-found")
    assert client.get(feeds).json() == []  # the stranger added no feed, so no busy time either
    assert client.get(explain, params=ten).json() == {"bookable": True, "reasons": []}

    assert client.post(feeds, **ics).status_code == 201
    assert [f["url"] for f in client.get(feeds).json()] == ["calendar.ics"]
    assert [r["ref"] for r in client.get(explain, params=ten).json()["reasons"]] == ["dentist@example"]


def test_feed_urls_are_checked_and_failures_are_shown_not_raised(client: TestClient, scheduled: str) -> None:
    feeds = f"/api/profiles/{scheduled}/calendar/feeds"
    bad = client.post(feeds, json={"url": "ftp://example.com/cal.ics"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "url"
    assert {"field": "link", "reason": "unknown field"} in client.post(feeds, json={"link": "x"}).json()["errors"]
    malformed = client.post(feeds, content=b"not a calendar", headers={"content-type": "text/calendar"})
    assert malformed.status_code == 422 and malformed.json()["type"] == "/problems/calendar-feed-malformed"
    inward = client.post(feeds, json={"url": "http://127.0.0.1:9/nothing.ics"})  # never fetched: not stored
    assert inward.status_code == 422 and inward.json()["errors"][0]["field"] == "url"
    unreachable = client.post(feeds, json={"url": "https://nothing.invalid/cal.ics"})  # may resolve later: kept
    assert unreachable.status_code == 201
    assert unreachable.json()["status"] == "failing" and unreachable.json()["last_error"]["kind"] == "unreachable"


def test_the_export_feed_is_shown_once_served_as_ics_rotated_and_revoked(client: TestClient, scheduled: str) -> None:
    export = f"/api/profiles/{scheduled}/calendar/export"
    issued = client.post(export)
    assert issued.status_code == 201
    path = urlparse(issued.json()["url"]).path
    assert path.startswith("/calendar/") and path.endswith(".ics")
    feed = client.get(path)
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert icalendar.Calendar.from_ical(feed.content).get("PRODID") is not None
    assert client.get(path, headers={"If-None-Match": feed.headers["etag"]}).status_code == 304
    assert client.post(export).status_code == 409
    rotated = urlparse(client.post(f"{export}/rotate").json()["url"]).path
    assert client.get(path).status_code == 404 and client.get(rotated).status_code == 200
    assert client.delete(export).status_code == 204
    assert client.get(rotated).status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    assert client.get("/calendar/no-suffix").status_code == 404
    assert client.post("/api/profiles/prf_nobody/calendar/export").status_code == 404
