"""Reviews over HTTP: both sides of a completed booking review it; each review stays hidden from the other side and
the public until both are in; strangers get 404; bad input is a 4xx problem+json with nothing stored."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy import func, select

from adapters.sqlalchemy.tables.reviews import review_reminders, review_windows, reviews
from adapters.sqlalchemy.tables.search import search_people
from config.container import Container
from core.onboarding.digests import Preferences
from entrypoints.http.app import swept
from tests.unit.http.booking_world import ALICE, BOB, PROVIDER, seeded_container, serving, slot
from tests.unit.payments import stripe_events as se

CLIENT_REVIEW = {"overall": 5, "text": "Pat made us feel at ease", "aspects": {"communication": 5, "quality": 4}}
PROVIDER_REVIEW = {"overall": 4, "text": "Punctual and well prepared", "wouldWorkAgain": True}


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[TestClient[Any], Container, Any]]:
    container, clock = seeded_container(tmp_path)
    with serving(container) as client:
        yield client, container, clock


def completed(client: TestClient[Any], clock: Any, *awake: dict[str, str]) -> str:
    """A booking of ALICE's with prf_load_001, paid, held and completed; ``awake`` stay signed in as well."""
    txn = client.post("/api/checkout/start", json=slot(0.25), headers=ALICE).json()["txnId"]
    paid = client.post("/api/checkout/confirm", json={"txnId": txn, "method": "pm_card_visa"}, headers=ALICE)
    assert paid.json()["state"] == "confirmed"
    for _ in range(4):  # the hour-long session ends; everyone stays signed in
        clock.advance(timedelta(minutes=20))
        for party in (ALICE, BOB, PROVIDER, *awake):
            client.get("/api/auth/sessions", headers=party)
    assert client.post(f"/api/bookings/{txn}/complete", headers=PROVIDER).status_code == 200
    return str(txn)


def stored(container: Container) -> int:
    with container.engine().connect() as connection:
        return int(connection.execute(select(func.count()).select_from(reviews)).scalar_one())


def test_both_sides_review_and_the_reviews_appear_only_when_both_are_in(world: Any) -> None:
    client, container, clock = world
    txn = completed(client, clock)
    mine = client.post(f"/api/bookings/{txn}/reviews", json=CLIENT_REVIEW, headers=ALICE)
    assert mine.status_code == 201, mine.text
    assert mine.json()["publishedAt"] is None and mine.json()["aspects"] == {"communication": 5, "quality": 4}
    profile_id = mine.json()["subjectId"]
    assert client.get(f"/api/profiles/{profile_id}/reviews").json() == []
    assert client.get(f"/api/bookings/{txn}/reviews", headers=PROVIDER).json() == []  # blind
    assert client.get(f"/api/bookings/{txn}/reviews", headers=BOB).status_code == 404
    edited = client.put(f"/api/bookings/{txn}/reviews/mine", json={**CLIENT_REVIEW, "overall": 4}, headers=ALICE)
    assert edited.status_code == 200 and edited.json()["overall"] == 4
    theirs = client.post(f"/api/bookings/{txn}/reviews", json=PROVIDER_REVIEW, headers=PROVIDER)
    assert theirs.status_code == 201 and theirs.json()["publishedAt"] is not None
    public = client.get(f"/api/profiles/{profile_id}/reviews").json()
    assert [r["text"] for r in public] == ["Pat made us feel at ease"]
    late = client.put(f"/api/bookings/{txn}/reviews/mine", json=CLIENT_REVIEW, headers=ALICE)
    assert late.status_code == 409 and late.json()["type"] == "/problems/reviews-published"
    answer = client.post(f"/api/bookings/{txn}/reviews/response", json={"text": "Thank you, Alice!"}, headers=PROVIDER)
    assert answer.status_code == 200 and answer.json()["response"]["text"] == "Thank you, Alice!"
    page = client.get(f"/api/profiles/{profile_id}/public").json()["reviews"]
    assert page["count"] == 1 and page["new"] is True and page["average"] is None
    assert [r["response"] for r in page["latest"]] == ["Thank you, Alice!"]
    assert stored(container) == 2
    # the search document's reputation: one public 4-star review under the 5 x 3.5-star prior, on 0..1
    assert indexed_reputation(container, profile_id) == pytest.approx(((3.5 * 5 + 4) / 6 - 1) / 4)


def indexed_reputation(container: Container, profile_id: str) -> float:
    with container.engine().connect() as connection:
        found = connection.execute(select(search_people.c.document).where(search_people.c.id == profile_id))
        return float(json.loads(found.scalar_one())["reputation"])


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({**CLIENT_REVIEW, "overall": 6}, 422),
        ({**CLIENT_REVIEW, "text": "  "}, 422),
        ({**CLIENT_REVIEW, "aspects": {"charm": 5}}, 422),
        ({"overall": 5}, 422),
    ],
)
def test_bad_input_is_a_problem_and_nothing_is_stored(world: Any, body: dict[str, Any], status: int) -> None:
    client, container, clock = world
    txn = completed(client, clock)
    refused = client.post(f"/api/bookings/{txn}/reviews", json=body, headers=ALICE)
    assert refused.status_code == status and refused.headers["content-type"].startswith("application/problem+json")
    assert stored(container) == 0


