"""``GET /api/messages/stream``: Server-Sent Events of the messages reaching the caller's threads, live.

Each event's id is the message's id; a client that reconnects with ``Last-Event-ID`` first gets what it missed,
read from the store, then the live ones (the fan-out is subscribed before the replay is read, and a message seen
in both is sent once), so nothing is lost. A comment (``: open``) says the stream is subscribed; another goes out
every ``HEARTBEAT_S`` seconds to keep proxies from closing a quiet stream. The fan-out (``LiveFanOut``, chosen by
``LIVE_FEED_BACKEND``) reaches every worker through PostgreSQL (``LISTEN``/``NOTIFY``) or Redis, and only its own
worker in memory; when it may have missed notices (a dropped connection, a full queue) it says so (``FeedGap``)
and the stream replays from the store after the last message it sent.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

import anyio
import attrs
from litestar import Request, get
from litestar.params import SkipValidation
from litestar.response import ServerSentEvent, ServerSentEventMessage

from core.messaging.live import FeedGap, LiveFanOut
from core.messaging.model import Message
from core.messaging.ports import MessagingUnitOfWork
from core.shared.errors import NotFound
from entrypoints.http.caller import CurrentUserDep
from entrypoints.shapes.messaging import MessageOut

HEARTBEAT_S = 15.0
REPLAY_LIMIT = 500
LISTEN_WAIT_S = 2.0
LiveFeedDep = SkipValidation[LiveFanOut]
NewMessagingUow = SkipValidation[Callable[[], MessagingUnitOfWork]]


def _event(message: Message, reader: str) -> ServerSentEventMessage:
    out = MessageOut.of(message, reader)
    data = json.dumps({"threadId": message.thread_id, **attrs.asdict(out)})
    return ServerSentEventMessage(data=data, event="message", id=message.id)


@attrs.define
class _Sent:
    """What a stream has sent: each message once; the latest (by ``sent_at``, then id) is where a replay starts."""

    ids: set[str] = attrs.Factory(set)
    last: Message | None = None

    def first_time(self, message: Message) -> bool:
        if message.id in self.ids:
            return False
        self.ids.add(message.id)
        if self.last is None or (message.sent_at, message.id) > (self.last.sent_at, self.last.id):
            self.last = message
        return True


def _replay(new_uow: Callable[[], MessagingUnitOfWork], user: str, after: str | None) -> Sequence[Message]:
    uow = new_uow()
    with uow.reading():
        return uow.messages.since(user, after, REPLAY_LIMIT) if after else []


def _load(new_uow: Callable[[], MessagingUnitOfWork], message_id: str) -> Message | None:
    uow = new_uow()
    with uow.reading():
        try:
            return uow.messages.get(message_id)
        except NotFound:
            return None


@get("/stream", tags=["messages"], media_type="text/event-stream")
async def stream(
    request: Request[Any, Any, Any], current_user: CurrentUserDep, live_feed: LiveFeedDep,
    new_messaging_uow: NewMessagingUow,
) -> ServerSentEvent:  # fmt: skip
    """The caller's messages as they arrive (``event: message``, ``id``: the message id, ``data``: the message as
    the thread shows it, with ``threadId``). Send ``Last-Event-ID`` to resume."""
    user = current_user.user_id
    if user is None:
        raise NotFound("inbox", "anonymous")
    after = request.headers.get("last-event-id") or None

    async def events() -> AsyncIterator[ServerSentEventMessage]:
        with live_feed.streaming(user) as arriving:
            # the first stream in a worker starts its listener: wait for it (bounded), then say the stream is open
            await anyio.to_thread.run_sync(live_feed.listening, LISTEN_WAIT_S)
            yield ServerSentEventMessage(data=None, comment="open")
            sent = _Sent()
            for message in await anyio.to_thread.run_sync(_replay, new_messaging_uow, user, after):
                if sent.first_time(message):
                    yield _event(message, user)
            while True:
                try:
                    posted = await asyncio.wait_for(arriving.get(), HEARTBEAT_S)
                except TimeoutError:
                    yield ServerSentEventMessage(data=None, comment="keep-alive")  # data="" would be an event
                    continue
                if isinstance(posted, FeedGap):  # notices may have been missed: read them from the store
                    since = sent.last.id if sent.last else after
                    for message in await anyio.to_thread.run_sync(_replay, new_messaging_uow, user, since):
                        if sent.first_time(message):
                            yield _event(message, user)
                    continue
                if posted.message_id in sent.ids:
                    continue
                message = await anyio.to_thread.run_sync(_load, new_messaging_uow, posted.message_id)
                if message is None or (message.held and message.sender_id != user):
                    continue
                if sent.first_time(message):
                    yield _event(message, user)

    return ServerSentEvent(events(), headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
