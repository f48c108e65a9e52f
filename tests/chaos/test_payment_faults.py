"""Payment-provider faults between the service and localstripe (PAYMENTS_BACKEND=stripe), under a steady load of
checkouts by clients that retry with their Idempotency-Key until they get an answer.

Faults: answers slower than STRIPE_TIMEOUT_S (Stripe did the work, we never heard of it), HTTP 500 from the
provider's front, connections reset, a silent provider. Expected: a checkout caught in one answers 503
`payment-gateway-unavailable` within a few timeouts (never a 500, never a hang), the SDK and then the client
retry with the same keys, and no booking is ever charged twice: each ends confirmed with its total captured once
at the provider (every 200 the clients heard among them) or held with nothing captured. Then `rastup payments
reconcile` finds the ledger and the provider agreeing (a second pass repairs nothing).

And a checkout whose authorization's answer is lost, by a client who walks away: the provider holds the money, the
booking and the ledger never heard of it. Once the hold has expired, `rastup payments reconcile --since` voids it at
the provider (once); an authorization whose booking is still held is left for its client, who comes back with the
same key and pays with that very authorization."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs
import httpx
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from adapters.memory.clock import FixedClock
from adapters.sqlalchemy.booking import SqlAlchemyBookingUnitOfWork
from adapters.sqlalchemy.engine import create_database_engine
from adapters.stripe.client import stripe_client
from adapters.stripe.intents import KEY_METADATA, intent_from_stripe
from core.booking.handlers import expire_due_bookings
from core.booking.money_postings import post_money_event
from core.payments.model import PaymentIntent
from entrypoints.cli.app import app
from tests.chaos.load import PASSWORD, api_token
from tests.chaos.served_behind import service_env
from tests.harness import localstripe_peer
from tests.harness.fault_proxy import FaultProxy
from tests.integration.served import RASTUP, served

pytestmark = [pytest.mark.integration, pytest.mark.chaos]

STRIPE_KEY = "sk_test_chaos"
CLIENTS = 3
TIMEOUT_S = 0.5  # STRIPE_TIMEOUT_S: each try; the SDK tries three times
HTTP_500 = (b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: 42\r\n"
            b"Connection: close\r\n\r\n" + b'{"error": {"message": "an injected fault"}}'[:42])  # fmt: skip
FINAL = {200, 402, 409, 422}  # a confirm's answer the client stops at (any other is retried with the same key)


@attrs.frozen
class PaymentsService:
    base: str
    proxy: FaultProxy  # between the service and localstripe
    stripe_base: str  # localstripe itself, for the checks
    env: dict[str, str]
    tokens: list[str]


@pytest.fixture
def service(localstripe: str, tmp_path: Path) -> Iterator[PaymentsService]:
    localstripe_peer.flush(localstripe)
    parts = urlsplit(localstripe)
    with FaultProxy(parts.hostname or "127.0.0.1", parts.port or 80) as proxy:
        env = {**service_env(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'pay.db'}",
               "PAYMENTS_BACKEND": "stripe", "STRIPE_API_KEY": STRIPE_KEY,
               "STRIPE_API_BASE": f"http://127.0.0.1:{proxy.port}", "STRIPE_TIMEOUT_S": str(TIMEOUT_S),
               "PAYMENTS_RECONCILE_INTERVAL_S": "0"}  # fmt: skip
        full = {**os.environ, "LOG_LEVEL": "warning", **env}
        emails = [f"payer-{n}@example.com" for n in range(CLIENTS)]
        for command in (["db", "upgrade"], ["demo", "seed", "--load-profiles", str(CLIENTS)],
                        *(["users", "create", email, "--password", PASSWORD] for email in emails)):  # fmt: skip
            done = CliRunner().invoke(app, command, env=full)  # in this process: no start-up cost per command
            assert done.exit_code == 0, done.output
        with served(env) as base:
            yield PaymentsService(base, proxy, localstripe, full, [api_token(base, email) for email in emails])
    localstripe_peer.flush(localstripe)


@attrs.define
class CheckoutLoad:
    """Each client books its own load profile, one free hour after another: start, then confirm, each retried
    with its own key until it gets a final answer; every answer is logged."""

    base: str
    tokens: list[str]
    heard: dict[str, int] = attrs.field(factory=dict)  # booking -> the confirm's final status
    booked_by: dict[str, str] = attrs.field(factory=dict)  # booking -> its client's token
    statuses: Counter[int] = attrs.field(factory=Counter)
    slowest_s: float = 0.0
    _stop: threading.Event = attrs.field(factory=threading.Event)
    _threads: list[threading.Thread] = attrs.field(factory=list)
    _lock: threading.Lock = attrs.field(factory=threading.Lock)

    def start(self) -> CheckoutLoad:
        for n, token in enumerate(self.tokens):
            self._threads.append(threading.Thread(target=self._client, args=(n, token), daemon=True))
            self._threads[-1].start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(120)

    def _client(self, n: int, token: str) -> None:
        first = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=30)  # cancel: refunds
        with httpx.Client(base_url=self.base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
            number = 0
            while not self._stop.is_set():
                start = first + timedelta(hours=number)
                body = {"serviceProfileId": f"spf_load_{n + 1:03d}", "startTs": start.isoformat(),
                        "endTs": (start + timedelta(hours=1)).isoformat(), "extras": []}  # fmt: skip
                started = self._until(client, "/api/checkout/start", body, f"start-{n}-{number}", {200})
                if started is not None and started.status_code == 200:
                    txn = started.json()["txnId"]
                    pay = {"txnId": txn, "method": "pm_card_visa"}
                    confirmed = self._until(client, "/api/checkout/confirm", pay, f"confirm-{n}-{number}", FINAL)
                    if confirmed is not None:
                        with self._lock:
                            self.heard[txn], self.booked_by[txn] = confirmed.status_code, token
                number += 1
                time.sleep(0.1)

    def _until(
        self, client: httpx.Client, path: str, body: dict[str, Any], key: str, final: set[int]
    ) -> httpx.Response | None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            began = time.monotonic()
            try:
                answer = client.post(path, json=body, headers={"Idempotency-Key": key})
            except httpx.TransportError:
                time.sleep(0.2)
                continue
            with self._lock:
                self.statuses[answer.status_code] += 1
                self.slowest_s = max(self.slowest_s, time.monotonic() - began)
            if answer.status_code in final:
                return answer
            assert answer.status_code == 503, answer.text  # a fault is a 503 problem, never a 500
            assert answer.json()["type"] == "/problems/payment-gateway-unavailable"
            time.sleep(0.2)
        return None


def _bookings(database_url: str) -> dict[str, tuple[str, str | None, int, int]]:
    """booking id -> (state, payment intent id, captured and refunded minor units)."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT id, state, payment_intent_id, captured_amount, refunded_amount FROM bookings"
            ))  # fmt: skip
            return {row[0]: (row[1], row[2], int(row[3]), int(row[4])) for row in rows}
    finally:
        engine.dispose()


