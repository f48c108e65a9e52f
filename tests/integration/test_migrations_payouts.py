"""Migration 0021b_settled_before_payouts on SQLite and PostgreSQL: a booking whose ledger paid its provider before
payouts existed is never paid by the first payout run; one completed afterwards is paid, once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from adapters.filesystem.payout_files import ManualPayouts
from adapters.memory.clock import FixedClock
from adapters.memory.payments import InMemoryPaymentGateway
from adapters.memory.payouts import InMemoryPayouts
from adapters.sqlalchemy.booking import SqlAlchemyBookingUnitOfWork
from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import alembic_config, upgrade
from core.booking.checkout import CheckoutRules, ConfirmCheckout, StartCheckout, confirm_checkout, start_checkout
from core.booking.handlers import complete_ended_bookings
from core.booking.money_postings import ledger_of, post_money_event
from core.booking.payout_run import run_payouts
from core.payments.payouts import PayoutDestination, PayoutStatus
from core.shared.actor import Actor
from entrypoints.cli.app import app
from tests.harness import postgres_peer
from tests.harness.peers import _serve
from tests.unit.booking.in_memory_bookings import CountingIds
from tests.unit.payments.test_payout_run import Destinations

pytestmark = pytest.mark.integration

BEFORE_MARKERS = "0021b_payout_release_reason"  # the payouts line just before the markers
T0 = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=20)
OWNER = "usr_pat"


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('payouts') / 'cutover.db'}"
    else:
        yield from _serve(postgres_peer.scratch_database())


class Bookings:
    """Completed bookings on the database at ``url``, each paid through a test-mode gateway, on its own slot."""

    def __init__(self, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("DATABASE_URL", url)
        runner = CliRunner()
        assert runner.invoke(app, ["demo", "seed", "--load-profiles", "1"]).exit_code == 0
        self.engine: Engine = create_database_engine(url)
        self.ids, self.made = CountingIds(), 0
        with self.engine.begin() as connection:
            connection.execute(text("UPDATE profiles SET owner_user_id = :u WHERE id = 'prf_load_001'"), {"u": OWNER})

    def uow(self) -> SqlAlchemyBookingUnitOfWork:
        return SqlAlchemyBookingUnitOfWork(self.engine, in_transaction=post_money_event)

    def completed(self, booked_at: datetime) -> str:
        self.made += 1
        start = booked_at + timedelta(days=2, hours=self.made)
        client = Actor(f"cli_{self.made}")
        begun = StartCheckout(actor=client, idempotency_key=f"k-{self.made}", service_profile_id="spf_load_001",
                              start=start, end=start + timedelta(hours=1))  # fmt: skip
        booking_id = start_checkout(begun, self.uow(), FixedClock(booked_at), self.ids, CheckoutRules()).booking.id
        pay = ConfirmCheckout(actor=client, idempotency_key=f"pay-{self.made}", txn_id=booking_id,
                              method_ref="pm_card_visa")  # fmt: skip
        confirm_checkout(pay, self.uow(), FixedClock(booked_at), InMemoryPaymentGateway(self.ids))
        assert complete_ended_bookings(self.uow(), FixedClock(start + timedelta(days=3))) == [booking_id]
        return booking_id

    def status(self, booking_id: str) -> PayoutStatus | None:
        uow = self.uow()
        with uow.reading():
            payout = uow.payouts.of_booking(booking_id)
        return None if payout is None else payout.status


def _before_the_markers(url: str) -> None:
    upgrade(url)
    command.downgrade(alembic_config(url), BEFORE_MARKERS)


def test_a_booking_the_ledger_paid_out_before_payouts_existed_is_never_paid_again(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _before_the_markers(url)
    world = Bookings(url, monkeypatch)
    try:
        old = world.completed(T0)
        upgrade(url)  # the markers: the run never recorded a payout here, so the cut-over is now
        uow = world.uow()
        with uow.reading():
            marker = uow.payouts.of_booking(old)
            paid_out = ledger_of(uow, uow.bookings.get(old)).paid_out
        assert marker is not None and marker.status is PayoutStatus.SETTLED_BEFORE_PAYOUTS
        assert marker.amount == paid_out and marker.amount.amount > 0 and marker.sent_at is None
        new = world.completed(T0 + timedelta(days=1))
        sender = InMemoryPayouts(ManualPayouts())
        destinations = Destinations(**{OWNER: PayoutDestination("acct_1Pat", T0 - timedelta(days=30))})
        clock = FixedClock(T0 + timedelta(days=10))
        report = run_payouts(world.uow(), sender, destinations, clock)
        assert report.sent == (new,) and not (report.held or report.frozen or report.failed)
        assert [t.booking_id for t in sender.transfers.values()] == [new]
        assert world.status(old) is PayoutStatus.SETTLED_BEFORE_PAYOUTS and world.status(new) is PayoutStatus.SENT
        assert run_payouts(world.uow(), sender, destinations, clock).sent == () and len(sender.transfers) == 1
        command.downgrade(alembic_config(url), BEFORE_MARKERS)  # the markers go with their migration
        assert world.status(old) is None and world.status(new) is PayoutStatus.SENT
    finally:
        world.engine.dispose()


def test_where_payouts_already_ran_only_bookings_from_before_the_first_run_are_marked(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _before_the_markers(url)
    world = Bookings(url, monkeypatch)
    try:
        frozen_then = world.completed(T0)  # before the first run, which did not pay it (as if frozen)
        with world.engine.begin() as connection:  # a first run's payout of another booking, recorded at T0 + 8 days
            connection.execute(text(
                "INSERT INTO payouts (booking_id, provider_id, amount, currency, status, created_at) "
                "VALUES ('bkg_first_run', 'usr_pat', 100, 'USD', 'sent', :at)"
            ), {"at": T0 + timedelta(days=8)})  # fmt: skip
        after_first_run = world.completed(T0 + timedelta(days=7))  # completed on day 10 or so: after the run
        upgrade(url)
        assert world.status(frozen_then) is PayoutStatus.SETTLED_BEFORE_PAYOUTS
        assert world.status(after_first_run) is None  # due: the next run pays it
        sender = InMemoryPayouts(ManualPayouts())
        destinations = Destinations(**{OWNER: PayoutDestination("acct_1Pat", T0 - timedelta(days=30))})
        report = run_payouts(world.uow(), sender, destinations, FixedClock(T0 + timedelta(days=15)))
        assert report.sent == (after_first_run,)
    finally:
        world.engine.dispose()
