"""Bookings keep the availability index (what search reads) true, refreshed by the service's periodic sweep: a
hold takes its time off, a cancellation or an expiry gives it back, a request that holds nothing changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from config.container import Container
from core.booking.commands import AcceptBooking
from core.booking.events import BookingEvent
from core.booking.model import Booking
from core.booking.on_events import owners_to_refresh
from entrypoints.http.app import swept
from tests.unit.booking.booking_builders import CLIENT, PROVIDER, PROVIDER_USER, RULES, quote, request
from tests.unit.booking.booking_builders import NOW as T0
from tests.unit.http.booking_world import ALICE, LOAD, NOW, iso, seeded_container, serving, slot

OWNER = "prf_load_001"  # LOAD's profile: open around the clock, Instant Book


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[TestClient[Any], Container, Any]]:
    container, clock = seeded_container(tmp_path)
    with serving(container) as client:
        yield client, container, clock


def bookable_today(container: Container, day: int = 0) -> int:
    with container.calendar_uow() as uow:
        row = uow.index.get(OWNER)
    assert row is not None
    return row.bookable_minutes[day]


def test_a_hold_takes_its_time_off_the_index_and_a_cancellation_gives_it_back(world: Any) -> None:
    client, container, _clock = world
    sweep = partial(swept, container, timedelta(hours=24))  # what the service runs every 30 s
    before = bookable_today(container)
    txn = client.post("/api/checkout/start", json=slot(2, minutes=120), headers=ALICE).json()["txnId"]
    assert bookable_today(container) == before  # off the request path: the row waits for the sweep
    sweep()
    held = bookable_today(container)
    assert held < before  # the two held hours are no longer offered to search
    client.post("/api/checkout/confirm", json={"txnId": txn, "method": "pm_card_visa"}, headers=ALICE)
    assert container.pending_availability().refresh_pending() == []  # paying keeps the same slot: nothing to redo
    assert client.post(f"/api/bookings/{txn}/cancel", json={}, headers=ALICE).status_code == 200
    sweep()
    assert bookable_today(container) == before


def test_an_expired_hold_gives_its_time_back_through_the_services_sweep(world: Any) -> None:
    client, container, clock = world
    before = bookable_today(container, day=1)  # tomorrow: the minutes passing today do not touch it
    body = {"serviceProfileId": LOAD, "startTs": iso(NOW + timedelta(hours=30)),
            "endTs": iso(NOW + timedelta(hours=31))}  # fmt: skip
    assert client.post("/api/checkout/start", json=body, headers=ALICE).json()["state"] == "held"
    swept(container, timedelta(hours=24))
    assert bookable_today(container, day=1) < before
    clock.advance(timedelta(minutes=16))  # the 15-minute hold lapses unpaid
    assert len(swept(container, timedelta(hours=24))) == 1
    assert bookable_today(container, day=1) == before


def test_only_transitions_that_take_or_free_a_slot_refresh_their_owners() -> None:

    requested = Booking.request(request(quote(), instant=False, studio="prf_studio"), "bkg_1", T0, RULES, by=CLIENT)
    accepted_events = requested.pull_events()
    requested.apply(AcceptBooking(actor=PROVIDER_USER, booking_id="bkg_1"), T0, by=PROVIDER)
    events: list[BookingEvent] = [*accepted_events, *requested.pull_events()]
    assert [e.to_state.value for e in events] == ["requested", "held"]
    assert owners_to_refresh(events[:1]) == []  # a request holds nothing
    assert owners_to_refresh(events) == [requested.provider_id, "prf_studio"]  # the hold took both calendars
