"""The live stream's fan-out across worker processes through PostgreSQL ``LISTEN``/``NOTIFY``.

``publish`` runs once the message has committed (the bus hands events over after commit, so a rolled-back message
sends no notice) and sends a small notice on the channel: who it is for, the thread, the message, its parties and
time. Each process holds one listening connection on a daemon thread (opened with the first subscription) and
hands what arrives to its own streams through an in-process fan-out; the stream re-reads the message from the
database. When the listening connection drops (a restart, ``pg_terminate_backend``), the thread connects again,
listens again and then sends its streams a ``FeedGap``, so they replay from the store what they may have missed.
"""

from __future__ import annotations

import asyncio
import json
import queue
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from typing import Protocol

import psycopg
import structlog
from psycopg import sql
from sqlalchemy import Engine, text

from adapters.sqlalchemy.engine import reading_connection
from core.messaging.events import MessagePosted
from core.messaging.live import Arrival, LiveFanOut

log = structlog.get_logger("rastup.live_feed")
CHANNEL = "rastup_live"
PING_S = 15.0  # a silent listening connection is checked this often (a dead network sends no error)
RETRY_S = (0.1, 0.5, 1.0, 2.0, 5.0)  # waits between attempts to listen again


class ProcessStreams(LiveFanOut, Protocol):
    """This process's open streams (``adapters.memory.live_feed``), which the listener feeds."""

    def gap(self) -> None:
        """Send every open stream a ``FeedGap``."""
        ...


def notice_of(user_id: str, event: MessagePosted) -> str:
    """The notice's payload: a few ids (PostgreSQL limits a payload to 8000 bytes; the store has the rest)."""
    return json.dumps(
        {"u": user_id, "t": event.thread_id, "m": event.message_id, "s": event.sender_id, "to": list(event.to),
         "at": event.sent_at.isoformat()}, separators=(",", ":"),
    )  # fmt: skip


def read_notice(payload: str) -> tuple[str, MessagePosted]:
    """Whom a notice is for, and the event it carries (``ValueError`` or ``KeyError`` for a malformed one)."""
    fields = json.loads(payload)
    event = MessagePosted(thread_id=fields["t"], message_id=fields["m"], sender_id=fields["s"],
                          to=tuple(fields["to"]), sent_at=datetime.fromisoformat(fields["at"]))  # fmt: skip
    return str(fields["u"]), event


class PostgresLiveFeed:
    """``LiveFanOut`` shared by every process on one PostgreSQL database (and ``channel``)."""

    def __init__(self, engine: Engine, local: ProcessStreams, channel: str = CHANNEL) -> None:
        self._engine, self._local, self._channel = engine, local, channel
        self._dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._listening = threading.Event()
        self._closing = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def publish(self, user_id: str, event: MessagePosted) -> None:
        with reading_connection(self._engine) as connection:  # autocommit: the notice goes at once
            statement = text("SELECT pg_notify(:channel, :payload)")
            connection.execute(statement, {"channel": self._channel, "payload": notice_of(user_id, event)})

    def subscribed(self, user_id: str) -> AbstractContextManager[queue.Queue[Arrival]]:
        self._start()
        return self._local.subscribed(user_id)

    def streaming(self, user_id: str) -> AbstractContextManager[asyncio.Queue[Arrival]]:
        self._start()
        return self._local.streaming(user_id)

    def listening(self, timeout_s: float) -> bool:
        self._start()
        return self._listening.wait(timeout_s)

    def close(self, timeout_s: float = 5.0) -> None:
        """Stop listening (the thread notices within a second)."""
        self._closing.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _start(self) -> None:
        with self._start_lock:
            if self._thread is None and not self._closing.is_set():
                self._thread = threading.Thread(target=self._run, name="rastup-live-feed", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        failures = 0
        while not self._closing.is_set():
            try:
                with self._listener() as connection:
                    failures = 0
                    self._relay(connection)
            except psycopg.Error as error:
                self._listening.clear()
                log.warning("live_feed_listener_lost", error=type(error).__name__, detail=str(error)[:200])
                self._closing.wait(RETRY_S[min(failures, len(RETRY_S) - 1)])
                failures += 1

    @contextmanager
    def _listener(self) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
        with psycopg.connect(
            self._dsn, autocommit=True, connect_timeout=5, application_name="rastup-live-feed",
            keepalives=1, keepalives_idle=10, keepalives_interval=5, keepalives_count=3,
        ) as connection:  # fmt: skip
            connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self._channel)))
            self._listening.set()
            # listening (again): whatever was published before this point reaches the open streams from the store
            self._local.gap()
            yield connection

    def _relay(self, connection: psycopg.Connection[tuple[object, ...]]) -> None:
        pinged = time.monotonic()
        while not self._closing.is_set():
            for notice in connection.notifies(timeout=0.5):
                try:
                    user_id, event = read_notice(notice.payload)
                except (ValueError, KeyError, TypeError):
                    log.warning("live_feed_notice_malformed", payload=notice.payload[:200])
                    continue
                self._local.publish(user_id, event)
            if time.monotonic() - pinged > PING_S:
                connection.execute("SELECT 1")
                pinged = time.monotonic()


def postgres_live_feed(engine: Engine, local: ProcessStreams, channel: str = CHANNEL) -> Iterator[PostgresLiveFeed]:
    """The feed as a container resource: its listener stops on shutdown."""
    feed = PostgresLiveFeed(engine, local, channel)
    try:
        yield feed
    finally:
        feed.close()
