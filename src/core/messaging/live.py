"""The live stream's fan-out port: what a posted message's handler publishes reaches each party's open streams,
in whichever worker process they are held."""

from __future__ import annotations

import asyncio
import queue
from contextlib import AbstractContextManager
from typing import Protocol

import attrs

from core.messaging.events import MessagePosted


@attrs.frozen
class FeedGap:
    """Notices may have been missed (a connection dropped and came back, a stream fell behind): re-read the store."""


Arrival = MessagePosted | FeedGap


class LiveFeed(Protocol):
    """The publishing side: every subscriber of a user gets what is published to them."""

    def publish(self, user_id: str, event: MessagePosted) -> None:
        """Hand ``event`` to ``user_id``'s open streams, in any process (none open: nothing happens). Called once
        the message has committed. Never raises for a user with no stream; a stream that falls behind catches up
        from the store (``Last-Event-ID``)."""
        ...


class LiveFanOut(LiveFeed, Protocol):
    """Both sides of the fan-out; a second instance on the same backend stands for another worker."""

    def subscribed(self, user_id: str) -> AbstractContextManager[queue.Queue[Arrival]]:
        """A thread-safe, bounded queue of what is published to ``user_id`` (by any instance sharing the backend)
        while the ``with`` block lasts. A ``FeedGap`` arrives when notices may have been missed (a dropped
        connection; a full queue, which is emptied for it); the subscription goes on after it."""
        ...

    def streaming(self, user_id: str) -> AbstractContextManager[asyncio.Queue[Arrival]]:
        """As ``subscribed``, as an asyncio queue fed on the running loop (enter it on that loop)."""
        ...

    def listening(self, timeout_s: float) -> bool:
        """Whether subscriptions receive what other instances publish, waiting up to ``timeout_s`` for it (a
        backend's listener connecting). Until then, publishes from elsewhere may be missed: a ``FeedGap`` follows."""
        ...
