"""The delivery queue port. Adapters: ``adapters.memory.delivery`` and ``adapters.sqlalchemy.delivery``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from core.delivery.model import Claimed, DeadLetter, Outbound, QueueSummary
from core.shared.retry import RetriedMessages

# A gateway hands one message to the outside world, or raises ``core.identity.errors.DeliveryFailed``.
Gateway = Callable[[Outbound], None]


class DeliveryQueue(RetriedMessages[int], Protocol):
    """A durable queue of outbound messages, safe to share between processes.

    Delivery is at least once: a claim leases its messages; one neither delivered, retried nor buried before
    its lease ends (the sending process died) is claimed again. Messages are claimed oldest first.
    """

    def put(self, message: Outbound) -> None:
        """Queue ``message``, due at once; durable when this returns. Raises ``DeliveryFailed`` if it cannot."""
        ...

    def claim(self, now: datetime, limit: int, lease_until: datetime) -> Sequence[Claimed]:
        """Lease up to ``limit`` messages due at ``now`` and not leased, counting an attempt on each."""
        ...

    def delivered(self, message_id: int) -> None:
        """Forget a delivered message."""
        ...

    def dead_letters(self, limit: int) -> Sequence[DeadLetter]:
        """The oldest ``limit`` dead letters."""
        ...

    def summary(self, now: datetime) -> QueueSummary:
        """Counts for operators and health checks."""
        ...

    def oldest_waiting(self) -> datetime | None:
        """When the oldest message not yet delivered (dead letters aside) was queued; ``None`` when none waits.
        Its age is the delivery backlog's age on /metrics (mail stuck behind a dead SMTP peer shows here)."""
        ...


Wake = Callable[[], None]  # tells a dispatcher in this process that something was queued
