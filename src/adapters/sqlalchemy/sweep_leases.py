"""Sweep leases in SQL: one row per job, taken by a conditional UPDATE (or the first INSERT), so of several
workers, processes or hosts racing for a lease exactly one gets it, on SQLite and PostgreSQL alike.

On PostgreSQL the UPDATE locks the row: a second worker's UPDATE waits, then re-reads the row the first committed
and finds it held; two INSERTs of a missing row meet at the primary key. Each call is its own short transaction,
so no connection is held while the job runs (unlike a session-level advisory lock)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, insert, or_, update
from sqlalchemy.exc import IntegrityError

from adapters.sqlalchemy.tables.leases import sweep_leases as L


class SqlAlchemySweepLeases:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def acquire(self, name: str, holder: str, now: datetime, ttl: timedelta) -> bool:
        free = or_(L.c.holder == holder, L.c.expires_at <= now)
        try:
            with self._engine.begin() as connection:
                taken = update(L).where(L.c.name == name, free).values(holder=holder, expires_at=now + ttl)
                if connection.execute(taken).rowcount == 1:
                    return True
                connection.execute(insert(L).values(name=name, holder=holder, expires_at=now + ttl))
                return True
        except IntegrityError:  # the row exists and another holder's lease runs, or a racing INSERT won
            return False

    def release(self, name: str, holder: str) -> None:
        with self._engine.begin() as connection:
            connection.execute(delete(L).where(L.c.name == name, L.c.holder == holder))
