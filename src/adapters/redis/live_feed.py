"""Redis pub/sub as the live stream's notice transport (``adapters.system.live_relay``): for deployments where
PostgreSQL's ``LISTEN`` is unavailable (a transaction-pooling proxy in front of the database).

redis-py reconnects a subscription on its own, silently: a reconnection is turned into an error here, so that
the relay listens afresh and tells its streams to replay what they may have missed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import redis
from redis.client import PubSub

CHANNEL = "rastup_live"


class RedisNotices:
    """``NoticeTransport`` on one Redis server's ``channel``.

    Pub/sub ignores the database index, so the default channel names it (``rastup_live:3`` for db 3): services
    kept apart by their db index on one server (two deployments, or parallel test workers) stay apart here too.
    """

    def __init__(self, client: redis.Redis, channel: str | None = None) -> None:
        db = client.connection_pool.connection_kwargs.get("db", 0)
        self._client, self._channel = client, channel or f"{CHANNEL}:{db}"

    def send(self, payload: str) -> None:
        self._client.publish(self._channel, payload)

    @contextmanager
    def listen(self) -> Iterator[ReceiveMessages]:
        pubsub = self._client.pubsub(ignore_subscribe_messages=True)
        try:
            pubsub.subscribe(self._channel)
            yield ReceiveMessages(pubsub)
        finally:
            pubsub.close()


class ReceiveMessages:
    """Waits for a subscription's messages; raises once redis-py has had to reconnect it."""

    def __init__(self, pubsub: PubSub) -> None:
        self._pubsub = pubsub
        self._reconnected = threading.Event()
        if pubsub.connection is None:  # subscribing takes a connection: without one, listen again
            raise redis.ConnectionError("the subscription holds no connection")
        pubsub.connection.register_connect_callback(self._on_connect)  # kept as a weak method: a bound one

    def _on_connect(self, _connection: Any) -> None:
        self._reconnected.set()

    def __call__(self, timeout_s: float) -> Iterator[str]:
        deadline = time.monotonic() + timeout_s
        while (left := deadline - time.monotonic()) > 0:
            message = self._pubsub.get_message(timeout=left)
            if self._reconnected.is_set():
                raise redis.ConnectionError("the subscription was reconnected: notices may have been missed")
            if message is not None and message["type"] == "message":
                data = message["data"]
                yield data.decode() if isinstance(data, bytes) else str(data)