def test_strangers_second_reviews_and_unfinished_bookings_are_refused(world: Any) -> None:
    client, container, clock = world
    open_txn = client.post("/api/checkout/start", json=slot(30), headers=ALICE).json()["txnId"]
    unfinished = client.post(f"/api/bookings/{open_txn}/reviews", json=CLIENT_REVIEW, headers=ALICE)
    assert unfinished.status_code == 409 and unfinished.json()["type"] == "/problems/not-reviewable"
    txn = completed(client, clock)
    assert client.post(f"/api/bookings/{txn}/reviews", json=CLIENT_REVIEW, headers=BOB).status_code == 404
    assert client.post(f"/api/bookings/{txn}/reviews", json=CLIENT_REVIEW).status_code == 401
    assert client.post(f"/api/bookings/{txn}/reviews", json=CLIENT_REVIEW, headers=ALICE).status_code == 201
    again = client.post(f"/api/bookings/{txn}/reviews", json=CLIENT_REVIEW, headers=ALICE)
    assert again.status_code == 409 and again.json()["type"] == "/problems/already-reviewed"
    assert stored(container) == 1


def test_a_completed_booking_is_reminded_by_the_sweep_on_day_two_once(world: Any) -> None:
    client, container, clock = world
    txn = completed(client, clock)
    profile_id = client.get(f"/api/bookings/{txn}", headers=ALICE).json()["providerId"]
    with container.digests_uow() as uow:  # the provider's owner consented to nudges; the client recorded nothing
        uow.preferences.put(Preferences(profile_id, "pat@example.com", nudge_consent=True))
        uow.commit()
    clock.advance(timedelta(days=2, minutes=5))
    for _ in range(2):
        swept(container, timedelta(hours=24))
    with container.engine().connect() as connection:
        handled = connection.execute(select(review_reminders.c.side, review_reminders.c.day)).all()
        later = connection.execute(select(review_windows.c.next_reminder_at)).scalar_one()
    assert sorted(tuple(row) for row in handled) == [("client", 2), ("provider", 2)]
    assert later is not None and later > clock.now() + timedelta(days=7)


def _deliver(client: TestClient[Any], raw: dict[str, Any], secret: str, clock: Any) -> None:
    payload, header = se.signed(raw, secret, clock.now())
    answer = client.post("/api/payments/webhooks/stripe", content=payload,
                         headers={"Stripe-Signature": header, "Content-Type": "application/json"})  # fmt: skip
    assert answer.status_code == 200 and answer.json()["outcome"] == "applied", answer.text


def test_a_disputed_booking_is_on_hold_until_the_dispute_closes_and_a_cancelled_one_stays_refused(
    tmp_path: Path,
) -> None:
    secret = se.new_secret()
    container, clock = seeded_container(tmp_path, stripe_webhook_secret=secret)
    with serving(container) as client:
        txn = completed(client, clock)
        with container.booking_uow().reading() as uow:
            intent = uow.bookings.get(txn).payment_intent_id
        assert intent is not None
        _deliver(client, se.event("evt_d1", "charge.dispute.created",
                                  se.dispute("dp_1", intent, 1_000, "needs_response")), secret, clock)  # fmt: skip
        held = client.post(f"/api/bookings/{txn}/reviews", json=CLIENT_REVIEW, headers=ALICE)
        assert held.status_code == 409 and held.headers["content-type"].startswith("application/problem+json")
        assert held.json()["type"] == "/problems/review-on-hold" and held.json()["reason"] == "disputed"
        assert stored(container) == 0
        clock.advance(timedelta(minutes=20))  # the gateway decides (a dispute's days: tests/unit/reviews)
        _deliver(client, se.event("evt_d2", "charge.dispute.closed", se.dispute("dp_1", intent, 1_000, "won")),
                 secret, clock)  # fmt: skip
        accepted = client.post(f"/api/bookings/{txn}/reviews", json=CLIENT_REVIEW, headers=ALICE)
        assert accepted.status_code == 201, accepted.text
        assert stored(container) == 1

        cancelled = client.post("/api/checkout/start", json=slot(48), headers=ALICE).json()["txnId"]
        paid = client.post("/api/checkout/confirm", json={"txnId": cancelled, "method": "pm_card_visa"}, headers=ALICE)
        assert paid.json()["state"] == "confirmed"
        gone = client.post(f"/api/bookings/{cancelled}/cancel", json={}, headers={**ALICE, "Idempotency-Key": "c-1"})
        assert gone.status_code == 200, gone.text
        refused = client.post(f"/api/bookings/{cancelled}/reviews", json=CLIENT_REVIEW, headers=ALICE)
        assert refused.status_code == 409 and refused.json()["type"] == "/problems/not-reviewable"
        assert stored(container) == 1
