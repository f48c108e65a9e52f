"""Issue 13's "done means", through localstripe in one test: a client books and pays, is refunded in part (twice),
the booking completes and its provider is paid; every webhook (localstripe's own events, and the snapshots of the
intent and charge it does not send as events, signed as Stripe signs) is delivered twice and out of order; at the
end the ledger balances and agrees with what Stripe reports, and reconciliation finds nothing to repair."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from adapters.memory.clock import FixedClock
from adapters.stripe.client import stripe_client
from config.container import Container
from core.booking.handlers import complete_ended_bookings
from core.booking.money_postings import ledger_of
from core.booking.payment_commands import ReconcilePayments
from core.booking.payout_commands import RunPayouts
from core.payments.ledger import BookingLedger, unbalanced_currencies
from core.shared.actor import OPERATOR
from tests.unit.http.booking_world import STAFF, seeded_container, serving
from tests.unit.http.test_staff_refunds_api import paid_booking, refunds_of, stepped_up
from tests.unit.payments import stripe_events as se

pytestmark = pytest.mark.integration

WEBHOOK = "/api/payments/webhooks/stripe"
World = tuple[TestClient[Any], Container, FixedClock, str, str]


@pytest.fixture
def world(stripe_api: str, tmp_path: Path) -> Iterator[World]:
    secret = se.new_secret()
    settings = {"payments_backend": "stripe", "stripe_api_key": "sk_test_rastup", "stripe_api_base": stripe_api,
                "stripe_webhook_secret": secret, "payout_dir": str(tmp_path / "payouts"),
                "outbox_dir": str(tmp_path / "outbox")}  # fmt: skip
    container, clock = seeded_container(tmp_path, **settings)
    with serving(container) as client:
        yield client, container, clock, stripe_api, secret


def deliver(client: TestClient[Any], raw: dict[str, Any], secret: str) -> str:
    """POST ``raw`` as Stripe would (signed now: the verifier holds Stripe's 300 s tolerance against real time)."""
    payload, header = se.signed(raw, secret, time.time())
    answer = client.post(WEBHOOK, content=payload, headers={"Stripe-Signature": header,
                                                             "Content-Type": "application/json"})  # fmt: skip
    assert answer.status_code == 200, answer.text
    return str(answer.json()["outcome"])


def ledger_now(container: Container, booking_id: str) -> BookingLedger:
    uow = container.booking_uow()
    with uow.reading():
        return ledger_of(uow, uow.bookings.get(booking_id))


def test_book_pay_refund_in_part_pay_the_provider_with_every_webhook_twice_out_of_order(world: World) -> None:
    client, container, clock, api_base, secret = world
    stripe = stripe_client("sk_test_rastup", api_base)
    booking_id, captured = paid_booking(client)  # held at checkout, captured as the booking is confirmed
    uow = container.booking_uow()
    with uow.reading():
        intent_id = uow.bookings.get(booking_id).payment_intent_id
    assert intent_id is not None
    intent = stripe.v1.payment_intents.retrieve(intent_id).to_dict()
    latest = intent["latest_charge"]
    charge_id = str(latest["id"] if isinstance(latest, dict) else latest)
    # Stripe's view while the money was only held: an event that arrives late must not undo the capture
    webhooks = [se.event("evt_held", "payment_intent.amount_capturable_updated",
                         {**intent, "status": "requires_capture", "amount_received": 0})]  # fmt: skip

    stepped_up(container, "tok-sam-support")
    for n, amount in enumerate((1_000, 1_500), start=1):
        done = client.post(refunds_of(booking_id), json={"amount": amount, "reason": "late start"}, headers=STAFF)
        assert done.status_code == 201 and done.json()["status"] == "refunded", done.text
        charge = stripe.v1.charges.retrieve(charge_id).to_dict()  # localstripe sends no charge.refunded: sign it,
        charge["amount_captured"] = charge["amount"] if charge["captured"] else 0  # with the field it leaves out
        webhooks.append(se.event(f"evt_refund_{n}", "charge.refunded", charge))
    assert charge["amount_refunded"] == 2_500
    own = [e.to_dict() for e in stripe.v1.events.list({"limit": 100}).data]
    webhooks += [
        e for e in own if intent_id in (e["data"]["object"].get("id"), e["data"]["object"].get("payment_intent"))
    ]
    assert "payment_intent.succeeded" in {e["type"] for e in webhooks}  # localstripe's own, as it would post it
    before = ledger_now(container, booking_id).entries

    first_pass = list(reversed(webhooks))  # newest first: the second refund's total before the first's
    outcomes = [deliver(client, raw, secret) for raw in first_pass]
    assert (
        "duplicate" not in outcomes and ledger_now(container, booking_id).entries == before
    )  # nothing new, nothing undone

    clock.advance(timedelta(days=3))
    assert complete_ended_bookings(container.booking_uow(), clock) == [booking_id]
    identity = container.identity_uow()
    with identity:
        pat = identity.users.get_by_email("pat@example.com")
        assert pat is not None
        pat.set_payout_destination("GB29NWBK60161331926819", clock.now() - timedelta(days=30))
        identity.users.save(pat)
        identity.commit()
    run = container.commands().handle(RunPayouts(actor=OPERATOR, day=clock.now().date()))
    assert run.report.sent == (booking_id,) and run.file is not None

    second_pass = list(webhooks)
    random.Random(13).shuffle(second_pass)
    assert [deliver(client, raw, secret) for raw in second_pass] == ["duplicate"] * len(webhooks)

    ledger = ledger_now(container, booking_id)
    assert unbalanced_currencies(ledger.entries) == {}
    assert (ledger.captured.amount, ledger.refunded.amount) == (captured, 2_500)
    assert ledger.held.is_zero() and ledger.disputed.is_zero() and ledger.paid_out.amount > 0
    (line,) = Path(run.file).read_text().splitlines()[1:]
    assert line.split(",")[0] == booking_id and line.split(",")[3] == str(ledger.paid_out.amount)
    charge = stripe.v1.charges.retrieve(charge_id).to_dict()
    assert charge["captured"] and (charge["amount"], charge["amount_refunded"]) == (captured, ledger.refunded.amount)
    assert stripe.v1.payment_intents.retrieve(intent_id).status == "succeeded"
    report = container.commands().handle(ReconcilePayments(actor=OPERATOR, since=clock.now() - timedelta(days=30)))
    assert report.checked == 1 and report.mismatches == () and report.repaired == ()
    again = container.commands().handle(RunPayouts(actor=OPERATOR, day=clock.now().date()))
    assert again.report.sent == ()  # paid once
