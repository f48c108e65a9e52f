"""The Redis client as a container resource: created on first use, closed on shutdown."""

from __future__ import annotations

from collections.abc import Iterator

import redis


def redis_client(url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2, health_check_interval=30)
    try:
        yield client
    finally:
        client.close()
