"""PostgreSQL ``LISTEN``/``NOTIFY`` as the live stream's notice transport (``adapters.system.live_relay``).

A notice is sent with ``pg_notify`` on a pooled connection in autocommit, so it goes out at once (the message it
announces has committed already). Listening takes a connection of its own, outside the pool: it sits idle for
long stretches, which the pool's timeouts would cut; TCP keepalives and a ``SELECT 1`` every ``PING_S`` seconds of
quiet find a dead network.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql
from sqlalchemy import Engine, text

from adapters.sqlalchemy.engine import reading_connection

CHANNEL = "rastup_live"
APPLICATION_NAME = "rastup-live-feed"  # how the listening connections show in pg_stat_activity
PING_S = 15.0


class PostgresNotices:
    """``NoticeTransport`` on one database's ``channel``."""

    def __init__(self, engine: Engine, channel: str = CHANNEL) -> None:
        self._engine, self._channel = engine, channel
        self._dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)

    def send(self, payload: str) -> None:
        with reading_connection(self._engine) as connection:  # autocommit: the notice goes at once
            statement = text("SELECT pg_notify(:channel, :payload)")
            connection.execute(statement, {"channel": self._channel, "payload": payload})

    @contextmanager
    def listen(self) -> Iterator[ReceiveNotices]:
        with psycopg.connect(
            self._dsn, autocommit=True, connect_timeout=5, application_name=APPLICATION_NAME,
            keepalives=1, keepalives_idle=10, keepalives_interval=5, keepalives_count=3,
        ) as connection:  # fmt: skip
            connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self._channel)))
            yield ReceiveNotices(connection)


class ReceiveNotices:
    """Waits for the notices of a listening connection; checks a quiet one now and then."""

    def __init__(self, connection: psycopg.Connection[tuple[object, ...]]) -> None:
        self._connection = connection
        self._pinged = time.monotonic()

    def __call__(self, timeout_s: float) -> Iterator[str]:
        quiet = True
        for notice in self._connection.notifies(timeout=timeout_s):  # each as it arrives
            quiet = False
            yield notice.payload
        if quiet and time.monotonic() - self._pinged > PING_S:
            self._connection.execute("SELECT 1")
            self._pinged = time.monotonic()
