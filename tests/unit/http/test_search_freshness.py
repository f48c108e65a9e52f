"""Freshness: a schedule saved and a booking that takes or frees time reach the people index through the outbox
(``AvailabilityChanged`` -> the indexer); the day's rollover refreshes the availability part of every document."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from config.container import Container
from core.search.documents import SearchDocument
from core.search.query import IndexQuery
from entrypoints.http.app import swept
from tests.unit.http.booking_world import ALICE, PROVIDER, seeded_container, serving, slot
from tests.unit.http.test_calendar_api import schedule_body

ANA, LOAD = "prf_demo_photographer_la", "prf_load_001"


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[TestClient[Any], Container, Any]]:
    container, clock = seeded_container(tmp_path, search_cursor_key="k" * 32)
    container.search().indexer.rebuild()
    with serving(container) as client:
        yield client, container, clock


def document(container: Container, profile_id: str) -> SearchDocument:
    hits = container.search().index.query(IndexQuery(limit=100)).hits
    return next(hit.document for hit in hits if hit.document.id == profile_id)


def test_a_saved_schedule_reaches_the_document_at_once(world: Any) -> None:
    client, container, _clock = world
    before = document(container, ANA).bookable_minutes
    assert before > 0
    path = f"/api/profiles/{ANA}/schedule"
    version = client.get(path, headers=PROVIDER).json()["version"]
    closed = client.put(path, json=schedule_body(version=version, rules=[]), headers=PROVIDER)
    assert closed.status_code == 200
    assert document(container, ANA).bookable_minutes == 0  # no sweep, no reindex: the outbox's indexer did it
    day = document(container, ANA).days[1].on.isoformat()
    found = client.get("/api/search/people", params={"q": "ana", "date": day}).json()["results"]
    assert ANA not in [r["id"] for r in found]


def test_a_held_booking_reaches_the_document_with_the_availability_sweep(world: Any) -> None:
    client, container, _clock = world
    before = document(container, LOAD).days[0].minutes
    started = client.post("/api/checkout/start", json=slot(2, minutes=120), headers=ALICE)
    assert started.status_code in (200, 201)
    swept(container, timedelta(hours=24))  # what the service's availability loop runs every second
    assert document(container, LOAD).days[0].minutes == before - 120


def test_the_day_rollover_moves_every_document_to_the_new_day(tmp_path: Path) -> None:
    # No service around it: its relay and periodic tasks would index, on their own threads, what was computed
    # before the clock moved, racing the rollover this test checks (the next rollover repairs that, but the second
    # run below would then find documents to move). The outbox is drained here, then the day rolls over.
    container, clock = seeded_container(tmp_path, search_cursor_key="k" * 32)
    container.search().indexer.rebuild()
    relay = container.outbox_relay()
    rounds = 0
    while relay.run_once().handled:
        rounds += 1
        assert rounds < 100, "the outbox does not drain"
    first = document(container, ANA).days[0].on
    clock.advance(timedelta(days=1))
    rolled = container.search().roll_over()
    assert rolled.documents >= 5 and rolled.calendar_rows >= 5
    for profile_id in (ANA, LOAD):
        days = document(container, profile_id).days
        assert days[0].on == first + timedelta(days=1) and len(days) == 14
    assert container.search().roll_over().documents == 0  # nothing moved since: nothing rewritten
