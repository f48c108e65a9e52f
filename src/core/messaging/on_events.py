"""Messaging's handlers: a posted message goes to the live stream of each party it reaches (its sender's other
devices too), so an open inbox updates without polling; a booking's events open its thread and post its notices."""

from __future__ import annotations

import attrs

from core.booking.events import BookingEvent
from core.messaging.booking_threads import BookingThreads
from core.messaging.events import MessagePosted
from core.messaging.live import LiveFeed
from core.shared.messagebus import Handlers


@attrs.frozen
class LiveNotices:
    feed: LiveFeed

    def on_posted(self, event: MessagePosted) -> int:
        """Publish ``event`` to its sender and recipients; answers how many users it went to."""
        users = tuple(dict.fromkeys((*((event.sender_id,) if event.sender_id else ()), *event.to)))
        for user in users:
            self.feed.publish(user, event)
        return len(users)


def messaging_handlers(feed: LiveFeed, booking_threads: BookingThreads) -> Handlers:
    """Messaging's handler map for the message bus: live notices, and each booking's thread and notices."""
    return {MessagePosted: [LiveNotices(feed).on_posted], BookingEvent: [booking_threads.on_booking]}
