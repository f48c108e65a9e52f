"""The payment call journal: the first ``begin`` of a key wins, later ones see it and its outcome (memory, SQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.memory.payment_calls import InMemoryPaymentCallJournal
from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.payment_calls import SqlAlchemyPaymentCallJournal
from adapters.sqlalchemy.tables import metadata
from core.booking.model import BookingRules
from core.payments.model import MAX_AUTHORIZATION_AGE, GatewayCall
from core.payments.ports import PaymentCallJournal
from core.shared.errors import InvalidInput

NOW = datetime(2026, 12, 3, 12, tzinfo=UTC)


@pytest.fixture(params=["memory", "sql"])
def journal(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[PaymentCallJournal]:
    if request.param == "memory":
        yield InMemoryPaymentCallJournal()
        return
    engine = create_database_engine(f"sqlite:///{tmp_path / 'calls.db'}")
    metadata.create_all(engine)
    yield SqlAlchemyPaymentCallJournal(engine)
    engine.dispose()


def test_the_first_begin_wins_and_later_ones_see_the_outcome(journal: PaymentCallJournal) -> None:
    assert journal.begin("k1", "print-a", NOW) is None
    assert journal.begin("k1", "print-b", NOW) == GatewayCall("k1", "print-a", None)  # under way, unanswered
    journal.settle("k1", {"intent": {"id": "pi_1"}})
    assert journal.begin("k1", "print-a", NOW) == GatewayCall("k1", "print-a", {"intent": {"id": "pi_1"}})
    assert journal.begin("k2", "print-a", NOW) is None  # keys are independent


def test_a_hold_never_outlives_an_authorization() -> None:
    assert BookingRules().hold_ttl == timedelta(minutes=15)  # an unpaid checkout lapses after 15 minutes
    assert BookingRules(hold_ttl=MAX_AUTHORIZATION_AGE).hold_ttl == timedelta(days=6)
    for too_long in (MAX_AUTHORIZATION_AGE + timedelta(seconds=1), timedelta(0)):
        with pytest.raises(InvalidInput):
            BookingRules(hold_ttl=too_long)
