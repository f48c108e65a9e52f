"""The Redis login telemetry passes the LoginTelemetry contract against a real Redis, and is shared."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import redis
from tests.contracts.login_telemetry import T0, WINDOW, LoginTelemetryContract
from tests.harness.redis_peer import client as short_timeout_client
from tests.harness.redis_peer import unreachable_url

from adapters.redis.login_telemetry import RedisLoginTelemetry
from core.identity.service_ports import IpActivity

pytestmark = pytest.mark.integration


@pytest.fixture
def client(clean_redis_url: str) -> Iterator[redis.Redis]:
    connection = redis.Redis.from_url(clean_redis_url)
    yield connection
    connection.close()


class TestRedisLoginTelemetry(LoginTelemetryContract):
    @pytest.fixture
    def telemetry(self, client: redis.Redis) -> RedisLoginTelemetry:
        return RedisLoginTelemetry(client)

    @pytest.fixture
    def unreachable_telemetry(self) -> Iterator[RedisLoginTelemetry]:
        with short_timeout_client(unreachable_url()) as connection:
            yield RedisLoginTelemetry(connection)


def test_two_workers_see_each_others_attempts(client: redis.Redis) -> None:
    first, second = RedisLoginTelemetry(client), RedisLoginTelemetry(client)
    first.record_attempt("203.0.113.7", "a@example.com", T0)
    second.record_attempt("203.0.113.7", "b@example.com", T0)
    assert first.ip_activity("203.0.113.7", WINDOW, T0) == IpActivity(2, 2)


def test_a_flood_from_one_ip_stays_bounded_and_expires(client: redis.Redis) -> None:
    telemetry = RedisLoginTelemetry(client, retention_s=3600, max_per_ip=50, key_prefix="t:")
    for n in range(120):
        telemetry.record_attempt("203.0.113.7", f"user{n}@example.com", T0 + timedelta(milliseconds=n))
    assert client.zcard("t:203.0.113.7") == 50  # the newest 50
    assert telemetry.ip_activity("203.0.113.7", WINDOW, T0 + timedelta(seconds=1)) == IpActivity(50, 50)
    assert 0 < client.pttl("t:203.0.113.7") <= 3_600_000
    assert not any(b"example.com" in member for member in client.zrange("t:203.0.113.7", 0, -1))  # digests only
