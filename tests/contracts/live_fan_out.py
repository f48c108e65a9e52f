"""The LiveFanOut contract: every backend (in-process, PostgreSQL, Redis) must pass these. The ``feeds`` fixture
gives a publishing instance and a subscribing one: two instances on one backend stand for two worker processes."""

from __future__ import annotations

import asyncio
import queue
import time
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from core.messaging.events import MessagePosted
from core.messaging.live import Arrival, FeedGap, LiveFanOut

T0 = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
WITHIN_S = 1.0  # the budget from post to stream


def posted(message_id: str, sender: str = "usr_a", to: tuple[str, ...] = ("usr_b",)) -> MessagePosted:
    return MessagePosted(thread_id="thr_1", message_id=message_id, sender_id=sender, to=to, sent_at=T0)


def next_posted(arrivals: queue.Queue[Arrival], timeout_s: float = WITHIN_S) -> MessagePosted:
    """The next message published to a subscription (gaps skipped); ``queue.Empty`` after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        arrival = arrivals.get(timeout=max(deadline - time.monotonic(), 0.001))
        if not isinstance(arrival, FeedGap):
            return arrival


def nothing_but_gaps(arrivals: queue.Queue[Arrival], wait_s: float = 0.3) -> bool:
    time.sleep(wait_s)
    found = []
    while not arrivals.empty():
        found.append(arrivals.get_nowait())
    return all(isinstance(arrival, FeedGap) for arrival in found)


def next_gap(arrivals: queue.Queue[Arrival], timeout_s: float) -> FeedGap:
    """The next ``FeedGap`` of a subscription (messages skipped); ``queue.Empty`` after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        arrival = arrivals.get(timeout=max(deadline - time.monotonic(), 0.001))
        if isinstance(arrival, FeedGap):
            return arrival


class LiveFanOutContract:
    """Subclass with a ``feeds`` fixture returning (publisher, subscriber) on one fresh backend, and a
    ``cut_listeners`` fixture: a function that kills the backend's listening connections and answers how many
    (skip for a backend without any)."""

    @pytest.fixture
    def feeds(self) -> tuple[LiveFanOut, LiveFanOut]:
        raise NotImplementedError

    @pytest.fixture
    def cut_listeners(self) -> Callable[[], int]:
        raise NotImplementedError

    def test_a_publish_reaches_the_users_streams_on_another_instance_and_nobody_elses(
        self, feeds: tuple[LiveFanOut, LiveFanOut]
    ) -> None:
        publisher, subscriber = feeds
        with (
            subscriber.subscribed("usr_b") as bob,
            subscriber.subscribed("usr_b") as bobs_phone,
            subscriber.subscribed("usr_c") as carol,
        ):
            assert subscriber.listening(5.0)
            started = time.monotonic()
            publisher.publish("usr_b", posted("msg_1"))
            assert next_posted(bob) == posted("msg_1") and next_posted(bobs_phone) == posted("msg_1")
            assert time.monotonic() - started < WITHIN_S
            assert nothing_but_gaps(carol)

    def test_publishing_to_a_user_with_no_stream_does_nothing_and_raises_nothing(
        self, feeds: tuple[LiveFanOut, LiveFanOut]
    ) -> None:
        publisher, subscriber = feeds
        publisher.publish("usr_nobody", posted("msg_1"))
        with subscriber.subscribed("usr_b") as bob:
            assert subscriber.listening(5.0)
            publisher.publish("usr_b", posted("msg_2"))
            assert next_posted(bob).message_id == "msg_2"  # the earlier publish reached no one, later

    def test_a_stream_that_reconnects_gets_what_is_published_after_and_the_closed_one_nothing(
        self, feeds: tuple[LiveFanOut, LiveFanOut]
    ) -> None:
        publisher, subscriber = feeds
        with subscriber.subscribed("usr_b") as first:
            assert subscriber.listening(5.0)
            publisher.publish("usr_b", posted("msg_1"))
            assert next_posted(first).message_id == "msg_1"
        publisher.publish("usr_b", posted("msg_2"))  # between the two connections: the store replays it
        with subscriber.subscribed("usr_b") as again:
            publisher.publish("usr_b", posted("msg_3"))
            # msg_2 may still be on its way to this process when the new stream opens: the stream sends each once
            received = [next_posted(again).message_id]
            if received == ["msg_2"]:
                received.append(next_posted(again).message_id)
            assert received[-1] == "msg_3"
        assert nothing_but_gaps(first)

    def test_an_asyncio_stream_on_another_instance_gets_the_publish(self, feeds: tuple[LiveFanOut, LiveFanOut]) -> None:
        publisher, subscriber = feeds

        async def stream_one() -> MessagePosted:
            with subscriber.streaming("usr_b") as arriving:
                assert await asyncio.to_thread(subscriber.listening, 5.0)
                await asyncio.to_thread(publisher.publish, "usr_b", posted("msg_1"))
                while True:
                    arrival = await asyncio.wait_for(arriving.get(), WITHIN_S)
                    if not isinstance(arrival, FeedGap):
                        return arrival

        assert asyncio.run(stream_one()) == posted("msg_1")

    def test_a_listener_whose_connection_is_killed_listens_again_and_tells_its_streams_of_the_gap(
        self, feeds: tuple[LiveFanOut, LiveFanOut], cut_listeners: Callable[[], int]
    ) -> None:
        publisher, subscriber = feeds
        with subscriber.subscribed("usr_b") as bob:
            assert subscriber.listening(5.0)
            while not bob.empty():  # a first FeedGap may say that it has just begun to listen
                bob.get_nowait()
            assert cut_listeners() >= 1
            assert next_gap(bob, 10.0) == FeedGap()  # listening again: the stream replays from the store
            started = time.monotonic()
            publisher.publish("usr_b", posted("msg_after"))
            assert next_posted(bob).message_id == "msg_after" and time.monotonic() - started < WITHIN_S
