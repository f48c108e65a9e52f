"""The outbox relay: claims outbound messages, hands each to its topic's consumers, acknowledges or retries.

At least once: a message is acknowledged only after every consumer of its topic returned, so consumers must
be idempotent by ``event_id`` (``once_in_unit`` and ``once_after_steps`` make them so with an ``Inbox``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta

import attrs

from core.shared.clock import Clock
from core.shared.events import Event
from core.shared.outbox import Outbox, OutboxMessage
from core.shared.retry import RetryPolicy, Round
from core.shared.unit_of_work import InboxUnitOfWork

ALREADY_PROCESSED = "already-processed"  # what an idempotent consumer returns for a redelivery


@attrs.frozen
class Consumer:
    """``handle`` processes one message of ``topic`` and returns what it did (for the log), or raises."""

    name: str
    topic: str
    handle: Callable[[OutboxMessage], object]


@attrs.frozen
class Consumed:
    """One consumer's outcome for one message, as it may be logged."""

    event_id: str
    topic: str
    consumer: str
    done: object


@attrs.frozen
class Delivered:
    event_id: str
    topic: str


@attrs.frozen
class RelayFailure:
    event_id: str
    topic: str
    reason: str


@attrs.frozen
class RelayRound(Round[Delivered, RelayFailure]):
    """What one round did: messages delivered (with each consumer's outcome), retrying later, or dead."""

    consumed: tuple[Consumed, ...] = ()

    @property
    def delivered_ids(self) -> list[str]:
        return [delivered.event_id for delivered in self.delivered]


class Relay:
    """Delivers outbox messages to consumers. ``lease`` must outlast a batch at the consumers' slowest, or a
    slow batch's last messages could be claimed by another relay too (harmless to idempotent consumers)."""

    def __init__(
        self,
        outbox: Outbox,
        consumers: Iterable[Consumer],
        clock: Clock,
        policy: RetryPolicy,
        *,
        batch: int = 20,
        lease: timedelta = timedelta(minutes=5),
    ) -> None:
        self._outbox, self._clock, self._policy = outbox, clock, policy
        self._consumers = list(consumers)
        self.batch, self._lease = batch, lease

    @property
    def topics(self) -> frozenset[str]:
        """The topics some consumer takes (an outbound event of any other topic would end as a dead letter)."""
        return frozenset(consumer.topic for consumer in self._consumers)

    def run_once(self) -> RelayRound:
        """Claim up to ``batch`` due messages and deliver them; a failure is retried after a pause by the
        policy, and the last allowed attempt failing makes the message a dead letter."""
        now = self._clock.now()
        round_ = _Round()
        for message in self._outbox.claim(now, self.batch, now + self._lease):
            if (reason := round_.deliver(message, self._consumers_of(message.topic))) is None:
                self._outbox.acknowledge(message.event_id)
            elif (due_again := self._policy.after_failure(message.attempt, now, permanent=False)) is None:
                self._outbox.bury(message.event_id, now, reason)
                round_.dead.append(RelayFailure(message.event_id, message.topic, reason))
            else:
                self._outbox.retry(message.event_id, due_again, reason)
                round_.retrying.append(RelayFailure(message.event_id, message.topic, reason))
        return round_.result()

    def deliver_now(self, messages: Sequence[OutboxMessage]) -> RelayRound:
        """Deliver messages the calling process has just committed, without waiting for a claim (the fast
        path). A failure leaves the message due in the outbox, where a relay retries it; a relay that claimed
        it meanwhile delivers it again, which idempotent consumers ignore."""
        round_ = _Round()
        for message in messages:
            if (reason := round_.deliver(message, self._consumers_of(message.topic))) is None:
                self._outbox.acknowledge(message.event_id)
            else:
                round_.retrying.append(RelayFailure(message.event_id, message.topic, reason))
        return round_.result()

    def _consumers_of(self, topic: str) -> list[Consumer]:
        return [consumer for consumer in self._consumers if consumer.topic == topic]


@attrs.define
class _Round:
    delivered: list[Delivered] = attrs.Factory(list)
    consumed: list[Consumed] = attrs.Factory(list)
    retrying: list[RelayFailure] = attrs.Factory(list)
    dead: list[RelayFailure] = attrs.Factory(list)

    def deliver(self, message: OutboxMessage, consumers: Sequence[Consumer]) -> str | None:
        """Hand ``message`` to every consumer, in order; the first failure's reason, or None when all returned.
        An exception is a failure named by its type (its text may carry personal data); ``BaseException``
        (an exit, a kill) propagates and leaves the message leased, to be claimed again."""
        for consumer in consumers:
            try:
                done = consumer.handle(message)
            except Exception as error:
                return f"{consumer.name}: {type(error).__name__}"
            self.consumed.append(Consumed(message.event_id, message.topic, consumer.name, done))
        self.delivered.append(Delivered(message.event_id, message.topic))
        return None

    def result(self) -> RelayRound:
        return RelayRound(tuple(self.delivered), tuple(self.retrying), tuple(self.dead), consumed=tuple(self.consumed))


def once_in_unit(
    name: str,
    new_uow: Callable[[], InboxUnitOfWork],
    clock: Clock,
    handle: Callable[[Event, InboxUnitOfWork], object],
) -> Callable[[OutboxMessage], object]:
    """A consumer whose effect and inbox mark commit in one unit: a redelivery finds the mark and does nothing,
    so the effect happens exactly once."""

    def consume(message: OutboxMessage) -> object:
        uow = new_uow()
        with uow:
            if not uow.inbox.mark_processed(name, message.event_id, clock.now()):
                return ALREADY_PROCESSED
            done = handle(message.event, uow)
            uow.commit()
        return done

    return consume


def once_after_steps(
    name: str,
    new_uow: Callable[[], InboxUnitOfWork],
    clock: Clock,
    handle: Callable[[Event], object],
) -> Callable[[OutboxMessage], object]:
    """A consumer whose work spans several units (or a store outside the database), each step idempotent: it
    runs unless the inbox marks the event done, and is marked done once every step succeeded."""

    def consume(message: OutboxMessage) -> object:
        uow = new_uow()
        with uow.reading():
            if uow.inbox.processed(name, message.event_id):
                return ALREADY_PROCESSED
        done = handle(message.event)
        with uow:
            uow.inbox.mark_processed(name, message.event_id, clock.now())
            uow.commit()
        return done

    return consume
