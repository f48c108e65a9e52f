"""The live fan-out through Redis pub/sub: the LiveFanOut contract between two instances (two workers), including
a listener whose connection Redis kills (``CLIENT KILL``), which redis-py would otherwise reconnect silently."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator

import pytest
import redis

from adapters.memory.live_feed import InProcessLiveFeed
from adapters.redis.live_feed import RedisNotices
from adapters.system.live_relay import RelayedLiveFeed
from core.messaging.live import LiveFanOut
from tests.contracts.live_fan_out import LiveFanOutContract

pytestmark = pytest.mark.integration


class TestRedisLiveFeed(LiveFanOutContract):
    @pytest.fixture
    def client_name(self) -> str:
        return f"rastup-live-test-{secrets.token_hex(4)}"  # this test's connections only, on a shared server

    @pytest.fixture
    def feeds(self, redis_url: str, client_name: str) -> Iterator[tuple[LiveFanOut, LiveFanOut]]:
        channel = f"live_test_{secrets.token_hex(4)}"
        clients = [redis.Redis.from_url(redis_url, client_name=client_name, socket_timeout=2) for _ in range(2)]
        publisher, subscriber = (
            RelayedLiveFeed(RedisNotices(client, channel), InProcessLiveFeed()) for client in clients
        )
        yield publisher, subscriber
        publisher.close()
        subscriber.close()
        for client in clients:
            client.close()

    @pytest.fixture
    def cut_listeners(self, redis_url: str, client_name: str) -> Iterator[Callable[[], int]]:
        admin = redis.Redis.from_url(redis_url, socket_timeout=2)

        def cut() -> int:
            listening = [c for c in admin.client_list(_type="pubsub") if c.get("name") == client_name]
            for found in listening:
                admin.client_kill_filter(_id=found["id"])
            return len(listening)

        yield cut
        admin.close()


def test_services_on_other_db_indexes_of_one_server_hear_nothing_of_each_other(redis_url: str) -> None:
    """Pub/sub ignores the db index, so the default channel names it: two deployments (or two parallel test
    workers) kept apart by their index on one server stay apart on the live stream too."""
    base, _, index = redis_url.rpartition("/")
    other = f"{base}/{int(index) - 1 if int(index) > 1 else int(index) + 1}"
    clients = [redis.Redis.from_url(url, socket_timeout=2) for url in (redis_url, other, redis_url)]
    ours, theirs, ours_too = (RedisNotices(client) for client in clients)
    try:
        with ours.listen() as heard_by_us, theirs.listen() as heard_by_them:
            ours_too.send("for this index")
            theirs.send("for the other index")
            assert list(heard_by_us(1.0)) == ["for this index"]
            assert list(heard_by_them(1.0)) == ["for the other index"]
    finally:
        for client in clients:
            client.close()
