"""Staff money routes over HTTP: refunds (staff with a recent second factor only, several per booking, never above
the capture: 409 problem+json; dual control above the threshold; a retried request answered with the first refund)
and payouts held for review (listed for admins, released after review, counted on /metrics)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from config.container import Container
from core.booking.handlers import complete_ended_bookings
from core.booking.payout_commands import RunPayouts
from core.identity.staff import StaffRole
from core.shared.actor import OPERATOR
from core.shared.audit import first_broken
from tests.unit.http.booking_world import ALICE, STAFF, seeded_container, serving, slot
from tests.unit.http.signed_in import bearer, refused_as, sign_in, stepped_up

KIM = bearer("tok-kim-support")


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[TestClient[Any], Container]]:
    container, _clock = seeded_container(tmp_path, staff_refund_dual_control_above=5_000)
    sign_in(container, "kim@example.com", "tok-kim-support", StaffRole.SUPPORT)
    with serving(container) as client:
        yield client, container


def audited(container: Container) -> list[tuple[str, str, str]]:
    """The audit log's money entries as (actor, action, subject), after checking the whole stored chain verifies."""
    uow = container.identity_uow()
    with uow.reading():
        entries = list(uow.audit.entries())
    assert first_broken(entries) is None
    money = [e.record for e in entries if e.record.action.startswith(("refund.", "payout."))]
    return [(r.actor, r.action, r.subject) for r in money]


def payout_gauges(client: TestClient[Any]) -> tuple[float, ...]:
    """/metrics' payout gauges as read at this scrape: held, the oldest held one's age, due but unsent."""
    lines = client.get("/metrics").text.splitlines()
    names = ("rastup_payouts_held", "rastup_payouts_held_oldest_age_seconds", "rastup_payouts_due_unsent")
    return tuple(float(next(line for line in lines if line.startswith(f"{name} ")).split()[1]) for name in names)


def paid_booking(client: TestClient[Any]) -> tuple[str, int]:
    txn = client.post("/api/checkout/start", json=slot(24), headers=ALICE).json()["txnId"]
    confirmed = client.post("/api/checkout/confirm", json={"txnId": txn, "method": "pm_card_visa"}, headers=ALICE)
    assert confirmed.json()["state"] == "confirmed", confirmed.text
    return txn, confirmed.json()["captured"]["amount"]


def refunds_of(booking_id: str) -> str:
    return f"/api/staff/bookings/{booking_id}/refunds"


def test_staff_refund_in_parts_never_above_the_capture(world: Any) -> None:
    client, container = world
    booking_id, captured = paid_booking(client)
    body = {"amount": 1_000, "reason": "started late"}
    assert refused_as(client.post(refunds_of(booking_id), json=body, headers=ALICE), 403, "staff-only")
    assert refused_as(client.post(refunds_of(booking_id), json=body, headers=STAFF), 401, "step-up-required")
    stepped_up(container, "tok-sam-support")
    first = client.post(refunds_of(booking_id), json=body, headers={**STAFF, "Idempotency-Key": "r-1"})
    assert first.status_code == 201, first.text
    assert (first.json()["seq"], first.json()["status"]) == (1, "refunded")
    assert first.json()["requestedBy"].startswith("staff:usr_")
    replay = client.post(refunds_of(booking_id), json=body, headers={**STAFF, "Idempotency-Key": "r-1"})
    assert replay.json() == first.json()
    second = client.post(refunds_of(booking_id), json={"amount": 2_000, "reason": "no parking"}, headers=STAFF)
    assert second.json()["seq"] == 2 and second.json()["status"] == "refunded"
    too_much = client.post(refunds_of(booking_id), json={"amount": captured - 2_999, "reason": "x"}, headers=STAFF)
    assert refused_as(too_much, 409, "refund-exceeds-capture")
    shown = client.get(f"/api/bookings/{booking_id}", headers=ALICE).json()
    assert shown["refunded"]["amount"] == 3_000
    gateway = container.payments()
    assert gateway.get(shown["paymentIntentId"]).amount_refunded.amount == 3_000


