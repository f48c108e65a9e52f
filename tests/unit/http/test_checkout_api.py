"""Checkout over HTTP: start places a hold with its quote, confirm pays, and bad input writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy import update

from adapters.sqlalchemy.tables.calendar import calendar_schedules
from config.container import Container
from tests.unit.http.booking_world import (
    ALICE,
    BOB,
    LOAD,
    NOW,
    PROVIDER,
    STAFF,
    booking_rows,
    iso,
    seeded_container,
    serving,
    slot,
)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[TestClient[Any], Container, Any]]:
    container, clock = seeded_container(tmp_path)
    with serving(container) as client:
        yield client, container, clock


def test_start_quotes_and_holds_then_confirm_pays(world: Any) -> None:
    client, _container, _clock = world
    started = client.post("/api/checkout/start", json={**slot(24), "extras": []}, headers=ALICE)
    assert started.status_code == 200, started.text
    body = started.json()
    assert body["state"] == "held" and body["txnId"].startswith("bkg_")
    assert [line["kind"] for line in body["lineItems"]] == ["base", "service-fee", "tax"]
    assert body["total"] == {"amount": 12012, "currency": "USD", "formatted": body["total"]["formatted"]}
    assert body["currency"] == "USD" and body["jurisdiction"] == "US-CA"
    assert body["cancellationPolicySummary"].startswith("Moderate:")
    assert body["expiresAt"] == iso(NOW + timedelta(minutes=15)) and body["nextAction"]["actor"] == "client"
    confirmed = client.post("/api/checkout/confirm", json={"txnId": body["txnId"], "method": "pm_card_visa"},
                            headers=ALICE)  # fmt: skip
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["state"] == "confirmed" and confirmed.json()["captured"]["amount"] == 12012
    shown = client.get(f"/api/bookings/{body['txnId']}", headers=PROVIDER).json()
    assert [card["state"] for card in shown["timeline"]] == ["held", "confirmed"]
    assert shown["nextAction"]["text"].startswith("provider: deliver the session")
    assert shown["quote"]["quoteId"] == body["quoteId"]


def test_the_same_key_replays_and_another_body_under_it_is_a_conflict(world: Any) -> None:
    client, container, _clock = world
    headers = {**ALICE, "Idempotency-Key": "start-1"}
    first = client.post("/api/checkout/start", json=slot(30), headers=headers).json()
    again = client.post("/api/checkout/start", json=slot(30), headers=headers)
    assert again.status_code == 200 and again.json()["txnId"] == first["txnId"]
    reused = client.post("/api/checkout/start", json=slot(40), headers=headers)
    assert reused.status_code == 409 and reused.json()["type"] == "/problems/idempotency-key-reused"
    assert booking_rows(container) == 1


def test_a_taken_slot_is_a_409_for_the_next_client(world: Any) -> None:
    client, container, _clock = world
    assert client.post("/api/checkout/start", json=slot(24), headers=ALICE).status_code == 200
    overlapping = client.post("/api/checkout/start", json=slot(24.5), headers=BOB)
    assert overlapping.status_code == 409 and overlapping.json()["type"] == "/problems/slot-unavailable"
    assert client.post("/api/checkout/start", json=slot(25), headers=BOB).status_code == 200  # touching is fine
    assert booking_rows(container) == 2
    held = slot(24)  # the calendar context sees the hold as busy time through the booking adapter
    explain = "/api/profiles/prf_load_001/availability/explain"
    when = {"start": held["startTs"], "end": held["endTs"]}
    assert client.get(explain, params=when, headers=BOB).status_code == 404  # the provider's, not a client's
    explained = client.get(explain, params=when, headers=PROVIDER).json()
    assert not explained["bookable"] and "booking" in [reason["code"] for reason in explained["reasons"]]


@pytest.mark.parametrize(
    ("body", "status", "problem"),
    [
        ({**slot(24), "serviceProfileId": "spf_nope"}, 404, "not-found"),
        ({**slot(24), "serviceProfileId": "spf_demo"}, 422, "slot-not-offered"),  # 16:00 local, inside notice
        ({**slot(24), "endTs": slot(23)["startTs"]}, 422, "invalid-input"),  # ends before it starts
        (slot(24, minutes=13 * 60), 422, "invalid-input"),  # longer than 12 hours
        (slot(-2), 422, "invalid-input"),  # in the past
        ({**slot(24), "currency": "EUR"}, 422, "currency-mismatch"),
        ({**slot(24), "extras": ["a yacht"]}, 422, "invalid-input"),
        ({**slot(24), "startTs": "tomorrow"}, 422, "invalid-input"),
        ({**slot(24), "startTs": "2026-12-02T10:00:00"}, 422, "invalid-input"),  # no offset
        ({**slot(24), "startTs": 5}, 422, "validation-failed"),
    ],
)
def test_bad_input_is_a_clear_problem_and_writes_nothing(world: Any, body: Any, status: int, problem: str) -> None:
    client, container, _clock = world
    response = client.post("/api/checkout/start", json=body, headers=ALICE)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"] == f"/problems/{problem}"
    assert booking_rows(container) == 0


def test_an_expired_quote_cannot_be_confirmed(world: Any) -> None:
    client, _container, clock = world
    txn = client.post("/api/checkout/start", json=slot(24), headers=ALICE).json()["txnId"]
    clock.advance(timedelta(minutes=16))
    late = client.post("/api/checkout/confirm", json={"txnId": txn, "method": "pm_card_visa"}, headers=ALICE)
    assert late.status_code == 409 and late.json()["type"] == "/problems/quote-expired"


def test_who_acts_is_required_and_checked(world: Any) -> None:
    client, _container, _clock = world
    anonymous = client.post("/api/checkout/start", json=slot(24))
    assert anonymous.status_code == 401 and anonymous.json()["type"] == "/problems/session-invalid"
    forged = client.post("/api/checkout/start", json=slot(24), headers={"X-Actor": "client:cli_alice"})
    assert forged.status_code == 401  # the old header names nobody any more
    txn = client.post("/api/checkout/start", json=slot(24), headers=ALICE).json()["txnId"]
    assert client.get(f"/api/bookings/{txn}").status_code == 401
    assert client.get(f"/api/bookings/{txn}", headers=BOB).status_code == 404  # not 403: existence stays hidden
    assert client.get("/api/bookings/bkg_nope", headers=BOB).status_code == 404
    stolen = client.post("/api/checkout/confirm", json={"txnId": txn, "method": "pm_card_visa"}, headers=BOB)
    assert stolen.status_code == 404
    assert client.post(f"/api/bookings/{txn}/cancel", json={}, headers=BOB).status_code == 404
    declined = client.post("/api/checkout/confirm", json={"txnId": txn, "method": "pm_card_declined"}, headers=ALICE)
    assert declined.status_code == 402 and client.get(f"/api/bookings/{txn}", headers=ALICE).json()["state"] == "held"


def test_a_request_waits_for_the_provider_who_accepts_then_the_client_pays(world: Any) -> None:
    client, _container, _clock = world
    start = NOW + timedelta(days=2, hours=1)  # Thursday 09:00 in Los Angeles, past the 24 h notice
    body = {"serviceProfileId": "spf_demo", "startTs": iso(start), "endTs": iso(start + timedelta(hours=2))}
    txn = client.post("/api/checkout/start", json=body, headers=ALICE).json()
    assert txn["state"] == "requested" and txn["nextAction"]["actor"] == "provider"
    waiting = client.post("/api/checkout/confirm", json={"txnId": txn["txnId"], "method": "pm_card_visa"},
                          headers=ALICE)  # fmt: skip
    assert waiting.status_code == 202 and waiting.json()["nextAction"]["text"].startswith("provider: accept")
    by_client = client.post(f"/api/bookings/{txn['txnId']}/accept", headers=ALICE)
    assert by_client.json()["type"] == "/problems/illegal-transition"  # the client cannot accept
    assert client.get(f"/api/bookings/{txn['txnId']}", headers=ALICE).json()["state"] == "requested"
    assert client.post(f"/api/bookings/{txn['txnId']}/accept", headers=BOB).status_code == 404
    provider = PROVIDER
    accepted = client.post(f"/api/bookings/{txn['txnId']}/accept", headers=provider)
    assert accepted.status_code == 200 and accepted.json()["state"] == "held"
    paid = client.post("/api/checkout/confirm", json={"txnId": txn["txnId"], "method": "pm_card_visa"}, headers=ALICE)
    assert paid.status_code == 200 and paid.json()["state"] == "confirmed"


def test_a_provider_declines_a_request(world: Any) -> None:
    client, _container, _clock = world
    start = NOW + timedelta(days=2, hours=1)
    body = {"serviceProfileId": "spf_demo", "startTs": iso(start), "endTs": iso(start + timedelta(hours=1))}
    txn = client.post("/api/checkout/start", json=body, headers=ALICE).json()["txnId"]
    provider = PROVIDER
    declined = client.post(f"/api/bookings/{txn}/decline", json={"reason": "away that day"}, headers=provider)
    assert declined.json()["state"] == "declined" and declined.json()["declineReason"] == "away that day"
    again = client.post(f"/api/bookings/{txn}/accept", headers=provider)
    assert again.status_code == 409 and again.json()["type"] == "/problems/illegal-transition"


def test_cancelling_returns_the_refund_quote_applied_once(world: Any) -> None:
    client, _container, _clock = world
    txn = client.post("/api/checkout/start", json=slot(24 * 10), headers=ALICE).json()["txnId"]
    client.post("/api/checkout/confirm", json={"txnId": txn, "method": "pm_card_visa"}, headers=ALICE)
    headers = {**ALICE, "Idempotency-Key": "cancel-1"}
    cancelled = client.post(f"/api/bookings/{txn}/cancel", json={}, headers=headers)
    assert cancelled.status_code == 200, cancelled.text
    refund = cancelled.json()["refund"]
    assert refund["basis"] == "policy" and refund["refundBps"] == 10_000  # moderate: 7 days ahead, in full
    assert refund["refundToClient"]["amount"] == cancelled.json()["captured"]["amount"]
    replay = client.post(f"/api/bookings/{txn}/cancel", json={}, headers=headers).json()
    assert replay["replayed"] and replay["refund"] == refund and replay["refunded"] == cancelled.json()["refunded"]
    staff = client.post(f"/api/bookings/{txn}/cancel", json={"refundBps": 5000}, headers=STAFF)
    assert staff.status_code == 422


def test_loads_of_clients_race_for_one_slot_one_wins_and_nobody_sees_a_5xx(world: Any) -> None:
    from concurrent.futures import ThreadPoolExecutor

    client, container, _clock = world

    def attempt(n: int) -> int:
        return client.post("/api/checkout/start", json=slot(48), headers=(ALICE, BOB)[n % 2]).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = sorted(pool.map(attempt, range(16)))
    assert statuses == [200] + [409] * 15
    assert booking_rows(container) == 1
    assert LOAD  # the slot belongs to the load profile


def test_idempotency_keys_survive_a_restart_of_the_service(tmp_path: Path) -> None:
    container, _clock = seeded_container(tmp_path)
    headers = {**ALICE, "Idempotency-Key": "survives"}
    with serving(container) as client:
        first = client.post("/api/checkout/start", json=slot(30), headers=headers).json()
    restarted, _ = seeded_container(tmp_path)  # a new process: new container, engine and gateway
    with serving(restarted) as client:
        again = client.post("/api/checkout/start", json=slot(30), headers=headers)
        assert again.status_code == 200 and again.json()["txnId"] == first["txnId"]
    assert booking_rows(restarted) == 1


def test_a_provider_schedule_stored_out_of_range_offers_no_slot_and_writes_nothing(world: Any) -> None:
    client, container, _clock = world
    with container.engine().begin() as connection:  # as an older release could have stored it
        row = update(calendar_schedules).where(calendar_schedules.c.owner_id == "prf_load_001")
        connection.execute(row.values(buffer_before_minutes=1_000_000_000))
    refused = client.post("/api/checkout/start", json=slot(24), headers=ALICE)
    assert refused.status_code == 422 and refused.json()["type"] == "/problems/slot-not-offered"
    assert refused.json()["reasons"] == ["schedule-unreadable"] and booking_rows(container) == 0
