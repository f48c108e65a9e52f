"""The unit-of-work port: one transaction per command, rolled back unless committed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from core.shared.events import Event
from core.shared.outbox import Inbox, OutboxMessage, outbox_messages, topic_of


class UnitOfWork(Protocol):
    """A transaction boundary. Use as ``with uow: ...; uow.commit()``.

    Leaving the ``with`` block without ``commit()`` (or through an exception) rolls back everything done
    inside it. An adapter given an ``AfterCommit`` (the composition root gives it the message bus) hands it the
    events and outbox messages its block committed once the block is left and the connection released; one
    given none keeps them for ``collect_events()`` and ``collect_outbound()``, once each.
    """

    def __enter__(self) -> Self:
        """Begin a transaction and return the unit of work itself."""
        ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed and release the connection."""
        ...

    def reading(self) -> AbstractContextManager[Self]:
        """A unit that only reads: ``with uow.reading(): ...``. It holds no transaction, so it blocks no
        writer and costs no BEGIN or ROLLBACK; each read sees what was committed when it ran (several reads
        are not one snapshot). ``commit()`` inside it raises ``RuntimeError``: writing needs ``with uow``."""
        ...

    def commit(self) -> None:
        """Make every change in this unit durable, atomically. Raises if the store refuses it."""
        ...

    def rollback(self) -> None:
        """Discard every uncommitted change. Safe to call more than once."""
        ...

    def record(self, event: Event) -> None:
        """Remember an event to publish once this unit commits."""
        ...

    def collect_events(self) -> list[Event]:
        """Return and forget the events recorded by committed work."""
        ...

    def collect_outbound(self) -> list[OutboxMessage]:
        """Return and forget the outbox messages committed work wrote (its outbound events), for the committing
        process to deliver at once; the relay delivers whatever it does not."""
        ...


AfterCommit = Callable[[Sequence[Event], Sequence[OutboxMessage]], None]
"""What a unit of work calls with what it committed, once its ``with`` block is left: never inside the
transaction, so a handler may open a writing unit of its own (SQLite allows one writer at a time)."""


class InboxUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that carries the consumers' inbox in its transaction."""

    @property
    def inbox(self) -> Inbox:
        """The inbox bound to this unit's transaction (same commit, same rollback)."""
        ...


class PendingEvents:
    """Events recorded inside a unit of work, released for publication only by a commit.

    Unit-of-work adapters hold one of these so that every adapter keeps the same rule: a rolled-back
    unit publishes nothing, a committed one publishes each event once. Before its COMMIT an adapter writes
    ``outbound(now, new_id)`` to its outbox, then hands the same messages to ``committed``; leaving its ``with``
    block, it calls ``hand_over``.
    """

    def __init__(self) -> None:
        self._pending: list[Event] = []
        self._committed: list[Event] = []
        self._outbound: list[OutboxMessage] = []

    def record(self, event: Event) -> None:
        self._pending.append(event)

    def outbound(self, now: Callable[[], datetime], new_id: Callable[[str], str]) -> list[OutboxMessage]:
        """The outbox messages of the uncommitted outbound events, for the adapter to write before COMMIT (the
        clock is read only when there are some: most units record none)."""
        if not any(topic_of(event) for event in self._pending):
            return []
        return outbox_messages(self._pending, now(), new_id)

    def committed(self, outbound: Sequence[OutboxMessage] = ()) -> None:
        self._committed.extend(self._pending)
        self._outbound.extend(outbound)
        self._pending.clear()

    def rolled_back(self) -> None:
        self._pending.clear()

    def collect(self) -> list[Event]:
        events, self._committed = self._committed, []
        return events

    def collect_outbound(self) -> list[OutboxMessage]:
        messages, self._outbound = self._outbound, []
        return messages

    def hand_over(self, after_commit: AfterCommit | None) -> None:
        """What was committed since the last hand-over, to ``after_commit`` (kept for ``collect`` without one);
        called by the adapter once its ``with`` block is left."""
        if after_commit is None or not (self._committed or self._outbound):
            return
        after_commit(self.collect(), self.collect_outbound())


class UnitOfWorkBase:
    """What every unit-of-work adapter does the same way around its store's transaction, so that each keeps the
    rules above: a reading unit never commits; outbound events are written just before COMMIT, stamped by ``now``
    and ``new_id``; a rolled-back unit publishes nothing; leaving the ``with`` block rolls back what was not
    committed, releases the store, then hands ``after_commit`` what the block committed.

    An adapter supplies ``__enter__`` and three steps: ``_commit`` (write the outbound messages, then COMMIT),
    ``_discard`` (roll back what was not committed) and ``_release`` (give the store back).
    """

    def __init__(
        self,
        *,
        now: Callable[[], datetime],
        new_id: Callable[[str], str],
        after_commit: AfterCommit | None = None,
    ) -> None:
        self._now, self._new_id = now, new_id
        self._after_commit = after_commit
        self._events = PendingEvents()
        self._reading = False

    def _commit(self, outbound: Sequence[OutboxMessage]) -> None:
        raise NotImplementedError

    def _discard(self) -> None:
        raise NotImplementedError

    def _release(self) -> None:
        raise NotImplementedError

    def __exit__(self, *exc_info: object) -> None:
        try:
            self.rollback()
        finally:
            self._release()
        self._events.hand_over(self._after_commit)

    def commit(self) -> None:
        if self._reading:
            raise RuntimeError("a reading unit of work cannot commit")
        outbound = self._events.outbound(self._now, self._new_id)
        self._commit(outbound)
        self._events.committed(outbound)

    def rollback(self) -> None:
        self._discard()
        self._events.rolled_back()

    def record(self, event: Event) -> None:
        self._events.record(event)

    def collect_events(self) -> list[Event]:
        return self._events.collect()

    def collect_outbound(self) -> list[OutboxMessage]:
        return self._events.collect_outbound()
