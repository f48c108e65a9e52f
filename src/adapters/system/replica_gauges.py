"""The streaming replica on /metrics: its lag, whether it answers, and where read-only work goes."""

from __future__ import annotations

from typing import Protocol

from prometheus_client import Gauge

# Set at each check of a worker (and at each scrape); with several workers the most recent reading is shown.
LAG = Gauge("rastup_database_replica_lag_seconds", "How far the replica's replay is behind (0: it replayed all it "
            "received; -1: it did not answer)", multiprocess_mode="mostrecent")  # fmt: skip
UP = Gauge("rastup_database_replica_up", "1 when the replica answered the last check and is still in recovery",
           multiprocess_mode="mostrecent")  # fmt: skip
READS = Gauge("rastup_database_replica_reads", "1 while read-only work goes to the replica, 0 while it falls back "
              "to the primary (replica down, promoted or lagging past DATABASE_REPLICA_MAX_LAG_S)",
              multiprocess_mode="mostrecent")  # fmt: skip


class ReplicaReading(Protocol):
    """What the gauges show of a replica check (``adapters.sqlalchemy.replica.ReplicaState``)."""

    @property
    def lag_s(self) -> float | None: ...

    @property
    def on_replica(self) -> bool: ...

    @property
    def in_recovery(self) -> bool: ...


def replica_observed(state: ReplicaReading) -> None:
    """Set the gauges from one check of the replica."""
    LAG.set(-1.0 if state.lag_s is None else state.lag_s)
    UP.set(1 if state.lag_s is not None and state.in_recovery else 0)
    READS.set(1 if state.on_replica else 0)