def _intents_by_booking(stripe_base: str) -> dict[str, list[PaymentIntent]]:
    """Every PaymentIntent at the provider (asked directly, not through the proxy), by the booking its key names."""
    client = stripe_client(STRIPE_KEY, stripe_base)
    found: dict[str, list[PaymentIntent]] = defaultdict(list)
    for listed in client.v1.payment_intents.list({"limit": 100}).auto_paging_iter():
        raw = client.v1.payment_intents.retrieve(listed.id, {"expand": ["latest_charge.refunds"]}).to_dict()
        found[str(raw["metadata"][KEY_METADATA]).split(":")[0]].append(intent_from_stripe(raw))
    return found


def _reconcile(env: dict[str, str], since: datetime) -> dict[str, Any]:
    command = [RASTUP, "payments", "reconcile", "--since", since.strftime("%Y-%m-%dT%H:%M:%S")]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr  # 4 would list mismatches the ledger cannot repair
    return dict(json.loads(done.stdout))


def test_provider_faults_never_charge_twice_and_every_booking_ends_confirmed_once_or_held(
    service: PaymentsService,
) -> None:
    since = datetime.now(UTC) - timedelta(minutes=1)
    load = CheckoutLoad(service.base, service.tokens).start()
    time.sleep(3)
    for fault, seconds in (({"latency_s": TIMEOUT_S + 0.3}, 4), ({"answer": HTTP_500}, 3), ({"reset": True}, 2),
                           ({"blackhole": True}, 3)):  # fmt: skip
        with service.proxy.fault(**fault):
            service.proxy.reset_connections()  # pooled connections meet the fault too
            time.sleep(seconds)
        time.sleep(2)
    load.stop()

    assert load.statuses[503] > 0, load.statuses  # the faults were met...
    assert load.slowest_s < 3 * (2 * TIMEOUT_S) + 5, load.slowest_s  # ...within the SDK's tries, never a hang
    heard_ok = {txn for txn, status in load.heard.items() if status == 200}
    assert len(heard_ok) >= 2 * CLIENTS, load.heard

    # Cancellations whose refunds' answers are lost (Stripe refunds, we never hear): the client walks away.
    walked_away, cancel_statuses = sorted(heard_ok)[:2], []
    with service.proxy.fault(latency_s=TIMEOUT_S + 0.3), httpx.Client(base_url=service.base, timeout=30) as client:
        service.proxy.reset_connections()
        for txn in walked_away:
            headers = {"Authorization": f"Bearer {load.booked_by[txn]}", "Idempotency-Key": f"cancel-{txn}"}
            answer = client.post(f"/api/bookings/{txn}/cancel", json={}, headers=headers)
            assert answer.status_code in {200, 503}, answer.text
            cancel_statuses.append(answer.status_code)

    # Reconciliation over what moved since the load began: the ledger brought up to the provider, and a refund
    # the provider never made (the cancellation answered 503, the client walked away) sent again, once.
    first = _reconcile(service.env, since)
    assert first["mismatches"] == [], first
    assert _reconcile(service.env, since)["repaired"] == []  # the ledger and the provider agree now

    bookings = _bookings(service.env["DATABASE_URL"])
    intents = _intents_by_booking(service.stripe_base)
    for booking_id, (state, intent_id, captured, refunded) in bookings.items():
        charges = [i for i in intents.get(booking_id, []) if i.amount_captured.amount > 0]
        assert len(charges) <= 1, (booking_id, charges)  # never charged twice
        assert len(intents.get(booking_id, [])) <= 1, booking_id  # one authorization per booking: keys replayed
        if booking_id in walked_away:
            assert state == "cancelled" and [c.id for c in charges] == [intent_id], (booking_id, state)
            assert charges[0].amount_refunded.amount == refunded > 0  # refunded, once (its key is fixed)
        elif state == "confirmed":
            assert [c.id for c in charges] == [intent_id] and charges[0].amount_captured.amount == captured > 0
        else:
            assert state == "held" and captured == 0 and not charges, (booking_id, state, charges)
    assert heard_ok - set(walked_away) <= {b for b, (state, *_) in bookings.items() if state == "confirmed"}
    lost = {bookings[txn][1] for txn, status in zip(walked_away, cancel_statuses, strict=True) if status == 503}
    assert lost and lost <= set(first["repaired"])  # the refunds the client never heard of, repaired
    print(f"checkouts {dict(load.statuses)}, bookings {Counter(s for s, *_ in bookings.values())}, "
          f"cancellations {cancel_statuses}, reconcile {first}")  # fmt: skip


