"""Through localstripe: staff refund a confirmed booking in two parts (Stripe's refunded total agrees with the
ledger's), the booking completes, and the payout run pays the provider what the ledger owes it, once, into the
manual payout file (localstripe has no Connect; transfers are tested against recorded request shapes)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from adapters.memory.clock import FixedClock
from config.container import Container
from core.booking.handlers import complete_ended_bookings
from core.booking.money_postings import ledger_of
from core.booking.payout_commands import RunPayouts
from core.payments.ledger import unbalanced_currencies
from core.shared.actor import OPERATOR
from tests.integration.test_stripe_checkout_end_to_end import stripe_view
from tests.unit.http.booking_world import STAFF, seeded_container, serving
from tests.unit.http.test_staff_refunds_api import paid_booking, refunds_of, stepped_up

pytestmark = pytest.mark.integration


@pytest.fixture
def world(stripe_api: str, tmp_path: Path) -> Iterator[tuple[TestClient[Any], Container, FixedClock, str]]:
    settings = {"payments_backend": "stripe", "stripe_api_key": "sk_test_rastup", "stripe_api_base": stripe_api,
                "payout_dir": str(tmp_path / "payouts"), "outbox_dir": str(tmp_path / "outbox")}  # fmt: skip
    container, clock = seeded_container(tmp_path, **settings)
    with serving(container) as client:
        yield client, container, clock, stripe_api


def test_staff_refund_in_two_parts_then_the_provider_is_paid_once(world: Any) -> None:
    client, container, clock, api_base = world
    booking_id, _captured = paid_booking(client)
    stepped_up(container, "tok-sam-support")
    for amount in (1_000, 1_500):
        done = client.post(refunds_of(booking_id), json={"amount": amount, "reason": "late"}, headers=STAFF)
        assert done.status_code == 201 and done.json()["status"] == "refunded", done.text
    uow = container.booking_uow()
    with uow.reading():
        booking = uow.bookings.get(booking_id)
        ledger = ledger_of(uow, booking)
    assert stripe_view(api_base, booking.payment_intent_id)["charge"]["amount_refunded"] == 2_500
    assert ledger.refunded.amount == 2_500 == booking.refunded.amount and unbalanced_currencies(ledger.entries) == {}

    clock.advance(timedelta(days=3))
    assert complete_ended_bookings(container.booking_uow(), clock) == [booking_id]
    identity = container.identity_uow()
    with identity:
        pat = identity.users.get_by_email("pat@example.com")
        assert pat is not None
        pat.set_payout_destination("GB29NWBK60161331926819", clock.now() - timedelta(days=30))
        identity.users.save(pat)
        identity.commit()
    day = clock.now().date()
    first = container.commands().handle(RunPayouts(actor=OPERATOR, day=day))
    assert first.report.sent == (booking_id,) and first.file is not None
    with uow.reading():
        paid_out = ledger_of(uow, uow.bookings.get(booking_id)).paid_out
    (line,) = Path(first.file).read_text().splitlines()[1:]
    assert line.split(",")[3] == str(paid_out.amount) and paid_out.amount > 0
    again = container.commands().handle(RunPayouts(actor=OPERATOR, day=day))
    assert again.report.sent == () and [p.booking_id for p in again.manual] == [booking_id]
