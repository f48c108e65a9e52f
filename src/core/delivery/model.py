"""What waits in the delivery queue, how often a failed delivery is retried, and what a round did."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

import attrs

Channel = Literal["email", "sms"]
CHANNELS: tuple[Channel, ...] = ("email", "sms")
REASON_CHARS = 200  # a failure's reason is kept to this many characters (the SQL column's size)


@attrs.frozen
class Outbound:
    """One message for a gateway: an email (``to`` an address, with a subject) or a text (``to`` E.164)."""

    channel: Channel
    to: str = attrs.field(repr=False)  # an address or a phone number: never logged
    subject: str
    text: str = attrs.field(repr=False)  # may carry a one-time code: never logged


@attrs.frozen
class Claimed:
    """A message taken from the queue for one delivery attempt; ``attempt`` counts this one (1 = first)."""

    id: int
    message: Outbound
    attempt: int


@attrs.frozen
class RetryPolicy:
    """``max_attempts`` tries in all; the pause before retry n is ``first_pause_s * 2**(n-1)``, capped.

    The defaults give up after about half an hour (5 s, 10 s, 20 s ... then every 10 minutes): long enough to
    ride out a mail relay's restart, short enough that an operator sees dead letters the same hour.
    """

    max_attempts: int = 10
    first_pause_s: float = 5.0
    max_pause_s: float = 600.0

    def __attrs_post_init__(self) -> None:
        if self.max_attempts < 1 or self.first_pause_s < 0 or self.max_pause_s < self.first_pause_s:
            raise ValueError("max_attempts >= 1 and 0 <= first_pause_s <= max_pause_s")

    def pause_before(self, retry: int) -> timedelta:
        """The pause before retry ``retry`` (1 = the second attempt)."""
        return timedelta(seconds=min(self.first_pause_s * 2 ** (retry - 1), self.max_pause_s))

    def after_failure(self, attempt: int, now: datetime, *, permanent: bool) -> datetime | None:
        """When to try again after attempt ``attempt`` failed at ``now``; None: give up (a dead letter)."""
        if permanent or attempt >= self.max_attempts:
            return None
        return now + self.pause_before(attempt)


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
class DeliveryRound:
    """The outcome of one ``deliver_due`` round: message ids by what happened to them."""

    delivered: tuple[Sent, ...] = ()
    retrying: tuple[Failure, ...] = ()
    dead: tuple[Failure, ...] = ()

    @property
    def claimed(self) -> int:
        return len(self.delivered) + len(self.retrying) + len(self.dead)

    def delivered_by_channel(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for sent in self.delivered:
            counts[sent.channel] = counts.get(sent.channel, 0) + 1
        return counts
