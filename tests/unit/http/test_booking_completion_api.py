"""Booking views over HTTP: completion by the provider once the session has ended; a studio's address."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from config.container import Container
from tests.unit.http.booking_world import ALICE, BOB, PROVIDER, seeded_container, serving, slot
from tests.unit.http.signed_in import own_profile


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[TestClient[Any], Container, Any]]:
    container, clock = seeded_container(tmp_path)
    with serving(container) as client:
        yield client, container, clock


def test_the_provider_completes_a_paid_booking_after_its_end(world: Any) -> None:
    client, _container, clock = world
    txn = client.post("/api/checkout/start", json=slot(0.25), headers=ALICE).json()["txnId"]  # 15 min from now
    assert client.post("/api/checkout/confirm", json={"txnId": txn, "method": "pm_card_visa"},
                       headers=ALICE).json()["state"] == "confirmed"  # fmt: skip
    early = client.post(f"/api/bookings/{txn}/complete", headers=PROVIDER)
    assert early.status_code == 409 and early.json()["type"] == "/problems/guard-rejected"  # not ended yet
    for _ in range(4):  # 80 minutes pass: the hour-long session has ended; everyone stays signed in
        clock.advance(timedelta(minutes=20))
        for party in (ALICE, BOB, PROVIDER):
            client.get("/api/auth/sessions", headers=party)
    assert client.post(f"/api/bookings/{txn}/complete", headers=ALICE).status_code == 409  # not the client's to say
    assert client.post(f"/api/bookings/{txn}/complete", headers=BOB).status_code == 404  # a stranger learns nothing
    done = client.post(f"/api/bookings/{txn}/complete", headers=PROVIDER)
    assert done.status_code == 200, done.text
    assert done.json()["state"] == "completed" and done.json()["timeline"][-1]["state"] == "completed"
    assert client.get(f"/api/bookings/{txn}", headers=ALICE).json()["state"] == "completed"


def test_a_booked_studios_street_address_is_shown_once_the_booking_is_confirmed(world: Any) -> None:
    client, container, _clock = world
    with container.identity_uow() as uow:
        owner = uow.users.get_by_email("pat@example.com")
    assert owner is not None
    own_profile(container, "prf_demo_studio_la", owner.id)
    address = {"street": "1 Sunset Blvd", "city": "Los Angeles", "postal_code": "90028", "country": "US",
               "area": "Hollywood"}  # fmt: skip
    version = client.get("/api/profiles/prf_demo_studio_la").json()["version"]
    patched = client.patch("/api/profiles/prf_demo_studio_la", json={"version": version, "address": address},
                           headers=PROVIDER)  # fmt: skip
    assert patched.status_code == 200, patched.text
    day = client.get("/api/profiles/prf_demo_studio_la/availability?days=7&duration=60").json()
    first = day["slots"][0]
    body = {"serviceProfileId": "spf_demo_studio_la", "startTs": first["start_utc"], "endTs": first["end_utc"]}
    started = client.post("/api/checkout/start", json=body, headers=ALICE)
    assert started.status_code == 200, started.text
    txn = started.json()["txnId"]
    if started.json()["state"] == "requested":
        assert client.post(f"/api/bookings/{txn}/accept", headers=PROVIDER).status_code == 200
    before = client.get(f"/api/bookings/{txn}", headers=ALICE).json()["venue"]
    assert before == {"area": "Hollywood", "city": "Los Angeles", "region": "", "country": "US", "exact": False,
                      "street": None, "postal_code": None}  # fmt: skip
    paid = client.post("/api/checkout/confirm", json={"txnId": txn, "method": "pm_card_visa"}, headers=ALICE)
    assert paid.status_code == 200 and paid.json()["venue"]["street"] == "1 Sunset Blvd"
    assert client.get(f"/api/bookings/{txn}", headers=ALICE).json()["venue"]["exact"] is True
    cancelled = client.post(f"/api/bookings/{txn}/cancel", json={}, headers=ALICE).json()
    assert cancelled["venue"]["street"] is None  # a cancelled booking no longer needs the door
    plain = client.post("/api/checkout/start", json=slot(5), headers=BOB).json()  # a provider: no studio
    assert plain["txnId"] and client.get(f"/api/bookings/{plain['txnId']}", headers=BOB).json()["venue"] is None
