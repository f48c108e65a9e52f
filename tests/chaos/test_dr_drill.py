"""The disaster-recovery drill in CI size: a PostgreSQL server archiving its WAL is lost under load, recovered to
its last archived moment, and the targets hold (RPO <= 1 min, RTO <= 10 min) with no hole in what came back."""

from __future__ import annotations

import pytest
from perf.dr_drill import RPO_TARGET_S, RTO_TARGET_S, drill

from adapters.sqlalchemy import pg_cluster
from core.shared.errors import InvalidInput
from tests.harness.policy import PeerUnavailable, report_unavailable

pytestmark = [pytest.mark.integration, pytest.mark.chaos]


def test_a_small_drill_recovers_to_the_last_archived_moment_within_the_targets() -> None:
    try:
        pg_cluster.bindir()
    except InvalidInput as error:
        report_unavailable(PeerUnavailable("postgres (server programs)", "pg_config --bindir", str(error)))
    report = drill(run_s=20, archive_timeout_s=2, read_rps=5)
    assert report.heartbeats_acknowledged >= 5
    assert report.lost_before_newest_restored == 0  # the archive replays in order: no hole
    assert report.heartbeats_lost < report.heartbeats_acknowledged  # the archive held heartbeats
    assert report.segments_archived >= 3
    print(report.line())
    assert report.rpo_s <= RPO_TARGET_S and report.rto_s <= RTO_TARGET_S, report.line()
