"""Read-only work on a streaming replica while it is up and close enough behind; on the primary otherwise.

The replica's lag is asked of the replica itself: 0 when it has replayed all the WAL it received, else the age of
the last transaction it replayed (``pg_last_xact_replay_timestamp``; its start when it replayed none yet), an upper
bound of how stale a read there is.
The answer is kept ``check_every_s`` seconds, so routing costs one short statement per interval, not per read.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import attrs
import structlog
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from core.shared.errors import DatabaseUnavailable

log = structlog.get_logger("rastup.database")
_LAG = text(
    "SELECT pg_is_in_recovery(), CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
    " ELSE EXTRACT(EPOCH FROM clock_timestamp()"
    " - COALESCE(pg_last_xact_replay_timestamp(), pg_postmaster_start_time())) END"
)


@attrs.frozen
class ReplicaState:
    """What the last check found: the lag in seconds (None: the replica did not answer) and where reads go."""

    lag_s: float | None
    on_replica: bool
    in_recovery: bool = True  # False once the replica was promoted (it is a primary of its own then)


ReplicaObserver = Callable[[ReplicaState], None]
FAILED_RECHECK_S = 5.0  # a replica that did not answer is asked again after this long (or check_every_s if longer)


class ReplicaReads:
    """Chooses the engine read-only units of work open their connections on.

    Without a replica every read goes to the primary. With one, reads go to the replica while it answers and its
    lag is at most ``max_lag_s``; a replica down, or further behind, sends them to the primary until a later check
    finds it well again. Only units that may read slightly stale data are given this engine (public pages,
    availability, search's SQL index, exports); a unit that must see what its own request just wrote keeps the
    primary.
    """

    def __init__(
        self, primary: Engine, replica: Engine | None, *, max_lag_s: float = 5.0, check_every_s: float = 1.0,
        observe: ReplicaObserver | None = None, monotonic: Callable[[], float] = time.monotonic,
    ) -> None:  # fmt: skip
        self._primary, self._replica = primary, replica
        self._max_lag_s, self._check_every_s = max_lag_s, check_every_s
        self._observe, self._monotonic = observe, monotonic
        self._lock = threading.Lock()
        self._due_at: float | None = None  # when the next check is due (None: now)
        self._state = ReplicaState(None, False)  # until the first check: the primary

    @property
    def configured(self) -> bool:
        return self._replica is not None

    def engine(self) -> Engine:
        """The engine a read-only unit should use now (the replica's answer at most ``check_every_s`` old)."""
        if self._replica is None:
            return self._primary
        return self._replica if self.state().on_replica else self._primary

    def state(self) -> ReplicaState:
        """The last check, refreshed when due by the first thread to ask; the others go on with the last answer
        meanwhile, so a replica slow to answer (up to the connect timeout) holds up one read, not every read."""
        if self._is_due() and self._lock.acquire(blocking=False):
            try:
                if self._is_due():
                    self._check_now()
            finally:
                self._lock.release()
        return self._state

    def refresh(self) -> ReplicaState:
        """Check now, whatever the age of the last check (``/metrics`` scrapes)."""
        with self._lock:
            self._check_now()
        return self._state

    def _is_due(self) -> bool:
        return self._due_at is None or self._monotonic() >= self._due_at

    def _check_now(self) -> None:
        first = self._due_at is None
        self._state = self._check(first)
        # a replica that did not answer is asked again later: each check may wait for the connect timeout
        wait = self._check_every_s if self._state.lag_s is not None else max(self._check_every_s, FAILED_RECHECK_S)
        self._due_at = self._monotonic() + wait

    def _check(self, first: bool) -> ReplicaState:
        assert self._replica is not None
        try:
            with self._replica.connect() as connection:
                in_recovery, lag = connection.execute(_LAG).one()
        except (SQLAlchemyError, DatabaseUnavailable) as error:
            state = ReplicaState(None, False)
            if self._state.on_replica or first:
                log.warning("replica_unavailable", error=type(error).__name__)
        else:
            lag_s = float(lag)
            # a promoted replica follows our primary no more: its reads would be stale for good
            state = ReplicaState(lag_s, bool(in_recovery) and lag_s <= self._max_lag_s, bool(in_recovery))
            if self._state.on_replica and not state.on_replica:
                log.warning("replica_lagging", lag_s=round(lag_s, 3), max_lag_s=self._max_lag_s)
        if self._observe is not None:
            self._observe(state)
        return state
