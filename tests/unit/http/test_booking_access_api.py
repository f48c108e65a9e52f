"""Who may act on a booking over HTTP, now decided in the core: the same 404 for a stranger as for an unknown
booking, with nothing changed; the client, the provider and staff keep exactly their rights."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from config.container import Container
from tests.unit.http.booking_world import ALICE, BOB, NOW, PROVIDER, STAFF, iso, seeded_container, serving, slot


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[TestClient[Any], Container]]:
    container, _clock = seeded_container(tmp_path)
    with serving(container) as client:
        yield client, container


def requested(client: TestClient[Any]) -> str:
    """A request on the demo photographer (no Instant Book), awaiting its provider."""
    start = NOW + timedelta(days=2, hours=1)
    body = {"serviceProfileId": "spf_demo", "startTs": iso(start), "endTs": iso(start + timedelta(hours=1))}
    answer = client.post("/api/checkout/start", json=body, headers=ALICE).json()
    assert answer["state"] == "requested"
    return str(answer["txnId"])


def without_ids(problem: dict[str, Any], booking_id: str) -> dict[str, Any]:
    return {k: str(v).replace(booking_id, "<id>") for k, v in problem.items() if k != "request_id"}


def test_a_stranger_gets_the_404_of_an_unknown_booking_on_every_route_and_nothing_changes(world: Any) -> None:
    client, _container = world
    txn = requested(client)
    shown = client.get(f"/api/bookings/{txn}", headers=ALICE).json()
    routes = [("GET", "", None), ("POST", "/accept", None), ("POST", "/decline", {}), ("POST", "/cancel", {}),
              ("POST", "/complete", None)]  # fmt: skip
    for method, action, body in routes:
        unknown = client.request(method, f"/api/bookings/bkg_nope{action}", json=body, headers=BOB)
        hidden = client.request(method, f"/api/bookings/{txn}{action}", json=body, headers=BOB)
        assert (unknown.status_code, hidden.status_code) == (404, 404), (action, hidden.text)
        assert without_ids(hidden.json(), txn) == without_ids(unknown.json(), "bkg_nope")
        assert client.request(method, f"/api/bookings/{txn}{action}", json=body).status_code == 401  # anonymous
    paying = client.post("/api/checkout/confirm", json={"txnId": txn, "method": "pm_card_visa"}, headers=BOB)
    assert paying.status_code == 404
    assert client.get(f"/api/bookings/{txn}", headers=ALICE).json() == shown


def test_staff_read_cancel_with_an_override_and_complete_but_answer_no_request(world: Any) -> None:
    client, _container = world
    txn = requested(client)
    assert client.get(f"/api/bookings/{txn}", headers=STAFF).status_code == 200
    accepted = client.post(f"/api/bookings/{txn}/accept", headers=STAFF)  # the provider's to answer
    assert accepted.status_code == 409 and accepted.json()["type"] == "/problems/illegal-transition"
    cancelled = client.post(f"/api/bookings/{txn}/cancel", json={"refundBps": 0, "reason": "duplicate"},
                            headers=STAFF)  # fmt: skip
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["cancelledBy"].startswith("staff:usr_")
    assert cancelled.json()["refund"]["basis"] == "staff-override"
    held = client.post("/api/checkout/start", json=slot(30), headers=ALICE).json()["txnId"]
    paid = client.post("/api/checkout/confirm", json={"txnId": held, "method": "pm_card_visa"}, headers=PROVIDER)
    assert paid.status_code == 403 and paid.json()["type"] == "/problems/not-booking-party"  # the client pays
    assert client.post(f"/api/bookings/{held}/cancel", json={}, headers=PROVIDER).json()["cancelledBy"] == (
        "provider:prf_load_001"
    )
