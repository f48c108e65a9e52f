"""What waits in the delivery queue, how often a failed delivery is retried, and what a round did."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import attrs

from core.shared.retry import REASON_CHARS as REASON_CHARS  # shared with the outbox
from core.shared.retry import RetryPolicy as RetryPolicy
from core.shared.retry import Round

Channel = Literal["email", "sms"]
CHANNELS: tuple[Channel, ...] = ("email", "sms")


@attrs.frozen
class Outbound:
    """One message for a gateway: an email (``to`` an address, with a subject) or a text (``to`` E.164)."""

    channel: Channel
    to: str = attrs.field(repr=False)  # an address or a phone number: never logged
    subject: str
    text: str = attrs.field(repr=False)  # may carry a one-time code: never logged
    html: str | None = attrs.field(default=None, repr=False)  # an email's HTML alternative, if it has one
    headers: tuple[tuple[str, str], ...] = attrs.field(default=(), repr=False)  # an email's extra header fields


@attrs.frozen
class Claimed:
    """A message taken from the queue for one delivery attempt; ``attempt`` counts this one (1 = first)."""

    id: int
    message: Outbound
    attempt: int


@attrs.frozen
class QueueSummary:
    """What the queue holds at ``now``: due (to send now), backing off (a retry later), leased (being sent by
    some dispatcher) and dead letters (given up on; ``rastup delivery requeue-dead`` sends them again)."""

    due: int
    backing_off: int
    leased: int
    dead: int


@attrs.frozen
class DeadLetter:
    """A message given up on, as operators see it: never its recipient or text."""

    id: int
    channel: str
    attempts: int
    dead_at: datetime
    last_error: str | None


@attrs.frozen
class Sent:
    """A message handed to its gateway."""

    id: int
    channel: str


@attrs.frozen
class Failure:
    """A failed attempt, as it may be logged: the message id, its channel and the gateway's reason."""

    id: int
    channel: str
    reason: str


@attrs.frozen
class DeliveryRound(Round[Sent, Failure]):
    """The outcome of one ``deliver_due`` round: message ids by what happened to them."""

    @property
    def claimed(self) -> int:
        return self.handled

    def delivered_by_channel(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for sent in self.delivered:
            counts[sent.channel] = counts.get(sent.channel, 0) + 1
        return counts
