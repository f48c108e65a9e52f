"""The Redis rate limiter passes the RateLimiter contract against a real Redis (db 14, flushed)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis
from tests.contracts.rate_limiter import T0, RateLimiterContract
from tests.harness.redis_peer import client as short_timeout_client
from tests.harness.redis_peer import unreachable_url

from adapters.redis.rate_limiter import RedisRateLimiter

pytestmark = pytest.mark.integration


@pytest.fixture
def client() -> Iterator[redis.Redis]:
    connection = redis.Redis(host="127.0.0.1", port=6379, db=14)
    connection.flushdb()
    yield connection
    connection.flushdb()
    connection.close()


class TestRedisRateLimiter(RateLimiterContract):
    @pytest.fixture
    def limiter(self, client: redis.Redis) -> RedisRateLimiter:
        return RedisRateLimiter(client)

    @pytest.fixture
    def unreachable_limiter(self) -> Iterator[RedisRateLimiter]:
        with short_timeout_client(unreachable_url()) as connection:
            yield RedisRateLimiter(connection)


def test_two_workers_share_one_limit(client: redis.Redis) -> None:
    first, second = RedisRateLimiter(client), RedisRateLimiter(client)
    assert first.hit("shared", 2, 60, T0).allowed
    assert second.hit("shared", 2, 60, T0).allowed
    assert not first.hit("shared", 2, 60, T0).allowed


def test_keys_expire_with_their_window(client: redis.Redis) -> None:
    RedisRateLimiter(client, key_prefix="t:").hit("k", 1, 60, T0)
    assert 0 < client.pttl("t:k") <= 60_000
