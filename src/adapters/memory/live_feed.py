"""The live stream's fan-out within one process: each open stream is a bounded queue per user."""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from core.messaging.events import MessagePosted

QUEUE_SIZE = 100


class InProcessLiveFeed:
    """``LiveFeed`` for one worker (SQLite, the embedded default): a full queue drops its newest event, and the
    stream's client catches up from the store on reconnection (``Last-Event-ID``)."""

    def __init__(self) -> None:
        self._streams: dict[str, set[queue.Queue[MessagePosted]]] = {}
        self._lock = threading.Lock()

    def publish(self, user_id: str, event: MessagePosted) -> None:
        with self._lock:
            streams = list(self._streams.get(user_id, ()))
        for stream in streams:
            with contextlib.suppress(queue.Full):  # its client reconnects with Last-Event-ID and reads the rest
                stream.put_nowait(event)

    @contextmanager
    def subscribed(self, user_id: str) -> Iterator[queue.Queue[MessagePosted]]:
        """A queue of what is published to ``user_id`` while the ``with`` block lasts."""
        stream: queue.Queue[MessagePosted] = queue.Queue(QUEUE_SIZE)
        with self._lock:
            self._streams.setdefault(user_id, set()).add(stream)
        try:
            yield stream
        finally:
            with self._lock:
                self._streams[user_id].discard(stream)
                if not self._streams[user_id]:
                    del self._streams[user_id]
