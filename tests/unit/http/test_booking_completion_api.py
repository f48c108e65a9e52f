"""Completing a booking over HTTP: the provider, once the session has ended; never the client or a stranger."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from config.container import Container
from tests.unit.http.booking_world import ALICE, BOB, PROVIDER, seeded_container, serving, slot


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