def test_a_refund_above_the_threshold_waits_for_a_second_staff_member(world: Any) -> None:
    client, container = world
    booking_id, _captured = paid_booking(client)
    stepped_up(container, "tok-sam-support")
    stepped_up(container, "tok-kim-support")
    waiting = client.post(refunds_of(booking_id), json={"amount": 6_000, "reason": "shoot cancelled on site"},
                          headers=STAFF)  # fmt: skip
    assert waiting.status_code == 201 and waiting.json()["status"] == "awaiting-approval"
    approve = f"{refunds_of(booking_id)}/1/approve"
    assert refused_as(client.post(approve, headers=STAFF), 409, "refund-approval")
    approved = client.post(approve, headers=KIM)
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "refunded" and approved.json()["approvedBy"].startswith("staff:")
    assert client.get(f"/api/bookings/{booking_id}", headers=ALICE).json()["refunded"]["amount"] == 6_000
    asker, approver = approved.json()["requestedBy"], approved.json()["approvedBy"]
    assert audited(container) == [(asker, "refund.request", booking_id), (approver, "refund.approve", booking_id)]


def test_a_held_payout_is_listed_for_admins_and_released_after_review(tmp_path: Path) -> None:
    container, clock = seeded_container(tmp_path, payout_dir=str(tmp_path / "payouts"))
    admin = bearer("tok-ada-admin")
    with serving(container) as client:
        booking_id, _captured = paid_booking(client)
        clock.advance(timedelta(days=3))
        assert complete_ended_bookings(container.booking_uow(), clock) == [booking_id]
        sign_in(container, "kim@example.com", "tok-kim-support", StaffRole.SUPPORT)  # sessions of three days ago
        sign_in(container, "ada@example.com", "tok-ada-admin", StaffRole.ADMIN)  # have lapsed: new ones
        run = RunPayouts(actor=OPERATOR, day=clock.now().date())
        assert payout_gauges(client) == (0.0, 0.0, 1.0)  # due, not sent yet
        assert container.commands().handle(run).report.held == (booking_id,)  # pat has no destination yet
        clock.advance(timedelta(minutes=10))
        assert payout_gauges(client) == (1.0, 600.0, 0.0)  # held for review since the run
        assert refused_as(client.get("/api/staff/payouts/held", headers=KIM), 403, "staff-only")
        (listed,) = client.get("/api/staff/payouts/held", headers=admin).json()
        assert (listed["bookingId"], listed["reason"], listed["destination"]) == (booking_id, "no-destination", None)
        release = f"/api/staff/payouts/{booking_id}/release"
        why = {"reason": "provider confirmed the new account by phone"}
        assert refused_as(client.post(release, json=why, headers=admin), 401, "step-up-required")
        stepped_up(container, "tok-ada-admin")
        assert refused_as(client.post(release, json=why, headers=admin), 422, "invalid-input")  # nowhere to pay
        identity = container.identity_uow()
        with identity:
            pat = identity.users.get_by_email("pat@example.com")
            assert pat is not None
            pat.set_payout_destination("GB29NWBK60161331926819", clock.now())
            identity.users.save(pat)
            identity.commit()
        for no_reason in (None, {}, {"reason": "   "}, {"reason": "x" * 501}):
            refused = client.post(release, json=no_reason, headers=admin)
            assert refused.status_code == 422 and refused.headers["content-type"].startswith("application/problem+json")
        released = client.post(release, json=why, headers=admin)
        assert released.status_code == 200, released.text
        assert released.json()["releaseReason"] == why["reason"] and released.json()["releasedBy"].startswith("staff:")
        assert released.json()["status"] == "released" and released.json()["destination"] == "GB29NWBK60161331926819"
        assert payout_gauges(client) == (0.0, 0.0, 1.0)  # released: the next run sends it
        assert container.commands().handle(run).report.sent == (booking_id,)
        assert payout_gauges(client) == (0.0, 0.0, 0.0)
        assert client.get("/api/staff/payouts/held", headers=admin).json() == []
        (entry,) = audited(container)
        assert entry[1:] == ("payout.release", f"payout:{booking_id}") and entry[0].startswith("staff:")
