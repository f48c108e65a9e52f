"""Calendar inputs at and beyond their ranges: each answers 422 problem+json naming the field, nothing is written,
and a schedule stored before the ranges existed answers 409 instead of breaking the public routes."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy import update

from adapters.sqlalchemy.calendar_preview import CalendarAvailabilityPreview
from adapters.sqlalchemy.tables.calendar import calendar_schedules
from config.container import Container
from tests.security.conftest import STRANGER
from tests.unit.http.signed_in import signed_out

EVERY_DAY = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
PROBLEM = "application/problem+json"
DAY = 24 * 60


def schedule_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "zone": "America/Los_Angeles",
        "rules": [{"weekday": day, "start": "09:00", "end": "17:00"} for day in EVERY_DAY],
        "min_notice_minutes": 0,
        "granularity_minutes": 60,
        "min_duration_minutes": 60,
    }
    return {**body, **changes}


def blackout(**changes: Any) -> list[dict[str, Any]]:
    return [{"start": "2030-01-01T00:00:00Z", "end": "2030-01-02T00:00:00Z", "reference": "holiday", **changes}]


@pytest.fixture
def profile_id(client: TestClient[Any], container: Container) -> str:
    """A published profile of the owner (its availability is public) with a valid schedule at version 1."""
    response = client.post("/api/profiles", json={"display_name": "Cal Owner", "roles": ["photographer"]})
    assert response.status_code == 201
    profile = str(response.json()["id"])
    with container.profiles_uow() as uow:
        draft = uow.profiles.get(profile)
        draft.publish(container.clock().now())
        uow.profiles.save(draft, draft.version - 1)
        uow.commit()
    assert client.put(f"/api/profiles/{profile}/schedule", json={"version": 0, **schedule_body()}).status_code == 200
    return profile


def refused(answer: Any, field: str, status: int = 422) -> dict[str, Any]:
    """The problem body, once ``answer`` is a problem+json of ``status`` naming ``field``."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith(PROBLEM)
    body = dict(answer.json())
    assert field in [error["field"] for error in body["errors"]], body
    return body


def unchanged(client: TestClient[Any], profile_id: str) -> None:
    """Nothing was written: the schedule is still at version 1 and availability still answers."""
    assert client.get(f"/api/profiles/{profile_id}/schedule").json()["version"] == 1
    with signed_out(client):
        assert client.get(f"/api/profiles/{profile_id}/availability").status_code == 200


OUT_OF_RANGE = [
    ({"buffer_before_minutes": 1_000_000_000}, "buffer_before_minutes"),
    ({"buffer_before_minutes": DAY + 1}, "buffer_before_minutes"),
    ({"buffer_after_minutes": -1}, "buffer_after_minutes"),
    ({"buffer_after_minutes": 2**63 + 1}, "buffer_after_minutes"),
    ({"booking_window_days": 999_999}, "booking_window_days"),
    ({"booking_window_days": 366}, "booking_window_days"),
    ({"booking_window_days": 0}, "booking_window_days"),
    ({"min_notice_minutes": 90 * DAY + 1}, "min_notice_minutes"),
    ({"min_notice_minutes": 10**12}, "min_notice_minutes"),
    ({"min_notice_minutes": 30 * DAY, "booking_window_days": 30}, "booking_window_days"),
    ({"min_duration_minutes": DAY + 60}, "min_duration_minutes"),
    ({"min_duration_minutes": 1_000_000_000}, "min_duration_minutes"),
    ({"granularity_minutes": 2**70}, "granularity_minutes"),
    ({"granularity_minutes": 1, "min_duration_minutes": 60}, "granularity_minutes"),
    ({"granularity_minutes": 7}, "granularity_minutes"),
    ({"blackouts": blackout(start="0001-01-01T00:00:00+01:00")}, "blackouts[0].start"),
    ({"blackouts": blackout(end="9999-12-31T23:59:59-05:00")}, "blackouts[0].end"),
    ({"blackouts": blackout(start="1999-12-31T00:00:00Z")}, "blackouts[0].start"),
    ({"blackouts": blackout(end="2200-01-01T00:00:00Z")}, "blackouts[0].end"),
    ({"blackouts": blackout(reference="r" * 201)}, "blackouts[0].reference"),
    ({"blackouts": blackout(reference="r" * 60_000)}, "blackouts[0].reference"),
    ({"blackouts": blackout(reference="nul\x00here")}, "blackouts[0].reference"),
    ({"blackouts": blackout(reference="txt.\u202eexe")}, "blackouts[0].reference"),
    ({"blackouts": blackout(reference="isolate\u2066")}, "blackouts[0].reference"),
    ({"exceptions": [{"date": "9999-12-31", "kind": "closed"}]}, "exceptions[0].date"),
    ({"exceptions": [{"date": "0001-01-01", "kind": "closed"}]}, "exceptions[0].date"),
    ({"zone": "Europe/" + "X" * 2000}, "zone"),
    ({"zone": "Europe/Lon\x00don"}, "zone"),
    ({"zone": "../../../etc/passwd"}, "zone"),
]


