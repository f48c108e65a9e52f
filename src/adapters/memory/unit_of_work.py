"""An in-memory unit of work: a snapshot taken at the start is restored unless the unit commits."""

from __future__ import annotations

import copy
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Self

from adapters.memory.idempotency import InMemoryIdempotencyStore
from adapters.memory.outbox import InMemoryInbox, write_outbound
from core.shared.outbox import OutboxMessage
from core.shared.unit_of_work import AfterCommit, UnitOfWorkBase


class InMemoryDatabase:
    """All in-memory tables, shared by every unit of work made from it. One unit runs at a time."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[Any, Any]] = {}
        self.lock = threading.RLock()

    def table(self, name: str) -> dict[Any, Any]:
        return self.tables.setdefault(name, {})


class InMemoryUnitOfWork(UnitOfWorkBase):
    """Serialised transactions over an ``InMemoryDatabase`` (the lock makes concurrent units queue).

    Each context subclasses it and adds its repositories in ``__init__`` over ``self.database.table``.
    Outbound events go to the database's outbox (``adapters.memory.outbox``) with the commit. ``after_commit``
    gets what a ``with`` block committed once the block is left and the database unlocked.
    """

    def __init__(
        self,
        database: InMemoryDatabase | None = None,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        new_id: Callable[[str], str] = lambda prefix: f"{prefix}_{uuid.uuid4().hex}",
        after_commit: AfterCommit | None = None,
    ) -> None:
        super().__init__(now=now, new_id=new_id, after_commit=after_commit)
        self.database = database or InMemoryDatabase()
        self.idempotency = InMemoryIdempotencyStore(self.database.table)
        self.inbox = InMemoryInbox(self.database.table)
        self._snapshot: dict[str, dict[Any, Any]] | None = None

    @contextmanager
    def reading(self) -> Iterator[Self]:
        """A read-only unit (see the port): anything written inside it is rolled back on the way out."""
        with self:
            self._reading = True
            try:
                yield self
            finally:
                self._reading = False

    def __enter__(self) -> Self:
        self.database.lock.acquire()
        self._snapshot = copy.deepcopy(self.database.tables)
        return self

    def _commit(self, outbound: Sequence[OutboxMessage]) -> None:
        write_outbound(self.database.table, outbound)
        self._snapshot = copy.deepcopy(self.database.tables)

    def _discard(self) -> None:
        if self._snapshot is not None:
            self.database.tables.clear()
            self.database.tables.update(copy.deepcopy(self._snapshot))

    def _release(self) -> None:
        self.database.lock.release()
