"""Availability over HTTP answers exactly what the engine computes, and shows a booking or a schedule change on the
very next read (answers are kept by what they were computed from, never by time alone)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.serialization import encode_json
from litestar.testing import TestClient

from config.container import Container
from core.calendar.commands import QueryAvailability
from core.calendar.handlers import availability
from core.profiles.visibility import OPERATOR
from entrypoints.shapes.calendar_views import AvailabilityOut
from tests.unit.http.booking_world import ALICE, LOAD, PROVIDER, seeded_container, serving

PROFILE = "prf_load_001"
PATH = f"/api/profiles/{PROFILE}/availability"


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[TestClient[Any], Container, Any]]:
    container, clock = seeded_container(tmp_path)
    with serving(container) as client:
        yield client, container, clock


def computed(container: Container, days: int, minutes: int) -> Any:
    query = QueryAvailability(PROFILE, None, days, timedelta(minutes=minutes))
    found = availability(query, OPERATOR, container.calendar_uow(), container.clock())
    return json.loads(encode_json(AvailabilityOut.of(found)))


def test_an_answer_read_again_is_the_one_the_engine_computes(world: Any) -> None:
    client, container, clock = world
    for days, minutes in ((14, 60), (3, 45), (14, 60)):  # the last asked again: the kept answer
        answer = client.get(PATH, params={"days": days, "duration": minutes})
        assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
        assert answer.json() == computed(container, days, minutes)
    clock.advance(timedelta(minutes=20))  # the clock moves: starts too soon now are gone
    moved = client.get(PATH, params={"days": 14, "duration": 60}).json()
    assert moved == computed(container, 14, 60) and moved["slots"][0] != answer.json()["slots"][0]


def test_a_booking_and_a_schedule_change_show_on_the_next_read(world: Any) -> None:
    client, _container, _clock = world
    before = client.get(PATH, params={"days": 2, "duration": 60}).json()
    first = before["slots"][8]  # two hours ahead (a start at this very instant is too soon to check out)
    body = {"serviceProfileId": LOAD, "startTs": first["start_utc"], "endTs": first["end_utc"]}
    assert client.post("/api/checkout/start", json=body, headers=ALICE).status_code == 200
    held = client.get(PATH, params={"days": 2, "duration": 60}).json()  # the same instant: only the hold changed
    assert first not in held["slots"] and len(held["slots"]) < len(before["slots"])
    schedule = client.get(f"/api/profiles/{PROFILE}/schedule", headers=PROVIDER).json()
    closed = {key: value for key, value in schedule.items() if key not in ("owner_id", "updated_at")}
    closed["rules"] = []  # closed every day
    replaced = client.put(f"/api/profiles/{PROFILE}/schedule", json=closed, headers=PROVIDER)
    assert replaced.status_code == 200, replaced.text
    after = client.get(PATH, params={"days": 2, "duration": 60}).json()
    assert after["slots"] == [] and all(day["slots"] == 0 for day in after["days"])


def test_a_hidden_profile_is_not_answered_from_a_kept_answer(world: Any) -> None:
    client, _container, _clock = world
    assert client.get(PATH).status_code == 200
    assert client.get("/api/profiles/prf_nobody/availability").status_code == 404


def test_an_unpublished_profile_is_not_answered_from_inputs_kept_for_anonymous_readers(world: Any) -> None:
    client, _container, _clock = world
    kept = client.get(PATH, params={"days": 2, "duration": 60})
    assert kept.status_code == 200 and client.get(PATH, params={"days": 2, "duration": 60}).content == kept.content
    version = client.get(f"/api/profiles/{PROFILE}", headers=PROVIDER).json()["version"]
    unpublished = client.post(f"/api/profiles/{PROFILE}/unpublish", json={"version": version}, headers=PROVIDER)
    assert unpublished.status_code == 200, unpublished.text
    assert client.get(PATH, params={"days": 2, "duration": 60}).status_code == 404  # the same instant
    assert client.get(PATH, params={"days": 2, "duration": 60}, headers=PROVIDER).status_code == 200
    assert client.get(PATH, params={"days": 2, "duration": 60}).status_code == 404
