"""The live stream's fan-out within one process: each open stream is a bounded queue per user.

A message is published from the worker thread that committed it; a stream reads it on the event loop, so an
asyncio queue is fed through its loop (``call_soon_threadsafe``). A stream that falls behind (its queue full) has
its queue emptied and given a ``FeedGap``: it reads what it missed from the store. The relay that reaches other workers
(``adapters.system.live_relay``, over PostgreSQL or Redis) delivers through one of these in each process.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from core.messaging.events import MessagePosted
from core.messaging.live import Arrival, FeedGap

QUEUE_SIZE = 100
Deliver = Callable[[Arrival], None]


class InProcessLiveFeed:
    """``LiveFanOut`` for one worker (SQLite, the embedded default)."""

    def __init__(self) -> None:
        self._streams: dict[str, set[Deliver]] = {}
        self._lock = threading.Lock()

    def publish(self, user_id: str, event: MessagePosted) -> None:
        with self._lock:
            streams = list(self._streams.get(user_id, ()))
        for deliver in streams:
            deliver(event)

    def gap(self) -> None:
        """Tell every open stream that notices may have been missed (it re-reads from the store)."""
        with self._lock:
            streams = [deliver for delivers in self._streams.values() for deliver in delivers]
        for deliver in streams:
            deliver(FeedGap())

    def listening(self, timeout_s: float) -> bool:
        return True  # every publisher is in this process

    @contextmanager
    def _subscribed(self, user_id: str, deliver: Deliver) -> Iterator[None]:
        with self._lock:
            self._streams.setdefault(user_id, set()).add(deliver)
        try:
            yield
        finally:
            with self._lock:
                self._streams[user_id].discard(deliver)
                if not self._streams[user_id]:
                    del self._streams[user_id]

    @contextmanager
    def subscribed(self, user_id: str) -> Iterator[queue.Queue[Arrival]]:
        """A thread-safe queue of what is published to ``user_id`` while the ``with`` block lasts."""
        stream: queue.Queue[Arrival] = queue.Queue(QUEUE_SIZE)

        def deliver(event: Arrival) -> None:
            try:
                stream.put_nowait(event)
            except queue.Full:  # the stream fell behind: what it holds is read again from the store
                with contextlib.suppress(queue.Empty):
                    while True:
                        stream.get_nowait()
                with contextlib.suppress(queue.Full):
                    stream.put_nowait(FeedGap())

        with self._subscribed(user_id, deliver):
            yield stream

    @contextmanager
    def streaming(self, user_id: str) -> Iterator[asyncio.Queue[Arrival]]:
        """An asyncio queue, on the running loop, of what is published to ``user_id`` while the block lasts."""
        loop = asyncio.get_running_loop()
        stream: asyncio.Queue[Arrival] = asyncio.Queue(QUEUE_SIZE)

        def put(event: Arrival) -> None:
            try:
                stream.put_nowait(event)
            except asyncio.QueueFull:  # the stream fell behind: what it holds is read again from the store
                while not stream.empty():
                    stream.get_nowait()
                stream.put_nowait(FeedGap())

        def deliver(event: Arrival) -> None:
            with contextlib.suppress(RuntimeError):  # the loop closed: the stream is gone
                loop.call_soon_threadsafe(put, event)

        with self._subscribed(user_id, deliver):
            yield stream
