"""Sweep leadership on PostgreSQL: a transaction advisory lock per sweep, held by one transaction for the round.

``pg_try_advisory_xact_lock`` never waits; the lock lives as long as the transaction, which ends with the round
(rolled back: it wrote nothing), and a process that dies gives it up with its connection. A transaction rather than
a session lock, so it holds behind a transaction-pooling proxy (PgBouncer) too: the transaction keeps its server
connection. On SQLite (one machine) every round leads: its write transactions are serialised already.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text

_TRY = text("SELECT pg_try_advisory_xact_lock(:space, :key)")
_SPACE = 0x52535750  # "RSWP": our sweeps' advisory-lock namespace (the first of the two int4 keys)


class AdvisoryLockSweepLeadership:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @contextmanager
    def round(self, sweep: str) -> Iterator[bool]:
        if self._engine.dialect.name != "postgresql":
            yield True
            return
        key = {"space": _SPACE, "key": zlib.crc32(sweep.encode()) - 2**31}  # a signed int4
        with self._engine.connect() as connection:
            connection.begin()
            try:
                yield bool(connection.execute(_TRY, key).scalar())
            finally:
                connection.rollback()  # the round wrote nothing here: ending the transaction gives the lock up
