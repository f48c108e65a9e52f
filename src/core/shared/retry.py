"""How often failed work is retried: exponential back-off, then a dead letter (the delivery queue and the outbox),
and the calls both queues take a failed or dead message in."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Generic, Protocol, TypeVar

import attrs

REASON_CHARS = 200  # a failure's reason is kept to this many characters (the SQL columns' size)

Key = TypeVar("Key", contravariant=True)
Done = TypeVar("Done")
Failed = TypeVar("Failed")


@attrs.frozen
class RetryPolicy:
    """``max_attempts`` tries in all; the pause before retry n is ``first_pause_s * 2**(n-1)``, capped.

    The defaults give up after about half an hour (5 s, 10 s, 20 s ... then every 10 minutes): long enough to
    ride out a peer's restart, short enough that an operator sees dead letters the same hour.
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


class RetriedMessages(Protocol[Key]):
    """What a leased queue does with a message that failed or was given up on, by the id it names it with.

    Claiming, finishing and counting differ by queue (``core.delivery.ports.DeliveryQueue``,
    ``core.shared.outbox.Outbox``); these calls are the same for both.
    """

    def retry(self, key: Key, due_at: datetime, reason: str) -> None:
        """Release the lease; the message is due again at ``due_at``."""
        ...

    def bury(self, key: Key, now: datetime, reason: str) -> None:
        """Keep the message as a dead letter: never claimed again unless requeued."""
        ...

    def requeue_dead(self) -> int:
        """Make every dead letter due again with a fresh count of attempts; returns how many."""
        ...


@attrs.frozen
class Round(Generic[Done, Failed]):
    """What one round of a queue's worker did with the messages it claimed: delivered, retrying later (after the
    policy's pause), or dead (given up on)."""

    delivered: tuple[Done, ...] = ()
    retrying: tuple[Failed, ...] = ()
    dead: tuple[Failed, ...] = ()

    @property
    def handled(self) -> int:
        """How many messages the round claimed (0: nothing was due)."""
        return len(self.delivered) + len(self.retrying) + len(self.dead)
