"""The Redis client as a container resource: created on first use, closed on shutdown."""

from __future__ import annotations

from collections.abc import Iterator

import redis


def redis_client(url: str, connect_timeout_s: float = 2.0, timeout_s: float = 2.0) -> Iterator[redis.Redis]:
    """A client whose every wait is bounded: a silent Redis counts as down after the timeouts."""
    client = redis.Redis.from_url(
        url, socket_connect_timeout=connect_timeout_s, socket_timeout=timeout_s, health_check_interval=30
    )
    try:
        yield client
    finally:
        client.close()
