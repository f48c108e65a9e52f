"""The live stream's fan-out across worker processes, over a notice transport (PostgreSQL ``LISTEN``/``NOTIFY``,
Redis pub/sub).

``publish`` runs once the message has committed (the bus hands events over after commit, so a rolled-back message
sends nothing) and sends a small notice: who it is for, the thread, the message, its parties and time. Each process
holds one listening connection on a daemon thread (opened by its first stream) and hands what arrives to its own
streams through the in-process fan-out; a stream re-reads the message from the database. When the connection
drops (a restart, a killed backend), the thread connects again, listens again and then sends its streams a
``FeedGap``, so they replay from the store what they may have missed.
"""

from __future__ import annotations

import asyncio
import json
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Protocol

import structlog

from core.messaging.events import MessagePosted
from core.messaging.live import Arrival, LiveFanOut

log = structlog.get_logger("rastup.live_feed")
RETRY_S = (0.1, 0.5, 1.0, 2.0, 5.0)  # waits between attempts to listen again
RECEIVE_S = 0.5  # how long one wait for notices lasts (and so how soon ``close`` is noticed)
Receive = Callable[[float], Iterable[str]]  # the notices that arrive within a wait of so many seconds


class NoticeTransport(Protocol):
    def send(self, payload: str) -> None:
        """Send one notice to every listener (in any process) now; raises if the transport is down."""
        ...

    def listen(self) -> AbstractContextManager[Receive]:
        """Connect and listen; inside the block, ``receive(timeout_s)`` waits for notices. Either raises once the
        connection is lost (the relay then listens again)."""
        ...


class ProcessStreams(LiveFanOut, Protocol):
    """This process's open streams (``adapters.memory.live_feed``), which the relay feeds."""

    def gap(self) -> None:
        """Send every open stream a ``FeedGap``."""
        ...


def notice_of(user_id: str, event: MessagePosted) -> str:
    """The notice: a few ids (PostgreSQL limits a payload to 8000 bytes; the store has the rest)."""
    return json.dumps(
        {"u": user_id, "t": event.thread_id, "m": event.message_id, "s": event.sender_id, "to": list(event.to),
         "at": event.sent_at.isoformat()}, separators=(",", ":"),
    )  # fmt: skip


def read_notice(payload: str) -> tuple[str, MessagePosted]:
    """Whom a notice is for, and the event it carries (``ValueError``, ``KeyError``, ``TypeError`` when malformed)."""
    fields = json.loads(payload)
    event = MessagePosted(thread_id=fields["t"], message_id=fields["m"], sender_id=fields["s"],
                          to=tuple(fields["to"]), sent_at=datetime.fromisoformat(fields["at"]))  # fmt: skip
    return str(fields["u"]), event


class RelayedLiveFeed:
    """``LiveFanOut`` shared by every process listening on one transport."""

    def __init__(self, transport: NoticeTransport, local: ProcessStreams) -> None:
        self._transport, self._local = transport, local
        self._listening = threading.Event()
        self._closing = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def publish(self, user_id: str, event: MessagePosted) -> None:
        self._transport.send(notice_of(user_id, event))

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
        """Stop listening (the thread notices within ``RECEIVE_S``)."""
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
                with self._transport.listen() as receive:
                    self._listening.set()
                    failures = 0
                    self._local.gap()  # listening (again): what was sent before reaches the streams from the store
                    self._relay(receive)
            except Exception as error:  # any failure: the thread must outlive it, listen again and say so
                self._listening.clear()
                log.warning("live_feed_listener_lost", error=type(error).__name__, detail=str(error)[:200])
                self._closing.wait(RETRY_S[min(failures, len(RETRY_S) - 1)])
                failures += 1

    def _relay(self, receive: Receive) -> None:
        while not self._closing.is_set():
            for payload in receive(RECEIVE_S):
                try:
                    user_id, event = read_notice(payload)
                except (ValueError, KeyError, TypeError):
                    log.warning("live_feed_notice_malformed", payload=payload[:200])
                    continue
                self._local.publish(user_id, event)


def relayed_live_feed(transport: NoticeTransport, local: ProcessStreams) -> Iterator[RelayedLiveFeed]:
    """The feed as a container resource: its listener stops on shutdown."""
    feed = RelayedLiveFeed(transport, local)
    try:
        yield feed
    finally:
        feed.close()
