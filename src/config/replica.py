"""Wiring of the streaming replica (DATABASE_REPLICA_URL): its engine, and the router read-only units ask."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from sqlalchemy import Engine

from adapters.sqlalchemy.engine import database_engine
from adapters.sqlalchemy.replica import ReplicaReads
from adapters.system.replica_gauges import replica_observed
from config.settings import Settings

U = TypeVar("U")


def replica_engine(settings: Settings) -> Iterator[Engine | None]:
    """The replica's engine as a container resource (the primary's pool limits); None without a replica."""
    if not settings.database_replica_url:
        yield None
        return
    yield from database_engine(settings.database_replica_url, settings.database_limits)


def replica_reads(settings: Settings, primary: Engine, replica: Engine | None) -> ReplicaReads:
    """Reads on the replica while it answers within DATABASE_REPLICA_MAX_LAG_S, else on the primary; on /metrics."""
    return ReplicaReads(
        primary, replica, max_lag_s=settings.database_replica_max_lag_s,
        check_every_s=settings.database_replica_check_s, observe=replica_observed if replica is not None else None,
    )  # fmt: skip


def on_replica(new_uow: Callable[..., U], reads: ReplicaReads) -> Callable[[], U]:
    """``new_uow`` (a unit factory taking ``engine=``) made on the engine ``reads`` names at each call: the replica
    while it keeps up, else the primary. For read-only work that may lag a moment (the data export's shares)."""
    return lambda: new_uow(engine=reads.engine())
