"""A relay process that dies by SIGKILL right after its consumer committed (run by test_sqlalchemy_outbox)."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from sqlalchemy import Engine

sys.path[:0] = [str(Path(__file__).parents[2]), str(Path(__file__).parents[2] / "src")]

from adapters.memory.clock import FixedClock  # noqa: E402
from adapters.sqlalchemy.engine import create_database_engine  # noqa: E402
from adapters.sqlalchemy.outbox import SqlAlchemyOutbox  # noqa: E402
from adapters.sqlalchemy.unit_of_work import SqlAlchemyUnitOfWork  # noqa: E402
from core.shared.events import Event  # noqa: E402
from core.shared.idempotency import IdempotencyRecord  # noqa: E402
from core.shared.outbox import OutboxMessage  # noqa: E402
from core.shared.relay import Consumer, Relay, once_in_unit  # noqa: E402
from core.shared.retry import RetryPolicy  # noqa: E402
from core.shared.unit_of_work import InboxUnitOfWork  # noqa: E402
from tests.contracts.outbox import LEASE, T0, ThingHappened  # noqa: E402


def indexer(engine: Engine, clock: FixedClock) -> Consumer:
    """Records the event's number as an idempotency record, with its inbox mark, in one unit."""

    def handle(event: Event, uow: InboxUnitOfWork) -> str:
        assert isinstance(event, ThingHappened)
        uow.idempotency.put(IdempotencyRecord("indexer", str(event.n), "-", {}, clock.now()))
        return f"indexed {event.n}"

    return Consumer("indexer", "test.thing_happened", once_in_unit("indexer", lambda: SqlAlchemyUnitOfWork(engine),
                                                                   clock, handle))  # fmt: skip


def main(url: str) -> None:
    engine, clock = create_database_engine(url), FixedClock(T0)
    consumer = indexer(engine, clock)

    def then_killed(message: OutboxMessage) -> object:
        consumer.handle(message)
        os.kill(os.getpid(), signal.SIGKILL)  # between the consumer's commit and the acknowledgement
        return None

    Relay(SqlAlchemyOutbox(engine), [Consumer("indexer", consumer.topic, then_killed)], clock, RetryPolicy(),
          lease=LEASE).run_once()  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1])
