"""The live fan-out through PostgreSQL LISTEN/NOTIFY: the LiveFanOut contract between two instances (two workers),
including a listener whose backend is terminated (``pg_terminate_backend``); and the container's wiring, which
announces a message once its unit of work commits, never one rolled back."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, text

from adapters.memory.live_feed import InProcessLiveFeed
from adapters.sqlalchemy.live_feed import APPLICATION_NAME, PostgresNotices
from adapters.system.live_relay import RelayedLiveFeed, notice_of, read_notice
from config.container import build_container
from config.settings import Settings
from core.messaging.live import LiveFanOut
from tests.contracts.live_fan_out import LiveFanOutContract, next_posted, nothing_but_gaps, posted

pytestmark = pytest.mark.integration


class TestPostgresLiveFeed(LiveFanOutContract):
    @pytest.fixture
    def feeds(self, pg_engine: Engine) -> Iterator[tuple[LiveFanOut, LiveFanOut]]:
        channel = f"live_test_{secrets.token_hex(4)}"
        publisher = RelayedLiveFeed(PostgresNotices(pg_engine, channel), InProcessLiveFeed())
        subscriber = RelayedLiveFeed(PostgresNotices(pg_engine, channel), InProcessLiveFeed())
        yield publisher, subscriber
        publisher.close()
        subscriber.close()

    @pytest.fixture
    def cut_listeners(self, pg_engine: Engine) -> Callable[[], int]:
        def cut() -> int:
            with pg_engine.connect() as connection:
                killed = connection.execute(
                    text("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                         " WHERE application_name = :name AND datname = current_database()"),
                    {"name": APPLICATION_NAME},
                ).scalar_one()  # fmt: skip
                connection.commit()
            return int(killed)

        return cut


def test_the_notice_is_small_and_carries_the_event() -> None:
    event = posted("msg_01JZ00000000000000000000", to=("usr_01JZ00000000000000000001",))
    payload = notice_of("usr_01JZ00000000000000000001", event)
    assert len(payload.encode()) < 300 and read_notice(payload) == ("usr_01JZ00000000000000000001", event)


def test_a_committed_message_is_announced_to_the_other_workers_and_a_rolled_back_one_is_not(
    pg_url: str, pg_engine: Engine
) -> None:
    container = build_container(Settings(database_url=pg_url))  # PostgreSQL: the container picks NOTIFY
    other_worker = RelayedLiveFeed(PostgresNotices(pg_engine), InProcessLiveFeed())
    try:
        with other_worker.subscribed("usr_b") as bob:
            assert other_worker.listening(5.0)
            kept, undone = container.messaging_uow(), container.messaging_uow()
            with kept:
                kept.record(posted("msg_kept"))
                kept.commit()
            assert next_posted(bob).message_id == "msg_kept"
            with pytest.raises(RuntimeError), undone:
                undone.record(posted("msg_undone"))
                raise RuntimeError("the command failed before commit")
            assert nothing_but_gaps(bob, wait_s=0.5)
    finally:
        other_worker.close()
        container.shutdown_resources()
