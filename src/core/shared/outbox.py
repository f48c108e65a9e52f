"""The transactional outbox: events that leave the process, committed with the change that caused them.

An event class marked ``@outbound("context.name")`` is written to the outbox by the unit of work, in the same
transaction as the change (a rolled-back unit writes nothing). A relay (``core.shared.relay``) hands each
message to its consumers at least once; consumers are idempotent by ``event_id`` through an ``Inbox``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Protocol, TypeVar

import attrs

from core.shared.events import Event
from core.shared.retry import RetriedMessages

E = TypeVar("E", bound=type[Event])
_TOPICS: dict[type[Event], str] = {}
_TYPES: dict[str, type[Event]] = {}
_AFTER_ANSWER: set[str] = set()


def outbound(topic: str, *, after_answer: bool = False) -> Callable[[E], E]:
    """Class decorator (above ``@attrs.frozen``): events of the class go to the outbox under ``topic``, a stable
    name that consumers and stored rows rely on (never the Python path: a moved class keeps its topic).

    ``after_answer``: never delivered on the committing request's own path (the fast path skips it), so the
    answer costs the same whatever the consumers will do; the edge delivers it once it has answered, else the
    relay does (a password-reset request must not take longer for an existing account than for an unknown one).
    """

    def mark(cls: E) -> E:
        if _TYPES.get(topic, cls) is not cls:
            raise ValueError(f"outbox topic {topic!r} is taken by {_TYPES[topic].__name__}")
        _TOPICS[cls], _TYPES[topic] = topic, cls
        if after_answer:
            _AFTER_ANSWER.add(topic)
        return cls

    return mark


def delivered_after_answer(message: OutboxMessage) -> bool:
    """Whether ``message`` waits until the edge has answered (``outbound(..., after_answer=True)``)."""
    return message.topic in _AFTER_ANSWER


def topic_of(event: Event) -> str | None:
    """The outbox topic of ``event``'s exact class; None for an event that stays in the process."""
    return _TOPICS.get(type(event))


def topic_of_type(event_type: type[Event]) -> str:
    """The outbox topic of an outbound event class. Raises ``ValueError`` for a class that stays in-process."""
    if (topic := _TOPICS.get(event_type)) is None:
        raise ValueError(f"{event_type.__name__} is not an outbound event")
    return topic


def outbound_types() -> Mapping[str, type[Event]]:
    """Every outbound event class by topic (the classes whose modules were imported)."""
    return dict(_TYPES)


@attrs.frozen
class OutboxMessage:
    """One outbound event; ``attempt`` counts this delivery (1 = first, 0 = not yet claimed)."""

    event_id: str
    topic: str
    event: Event
    occurred_at: datetime
    attempt: int = 0


def outbox_messages(events: Iterable[Event], now: datetime, new_id: Callable[[str], str]) -> list[OutboxMessage]:
    """The outbox messages for those of ``events`` that are outbound, stamped ``now`` with fresh ids."""
    return [
        OutboxMessage(new_id("evt"), topic, event, now) for event in events if (topic := topic_of(event)) is not None
    ]


@attrs.frozen
class OutboxStats:
    """What the outbox holds at a time: due now, backing off after a failure, leased by a relay, dead; and when
    the oldest message not yet delivered (dead letters aside) was written."""

    due: int
    backing_off: int
    leased: int
    dead: int
    oldest_pending_at: datetime | None

    @property
    def pending(self) -> int:
        return self.due + self.backing_off + self.leased

    def oldest_pending_age_s(self, now: datetime) -> float:
        """Seconds the oldest pending message has waited (0 when none, or written by a clock ahead of ours)."""
        if self.oldest_pending_at is None:
            return 0.0
        return max(0.0, (now - self.oldest_pending_at).total_seconds())


@attrs.frozen
class OutboxDeadLetter:
    """A message given up on, as operators see it (never its payload)."""

    event_id: str
    topic: str
    attempts: int
    dead_at: datetime
    last_error: str | None


class Outbox(RetriedMessages[str], Protocol):
    """The relay's side of the outbox, safe to share between processes.

    Units of work write messages; this port claims, acknowledges and reschedules them. A claim leases its
    messages; one neither acknowledged, retried nor buried before its lease ends (the relay died) is claimed
    again. Messages are claimed in the order they were written.
    """

    def claim(self, now: datetime, limit: int, lease_until: datetime) -> Sequence[OutboxMessage]:
        """Lease up to ``limit`` messages due at ``now`` and not leased, counting an attempt on each. A message
        that cannot be read back (an unknown topic, a damaged payload) is buried, not returned."""
        ...

    def acknowledge(self, event_id: str) -> None:
        """Forget a message every consumer has processed. Idempotent (an unknown id is ignored)."""
        ...

    def dead_letters(self, limit: int) -> Sequence[OutboxDeadLetter]:
        """The oldest ``limit`` dead letters."""
        ...

    def stats(self, now: datetime, topics: Collection[str] | None = None) -> OutboxStats:
        """Counts and the oldest pending message, for operators and ``/metrics``; only messages on ``topics``
        when given (one consumer's backlog, e.g. the search indexer's)."""
        ...


class Inbox(Protocol):
    """Which events each consumer has processed, in the transaction of the unit that holds it."""

    def processed(self, consumer: str, event_id: str) -> bool:
        """True when ``consumer`` has marked ``event_id`` processed (committed, or earlier in this unit)."""
        ...

    def mark_processed(self, consumer: str, event_id: str, at: datetime) -> bool:
        """Mark ``event_id`` processed by ``consumer`` in this unit; False when it already was (a redelivery:
        the caller does nothing). A concurrent unit marking the same pair waits, then gets False."""
        ...
