"""`rastup payments ...`: reconcile (listing what it cannot repair), the daily report, a dispute's evidence pack."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from adapters.memory.clock import FixedClock
from adapters.memory.payments import InMemoryPaymentGateway
from adapters.sqlalchemy.booking import SqlAlchemyBookingUnitOfWork
from adapters.sqlalchemy.engine import create_database_engine
from core.booking.checkout import CheckoutRules, ConfirmCheckout, StartCheckout, confirm_checkout, start_checkout
from core.booking.handlers import complete_ended_bookings
from core.booking.money_postings import post_money_event
from core.shared.actor import Actor
from entrypoints.cli.app import app
from entrypoints.cli.errors import EXIT_CONFLICT, EXIT_INVALID, EXIT_NOT_FOUND
from tests.unit.booking.in_memory_bookings import CountingIds

runner = CliRunner()
BOOKED_AT = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)


@pytest.fixture
def paid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A booking paid in another process (its test-mode gateway gone with it), posted to the ledger."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    assert runner.invoke(app, ["demo", "seed", "--load-profiles", "1"]).exit_code == 0
    engine, ids = create_database_engine(url), CountingIds()
    try:
        uow = SqlAlchemyBookingUnitOfWork(engine, in_transaction=post_money_event)
        start = BOOKED_AT + timedelta(days=2)
        command = StartCheckout(actor=Actor("cli_a"), idempotency_key="k-1", service_profile_id="spf_load_001",
                                start=start, end=start + timedelta(hours=1))  # fmt: skip
        booking_id = start_checkout(command, uow, FixedClock(BOOKED_AT), ids, CheckoutRules()).booking.id
        pay = ConfirmCheckout(actor=Actor("cli_a"), idempotency_key="pay", txn_id=booking_id, method_ref="pm_card_visa")
        confirm_checkout(pay, uow, FixedClock(BOOKED_AT), InMemoryPaymentGateway(ids))
    finally:
        engine.dispose()
    return booking_id


def test_reconcile_checks_open_intents_and_lists_what_the_gateway_does_not_know(paid: str) -> None:
    quiet = runner.invoke(app, ["payments", "reconcile"])  # nothing held: nothing to ask about
    assert quiet.exit_code == 0, quiet.output
    assert json.loads(quiet.output) == {"checked": 0, "repaired": [], "mismatches": [], "voided": []}
    since = (BOOKED_AT - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S")
    found = runner.invoke(app, ["payments", "reconcile", "--since", since])
    assert found.exit_code == EXIT_CONFLICT, found.output
    body = json.loads(found.output)
    assert body["checked"] == 1 and body["mismatches"][0]["bookingId"] == paid
    assert body["mismatches"][0]["problem"] == "gateway: payment-not-found"
    assert body["voided"] == []  # this gateway holds nothing nobody heard of


def test_the_daily_report_totals_the_day_per_currency_and_balances(paid: str) -> None:
    day = BOOKED_AT.date().isoformat()
    shown = runner.invoke(app, ["payments", "report", "--date", day, "--no-gateway"])
    assert shown.exit_code == 0, shown.output
    (line,) = [json.loads(row) for row in shown.output.splitlines()]
    assert line["currency"] == "USD" and line["imbalance"] == 0 and line["gatewayVariance"] is None
    assert line["totals"]["capture"] == line["totals"]["hold"] > 0
    other = runner.invoke(app, ["payments", "report", "--date", "2001-01-01"])
    assert other.exit_code == 0 and other.output == ""


def test_evidence_is_a_readable_summary_or_the_json_bundle(paid: str) -> None:
    text = runner.invoke(app, ["payments", "evidence", paid])
    assert text.exit_code == 0, text.output
    assert f"Booking {paid}" in text.output and "Cancellation policy accepted at checkout" in text.output
    bundle = json.loads(runner.invoke(app, ["payments", "evidence", paid, "--json"]).output)
    assert bundle["booking"]["id"] == paid and bundle["policy"]["text"]
    assert [step["state"] for step in bundle["timeline"]] == ["held", "confirmed"]
    assert bundle["money"]["captured"]["amount"] > 0 and bundle["disputes"] == []
    assert runner.invoke(app, ["payments", "evidence", "bkg_nope"]).exit_code == EXIT_NOT_FOUND


def test_payouts_pays_the_completed_booking_once_into_the_days_manual_file(
    paid: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAYOUT_DIR", str(tmp_path / "payouts"))
    monkeypatch.setenv("IDENTITY_KEY_DIR", str(tmp_path / "keys"))
    created = runner.invoke(app, ["users", "create", "pat@example.com", "--password", "violet-Harbour-crane-58-quay"])
    assert created.exit_code == 0, created.output
    owner = json.loads(created.output[created.output.index("{\n") :])["id"]  # after the sign-up's log line
    engine = create_database_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    try:
        uow = SqlAlchemyBookingUnitOfWork(engine, in_transaction=post_money_event)
        assert complete_ended_bookings(uow, FixedClock(BOOKED_AT + timedelta(days=5))) == [paid]
        with engine.begin() as connection:  # the provider's account and its (long set) destination
            provider = connection.execute(text("SELECT provider_id FROM bookings WHERE id = :b"), {"b": paid}).scalar()
            connection.execute(
                text("UPDATE profiles SET owner_user_id = :u WHERE id = :p"), {"u": owner, "p": provider}
            )
            connection.execute(text("UPDATE identity_users SET payout_destination_ref = 'GB29NWBK60161331926819'"))
    finally:
        engine.dispose()
    day = datetime.now(UTC).date().isoformat()
    first = runner.invoke(app, ["payments", "payouts", "--date", day])
    assert first.exit_code == 0, first.output
    body = json.loads(first.output)
    assert body["sent"] == [paid] and body["manual"] == [paid] and body["held"] == body["awaitingReview"] == []
    lines = Path(body["file"]).read_text().splitlines()
    assert lines[0].startswith("booking_id,provider_id,destination,amount_minor") and len(lines) == 2
    assert lines[1].startswith(f"{paid},{owner},GB29NWBK60161331926819,") and f"payout:{paid}" in lines[1]
    again = json.loads(runner.invoke(app, ["payments", "payouts", "--date", day]).output)
    assert again["sent"] == [] and again["manual"] == [paid]
    assert Path(again["file"]).read_text().splitlines() == lines
    no_reason = runner.invoke(app, ["payments", "release-payout", paid])
    assert no_reason.exit_code != 0 and "--reason" in no_reason.output
    blank = runner.invoke(app, ["payments", "release-payout", paid, "--reason", " "])
    assert blank.exit_code == EXIT_INVALID and "reason" in blank.output
    sent = runner.invoke(app, ["payments", "release-payout", paid, "--reason", "reviewed"])
    assert sent.exit_code == EXIT_INVALID and "held" in sent.output  # sent, not held


def test_refund_refuses_more_than_is_left_and_unknown_bookings(paid: str) -> None:
    # the booking was paid through another process's test-mode gateway, so only refusals (made before any gateway
    # call) can be shown here; tests/unit/payments/test_staff_refunds.py and the HTTP tests refund for real
    too_much = runner.invoke(app, ["payments", "refund", paid, "--amount", "99999999", "--reason", "all of it"])
    assert too_much.exit_code == EXIT_CONFLICT and "refundable" in too_much.output
    unknown = runner.invoke(app, ["payments", "refund", "bkg_nope", "--amount", "100", "--reason", "x"])
    assert unknown.exit_code == EXIT_NOT_FOUND
    blank = runner.invoke(app, ["payments", "refund", paid, "--amount", "100", "--reason", " "])
    assert blank.exit_code == EXIT_INVALID