@pytest.mark.parametrize(("changes", "field"), OUT_OF_RANGE)
def test_a_schedule_value_out_of_range_is_refused_naming_it_and_nothing_is_written(
    client: TestClient[Any], profile_id: str, changes: dict[str, Any], field: str
) -> None:
    answer = client.put(f"/api/profiles/{profile_id}/schedule", json={"version": 1, **schedule_body(**changes)})
    body = refused(answer, field)
    assert len(answer.text) < 1000  # nothing refused is echoed whole
    if field == "booking_window_days":
        assert "days" in body["errors"][0]["reason"] and "minutes" not in body["errors"][0]["reason"]
    unchanged(client, profile_id)


def test_a_huge_reference_is_refused_and_not_stored(client: TestClient[Any], profile_id: str) -> None:
    body = {"version": 1, **schedule_body(blackouts=blackout(reference="r" * 100_000))}
    answer = client.put(f"/api/profiles/{profile_id}/schedule", json=body)
    assert answer.status_code in (413, 422) and answer.headers["content-type"].startswith(PROBLEM)
    unchanged(client, profile_id)


def test_a_huge_version_is_refused(client: TestClient[Any], profile_id: str) -> None:
    answer = client.put(f"/api/profiles/{profile_id}/schedule", json={"version": 2**70, **schedule_body()})
    refused(answer, "version")
    unchanged(client, profile_id)


@pytest.mark.parametrize(
    ("changes", "stored"),
    [
        ({"buffer_before_minutes": DAY, "buffer_after_minutes": DAY}, {"buffer_before_minutes": DAY}),
        ({"booking_window_days": 365, "min_notice_minutes": 90 * DAY}, {"booking_window_days": 365}),
        ({"booking_window_days": 1}, {"booking_window_days": 1}),
        ({"granularity_minutes": DAY, "min_duration_minutes": DAY}, {"granularity_minutes": DAY}),
        ({"granularity_minutes": 5, "min_duration_minutes": 5}, {"granularity_minutes": 5}),
        ({"blackouts": blackout(start="2000-01-01T00:00:00+14:00", end="2199-12-31T23:59:00-12:00",
                                reference="é" * 200)}, {}),
        ({"exceptions": [{"date": "2000-01-01", "kind": "closed"}, {"date": "2199-12-31", "kind": "closed"}]}, {}),
    ],
)  # fmt: skip
def test_the_ends_of_every_range_are_accepted_and_every_reader_answers(
    client: TestClient[Any], profile_id: str, changes: dict[str, Any], stored: dict[str, Any]
) -> None:
    path = f"/api/profiles/{profile_id}"
    answer = client.put(f"{path}/schedule", json={"version": 1, **schedule_body(**changes)})
    assert answer.status_code == 200, answer.text
    assert stored.items() <= answer.json().items()
    explained = client.get(f"{path}/availability/explain?start=2030-01-01T17:00:00Z&end=2030-01-02T17:00:00Z")
    assert explained.status_code == 200
    with signed_out(client):
        assert client.get(f"{path}/availability?days=62").status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=0001-01-01", "from"),
        ("from=9999-12-31", "from"),
        ("from=1999-12-31", "from"),
        ("from=2200-01-01", "from"),
        ("from=2026-13-01", "from"),
        ("days=0", "days"),
        ("days=63", "days"),
        ("days=99999999999999999999999", "days"),
        ("duration=0", "duration"),
        ("duration=30", "duration"),  # below the schedule's minimum of 60
        ("duration=1441", "duration"),
        ("duration=-99999999999999999999999", "duration"),
    ],
)
def test_public_availability_refuses_query_extremes_naming_the_parameter(
    client: TestClient[Any], profile_id: str, query: str, field: str
) -> None:
    with signed_out(client):
        refused(client.get(f"/api/profiles/{profile_id}/availability?{query}"), field)
        assert client.get(f"/api/profiles/{profile_id}/availability?from=2199-12-31&days=62").status_code == 200


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("0001-01-01T00:00:00%2B01:00", "2030-01-01T00:00:00Z", "start"),
        ("9999-12-31T00:00:00Z", "9999-12-31T23:00:00Z", "start"),
        ("2030-01-01T00:00:00Z", "9999-12-31T23:59:59-05:00", "end"),
        ("2030-01-01T00:00:00Z", "2099-12-31T23:00:00Z", "end"),  # decades: too long to explain
        ("2030-01-01T00:00:00Z", "2030-01-08T00:01:00Z", "end"),
        ("2030-01-01T00:00:00", "2030-01-01T01:00:00Z", "start"),
        ("2030-01-01T01:00:00Z", "2030-01-01T01:00:00Z", "end"),
    ],
)
def test_explain_refuses_instants_out_of_range_naming_them(
    client: TestClient[Any], profile_id: str, start: str, end: str, field: str
) -> None:
    refused(client.get(f"/api/profiles/{profile_id}/availability/explain?start={start}&end={end}"), field)


