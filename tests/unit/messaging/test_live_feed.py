"""The in-process live feed: what a posted message's handler publishes reaches each party's open streams."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from adapters.memory.live_feed import QUEUE_SIZE, InProcessLiveFeed
from core.messaging.events import MessagePosted
from core.messaging.live import FeedGap, LiveFanOut
from core.messaging.on_events import LiveNotices
from tests.contracts.live_fan_out import LiveFanOutContract
from tests.unit.messaging.messaging_world import T0


class TestInProcessLiveFeed(LiveFanOutContract):
    @pytest.fixture
    def feeds(self) -> tuple[LiveFanOut, LiveFanOut]:
        feed = InProcessLiveFeed()  # one process: the publisher and the streams share it
        return feed, feed

    @pytest.fixture
    def cut_listeners(self) -> Callable[[], int]:
        pytest.skip("in one process there is no connection to lose")


def test_a_posted_message_reaches_both_parties_open_streams_and_nobody_elses() -> None:
    feed = InProcessLiveFeed()
    event = MessagePosted(thread_id="thr_1", message_id="msg_1", sender_id="usr_a", to=("usr_b",), sent_at=T0)
    with feed.subscribed("usr_a") as mine, feed.subscribed("usr_b") as theirs, feed.subscribed("usr_c") as other:
        assert LiveNotices(feed).on_posted(event) == 2
        assert mine.get_nowait() == event and theirs.get_nowait() == event and other.empty()
    assert LiveNotices(feed).on_posted(event) == 2  # nobody listening: nothing happens, nothing raises


def test_a_gap_reaches_every_open_stream() -> None:
    feed = InProcessLiveFeed()
    with feed.subscribed("usr_a") as mine, feed.subscribed("usr_b") as theirs:
        feed.gap()
        assert mine.get_nowait() == FeedGap() and theirs.get_nowait() == FeedGap()


def test_a_stream_that_falls_behind_is_told_to_read_the_store_and_goes_on() -> None:
    feed = InProcessLiveFeed()
    event = MessagePosted(thread_id="thr_1", message_id="msg_1", sender_id="usr_a", to=("usr_b",), sent_at=T0)
    with feed.subscribed("usr_b") as slow:
        for _ in range(QUEUE_SIZE + 1):
            feed.publish("usr_b", event)
        feed.publish("usr_b", event)
        assert [slow.get_nowait(), slow.get_nowait()] == [FeedGap(), event] and slow.empty()


def test_an_asyncio_stream_that_falls_behind_is_told_to_read_the_store() -> None:
    feed = InProcessLiveFeed()
    event = MessagePosted(thread_id="thr_1", message_id="msg_1", sender_id="usr_a", to=("usr_b",), sent_at=T0)

    async def fall_behind() -> list[object]:
        with feed.streaming("usr_b") as slow:
            for _ in range(QUEUE_SIZE + 1):
                feed.publish("usr_b", event)
            await asyncio.sleep(0.05)  # the loop runs the deliveries
            return [slow.get_nowait() for _ in range(slow.qsize())]

    assert asyncio.run(fall_behind()) == [FeedGap()]
