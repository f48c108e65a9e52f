"""The failover drill in CI size: the primary crashes under writes, its streaming replica is promoted and the service
pointed at it, within the targets (RTO <= 10 min, RPO <= 1 min), no heartbeat stored twice, and writes go on."""

from __future__ import annotations

from pathlib import Path

import pytest
from perf.failover_drill import RPO_TARGET_S, RTO_TARGET_S, drill_on

from tests.harness.replica_peer import PostgresPair

pytestmark = [pytest.mark.integration, pytest.mark.chaos]


def test_a_small_failover_drill_promotes_the_replica_within_the_targets(
    postgres_pair: PostgresPair, tmp_path: Path
) -> None:
    report = drill_on(postgres_pair, run_s=4, every_s=0.1, workdir=tmp_path)
    assert report.acknowledged >= 5
    assert report.doubled == 0  # a key retried across the failover is applied once
    assert report.after_failover >= 3  # the service writes on the promoted server
    assert report.lost <= report.acknowledged
    assert report.rpo_s <= RPO_TARGET_S and report.rto_s <= RTO_TARGET_S, report.line()
    assert postgres_pair.replica_sql("SELECT pg_is_in_recovery()")[0][0] is False
