"""The replica router without PostgreSQL: no replica means the primary; a replica that does not answer sends reads
to the primary and is asked again only after FAILED_RECHECK_S (each attempt may wait for the connect timeout)."""

from __future__ import annotations

from pathlib import Path

from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.replica import FAILED_RECHECK_S, ReplicaReads, ReplicaState


def test_without_a_replica_every_read_is_the_primarys(tmp_path: Path) -> None:
    primary = create_database_engine(f"sqlite:///{tmp_path / 'primary.db'}")
    reads = ReplicaReads(primary, None)
    assert reads.engine() is primary and not reads.configured
    primary.dispose()


def test_a_replica_that_does_not_answer_is_skipped_and_asked_again_later(tmp_path: Path) -> None:
    primary = create_database_engine(f"sqlite:///{tmp_path / 'primary.db'}")
    not_a_replica = create_database_engine(f"sqlite:///{tmp_path / 'other.db'}")  # refuses the lag query
    now = [100.0]
    seen: list[ReplicaState] = []
    reads = ReplicaReads(primary, not_a_replica, check_every_s=1.0, observe=seen.append, monotonic=lambda: now[0])
    assert reads.engine() is primary and seen == [ReplicaState(None, False)]
    now[0] += 1.5  # past the usual interval, not past the wait after a failed check
    assert reads.engine() is primary and len(seen) == 1
    now[0] += FAILED_RECHECK_S
    assert reads.engine() is primary and len(seen) == 2
    assert reads.refresh() == ReplicaState(None, False) and len(seen) == 3  # a scrape asks at once
    primary.dispose()
    not_a_replica.dispose()
