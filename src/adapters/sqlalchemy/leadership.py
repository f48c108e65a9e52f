"""Sweep leadership on PostgreSQL: a session advisory lock per sweep, held on one connection for the round.

``pg_try_advisory_lock`` never waits; the lock lives as long as the connection (a process that dies gives it up with
its connection), and is released when the round ends. The connection runs in autocommit, so a round holds no
transaction open. On SQLite (one machine) every round leads: its write transactions are serialised already.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text

from adapters.sqlalchemy.engine import reading_connection

_TRY = text("SELECT pg_try_advisory_lock(:space, :key)")
_RELEASE = text("SELECT pg_advisory_unlock(:space, :key)")
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
        with reading_connection(self._engine) as connection:
            leading = bool(connection.execute(_TRY, key).scalar())
            try:
                yield leading
            finally:
                if leading:
                    _release(connection, key)


def _release(connection: Connection, key: dict[str, int]) -> None:
    """Give the round up; a connection that cannot is dropped (its lock goes with it), never pooled holding it."""
    try:
        connection.execute(_RELEASE, key)
    except Exception:
        connection.invalidate()
        raise
