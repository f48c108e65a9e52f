"""`rastup bookings ...`: show, accept, decline, cancel and expire-holds on the configured database."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from adapters.memory.clock import FixedClock
from adapters.sqlalchemy.booking import SqlAlchemyBookingUnitOfWork
from adapters.sqlalchemy.engine import create_database_engine
from core.booking.checkout import CheckoutRules, StartCheckout, start_checkout
from core.booking.errors import SlotUnavailable
from core.shared.actor import Actor
from entrypoints.cli.app import app
from entrypoints.cli.errors import EXIT_CONFLICT, EXIT_NOT_FOUND
from tests.unit.booking.in_memory_bookings import CountingIds

runner = CliRunner()
IDS = CountingIds()  # one source for the whole module: booking ids never repeat
AN_HOUR_AGO = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=1)


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    assert runner.invoke(app, ["demo", "seed", "--load-profiles", "1"]).exit_code == 0
    return url


def checkout(url: str, client: str, service: str, start: datetime, at: datetime = AN_HOUR_AGO) -> str:
    engine = create_database_engine(url)
    command = StartCheckout(actor=Actor(client), idempotency_key=f"k-{client}-{at}",
                            service_profile_id=service, start=start, end=start + timedelta(hours=1))  # fmt: skip
    try:
        view = start_checkout(command, SqlAlchemyBookingUnitOfWork(engine), FixedClock(at), IDS, CheckoutRules())
        return view.booking.id
    finally:
        engine.dispose()


def test_expire_holds_frees_the_slot_of_an_unpaid_hold(database: str) -> None:
    start = AN_HOUR_AGO.replace(minute=0) + timedelta(days=2)
    held = checkout(database, "cli_a", "spf_load_001", start)  # held an hour ago for 15 minutes
    with pytest.raises(SlotUnavailable):  # lapsed but not yet swept: the hold still occupies the slot
        checkout(database, "cli_b", "spf_load_001", start, datetime.now(UTC))
    swept = runner.invoke(app, ["bookings", "expire-holds"])
    assert swept.exit_code == 0 and json.loads(swept.stdout) == {"expired": [held], "count": 1}
    assert json.loads(runner.invoke(app, ["bookings", "show", held]).stdout)["state"] == "expired"
    assert checkout(database, "cli_b", "spf_load_001", start, datetime.now(UTC))
    assert json.loads(runner.invoke(app, ["bookings", "expire-holds"]).stdout)["count"] == 0


def test_accept_decline_and_cancel_for_the_parties(database: str) -> None:
    now = datetime.now(UTC)
    monday = now + timedelta(days=14 - now.weekday())  # a Monday at least a week away
    requested = checkout(database, "cli_a", "spf_demo", monday.replace(hour=18, minute=0, second=0, microsecond=0), now)
    accepted = runner.invoke(app, ["bookings", "accept", requested])
    assert accepted.exit_code == 0, accepted.output
    assert json.loads(accepted.stdout)["state"] == "held"
    assert runner.invoke(app, ["bookings", "decline", requested]).exit_code == EXIT_CONFLICT
    cancelled = runner.invoke(app, ["bookings", "cancel", requested, "--reason", "duplicate", "--refund-bps", "0"])
    body = json.loads(cancelled.stdout)
    assert body["state"] == "cancelled" and body["cancelledBy"] == "staff:cli"
    assert body["refund"]["basis"] == "staff-override" and body["refund"]["reason"] == "duplicate"
    assert runner.invoke(app, ["bookings", "show", "bkg_nope"]).exit_code == EXIT_NOT_FOUND


def test_complete_ended_completes_a_paid_booking_once_its_window_has_passed(database: str) -> None:
    from adapters.memory.payments import InMemoryPaymentGateway
    from core.booking.checkout import ConfirmCheckout, confirm_checkout

    booked_at = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=3)
    start = booked_at + timedelta(hours=2)  # the load profiles take bookings at no notice
    paid = checkout(database, "cli_a", "spf_load_001", start, booked_at)
    engine = create_database_engine(database)
    try:
        pay = ConfirmCheckout(actor=Actor("cli_a"), idempotency_key="pay", txn_id=paid,
                              method_ref="pm_card_visa")  # fmt: skip
        confirm_checkout(pay, SqlAlchemyBookingUnitOfWork(engine), FixedClock(booked_at), InMemoryPaymentGateway(IDS))
    finally:
        engine.dispose()
    waiting = runner.invoke(app, ["bookings", "complete-ended", "--after-hours", "72"])  # ended ~2.9 days ago
    assert waiting.exit_code == 0 and json.loads(waiting.stdout) == {"completed": [], "count": 0}
    swept = runner.invoke(app, ["bookings", "complete-ended"])  # the default: a day after the end
    assert swept.exit_code == 0 and json.loads(swept.stdout) == {"completed": [paid], "count": 1}
    assert json.loads(runner.invoke(app, ["bookings", "show", paid]).stdout)["state"] == "completed"
    assert runner.invoke(app, ["bookings", "complete-ended", "--after-hours", "-1"]).exit_code != 0
