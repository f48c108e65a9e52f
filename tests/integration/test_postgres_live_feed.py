"""The live fan-out through PostgreSQL LISTEN/NOTIFY: the LiveFanOut contract between two instances (two workers),
and a listener that survives its connection being killed."""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from adapters.memory.live_feed import InProcessLiveFeed
from adapters.sqlalchemy.live_feed import PostgresLiveFeed, notice_of, read_notice
from core.messaging.live import Arrival, FeedGap, LiveFanOut
from tests.contracts.live_fan_out import LiveFanOutContract, next_posted, posted

pytestmark = pytest.mark.integration


@pytest.fixture
def channel(request: pytest.FixtureRequest) -> str:
    return f"live_test_{abs(hash(request.node.nodeid)) % 10**8}"


@pytest.fixture
def instances(pg_engine: Engine, channel: str) -> Iterator[tuple[PostgresLiveFeed, PostgresLiveFeed]]:
    publisher = PostgresLiveFeed(pg_engine, InProcessLiveFeed(), channel)
    subscriber = PostgresLiveFeed(pg_engine, InProcessLiveFeed(), channel)
    yield publisher, subscriber
    publisher.close()
    subscriber.close()


class TestPostgresLiveFeed(LiveFanOutContract):
    @pytest.fixture
    def feeds(self, instances: tuple[PostgresLiveFeed, PostgresLiveFeed]) -> tuple[LiveFanOut, LiveFanOut]:
        return instances


def _kill_listeners(engine: Engine) -> int:
    with engine.connect() as connection:
        killed = connection.execute(text(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE application_name = 'rastup-live-feed' AND datname = current_database()"
        )).scalar_one()  # fmt: skip
        connection.commit()
    return int(killed)


def _next_gap(arrivals: queue.Queue[Arrival], timeout_s: float) -> FeedGap:
    deadline = time.monotonic() + timeout_s
    while True:
        arrival = arrivals.get(timeout=max(deadline - time.monotonic(), 0.001))
        if isinstance(arrival, FeedGap):
            return arrival


def test_a_killed_listener_connects_again_tells_its_streams_of_the_gap_and_goes_on(
    pg_engine: Engine, instances: tuple[PostgresLiveFeed, PostgresLiveFeed]
) -> None:
    publisher, subscriber = instances
    with subscriber.subscribed("usr_b") as bob:
        assert subscriber.listening(5.0)
        _next_gap(bob, 1.0)  # the first LISTEN: whatever came before it is read from the store
        assert _kill_listeners(pg_engine) >= 1
        assert _next_gap(bob, 5.0) == FeedGap()  # listening again: the stream replays from the store
        publisher.publish("usr_b", posted("msg_after"))
        assert next_posted(bob).message_id == "msg_after"


def test_the_notice_is_small_and_carries_the_event() -> None:
    event = posted("msg_01JZ00000000000000000000", to=("usr_01JZ00000000000000000001",))
    payload = notice_of("usr_01JZ00000000000000000001", event)
    assert len(payload.encode()) < 300 and read_notice(payload) == ("usr_01JZ00000000000000000001", event)