def _lost_checkout(service: PaymentsService, client: httpx.Client, hours: int) -> tuple[str, PaymentIntent]:
    """A checkout whose confirmation meets answers slower than the timeout: the service answers 503 (the provider
    authorized all the same); the booking and the intent the provider holds for it."""
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=20, hours=hours)
    body = {"serviceProfileId": "spf_load_001", "startTs": start.isoformat(),
            "endTs": (start + timedelta(hours=1)).isoformat(), "extras": []}  # fmt: skip
    started = client.post("/api/checkout/start", json=body, headers={"Idempotency-Key": f"orphan-start-{hours}"})
    assert started.status_code == 200, started.text
    txn = started.json()["txnId"]
    with service.proxy.fault(latency_s=TIMEOUT_S + 0.3):
        service.proxy.reset_connections()
        pay = {"txnId": txn, "method": "pm_card_visa"}
        lost = client.post("/api/checkout/confirm", json=pay, headers={"Idempotency-Key": f"orphan-pay-{hours}"})
    assert lost.status_code == 503, lost.text
    deadline = time.monotonic() + 10  # the last delayed try may still be on its way
    while not (held := _intents_by_booking(service.stripe_base).get(txn)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert held and [i.status.value for i in held] == ["authorized"], held  # one authorization: its key replayed
    return txn, held[0]


def _stripe_status(stripe_base: str, intent_id: str) -> str:
    return str(stripe_client(STRIPE_KEY, stripe_base).v1.payment_intents.retrieve(intent_id).status)


def test_an_authorization_whose_answer_was_lost_is_voided_once_its_booking_has_expired(
    service: PaymentsService,
) -> None:
    since = datetime.now(UTC) - timedelta(minutes=1)
    headers = {"Authorization": f"Bearer {service.tokens[0]}"}
    with httpx.Client(base_url=service.base, headers=headers, timeout=30) as client:
        expired, orphan = _lost_checkout(service, client, 0)
        assert _bookings(service.env["DATABASE_URL"])[expired][:2] == ("held", None)  # nobody heard of it
        engine = create_database_engine(service.env["DATABASE_URL"])
        try:  # the booking sweep, its clock moved past the hold's 15 minutes: the client never came back
            uow = SqlAlchemyBookingUnitOfWork(engine, in_transaction=post_money_event)
            assert expired in expire_due_bookings(uow, FixedClock(datetime.now(UTC) + timedelta(minutes=16)))
        finally:
            engine.dispose()
        held, waiting = _lost_checkout(service, client, 1)  # a second one, whose hold is still running

        first = _reconcile(service.env, since)
        assert first["mismatches"] == [] and first["voided"] == [
            {"bookingId": expired, "intentId": orphan.id, "reason": "expired"}
        ], first
        assert _stripe_status(service.stripe_base, orphan.id) == "canceled"  # the money is the customer's again
        assert _stripe_status(service.stripe_base, waiting.id) == "requires_capture"  # the held one is kept
        assert _reconcile(service.env, since)["voided"] == []  # nothing left to void

        pay = {"txnId": held, "method": "pm_card_visa"}  # its client comes back with the same key
        paid = client.post("/api/checkout/confirm", json=pay, headers={"Idempotency-Key": "orphan-pay-1"})
    assert paid.status_code == 200 and paid.json()["paymentIntentId"] == waiting.id, paid.text
    assert _stripe_status(service.stripe_base, waiting.id) == "succeeded"
    assert _bookings(service.env["DATABASE_URL"])[expired][0] == "expired"