@pytest.mark.parametrize(
    ("name", "field"),  # the edge refuses controls in any query value; the core, a name over 200 characters
    [("evil\x00.ics", "query.name"), ("cal\u202eslc.ics", "query.name"), ("n" * 201, "name")],
)
def test_an_uploaded_calendar_name_with_controls_or_too_long_is_refused(
    client: TestClient[Any], profile_id: str, name: str, field: str
) -> None:
    answer = client.post(
        f"/api/profiles/{profile_id}/calendar/feeds", params={"name": name},
        content=b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", headers={"Content-Type": "text/calendar"},
    )  # fmt: skip
    refused(answer, field)
    assert client.get(f"/api/profiles/{profile_id}/calendar/feeds").json() == []


def plant(container: Container, profile_id: str, **values: Any) -> None:
    """Write schedule values straight into the row, around every check (as an old release could have)."""
    with container.engine().begin() as connection:
        statement = update(calendar_schedules).where(calendar_schedules.c.owner_id == profile_id)
        connection.execute(statement.values(**values))


@pytest.mark.parametrize(
    "values",
    [
        {"buffer_before_minutes": 1_000_000_000},
        {"booking_window_minutes": 999_999 * DAY // 1000},
        {"granularity_minutes": 1, "min_duration_minutes": 1},
        {"zone": "Mars/Olympus"},
        {"blackouts": [{"start": "0001-01-01T00:00:00+01:00", "end": "2030-01-01T00:00:00Z", "reference": ""}]},
        {"rules": [{"weekday": 9, "start": "25:00", "end": "09:00"}]},
        {"exceptions": "not a list"},
    ],
)
def test_a_stored_schedule_out_of_range_answers_409_until_its_owner_saves_it_again(
    client: TestClient[Any], container: Container, profile_id: str, values: dict[str, Any]
) -> None:
    plant(container, profile_id, **values)
    path = f"/api/profiles/{profile_id}"
    with signed_out(client):
        public = client.get(f"{path}/availability")
        assert public.status_code == 409 and public.headers["content-type"].startswith(PROBLEM)
        assert public.json()["type"] == "/problems/calendar-schedule-unreadable"
    read = client.get(f"{path}/schedule", headers=STRANGER)
    assert read.status_code == 409 and read.json()["version"] == 1
    explained = client.get(f"{path}/availability/explain?start=2030-01-01T17:00:00Z&end=2030-01-01T18:00:00Z")
    assert explained.status_code == 409
    preview = CalendarAvailabilityPreview(container.calendar_uow)
    assert preview.next_days(profile_id, 14, container.clock().now()) is None  # the public page: "not available"
    fixed = client.put(f"{path}/schedule", json={"version": read.json()["version"], **schedule_body()})
    assert fixed.status_code == 200 and fixed.json()["version"] == 2
    with signed_out(client):
        assert client.get(f"{path}/availability").status_code == 200
