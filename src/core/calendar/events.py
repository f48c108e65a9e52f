"""Calendar events, past tense: each one changes what an owner can be booked for."""

from __future__ import annotations

import attrs

from core.shared.events import Event
from core.shared.outbox import outbound


@attrs.frozen
class FeedSynced(Event):
    """An imported feed was synced (``failed``: the attempt failed and the previous busy set was kept)."""

    owner_id: str
    feed_id: str
    failed: bool


@attrs.frozen
class FeedImported(Event):
    """A feed was subscribed or a file imported."""

    owner_id: str
    feed_id: str


@attrs.frozen
class FeedRemoved(Event):
    """A feed and its busy time were forgotten."""

    owner_id: str
    feed_id: str


@attrs.frozen
class ScheduleReplaced(Event):
    """An owner's schedule was saved (replaced, or seeded where there was none)."""

    owner_id: str
    version: int


@outbound("calendar.availability_changed")  # the search indexer consumes it
@attrs.frozen
class AvailabilityChanged(Event):
    """The owner's availability index row was rewritten or removed (a schedule saved, bookings or feeds changed
    its busy time): what search shows of the owner's next days changes with it."""

    owner_id: str
