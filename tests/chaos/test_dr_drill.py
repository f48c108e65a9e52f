"""The disaster-recovery drill in CI size: a PostgreSQL server archiving its WAL is lost under load, recovered to
its last archived moment, and the targets hold (RPO <= 1 min, RTO <= 10 min) with no hole in what came back; the
search index rebuilt from it lists every published profile, and no media row lacks its object."""

from __future__ import annotations

import attrs
import pytest
from perf.dr_drill import RPO_TARGET_S, RTO_TARGET_S, DrillReport, drill

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
    assert report.published_profiles > 0 and report.indexed_documents == report.published_profiles  # reindexed
    assert report.media_rows >= 1 and report.media_missing == 0  # the drill's image came back with its objects
    print(report.line())
    assert report.rpo_s <= RPO_TARGET_S and report.rto_s <= RTO_TARGET_S, report.line()


def test_the_drill_fails_when_the_index_or_the_media_store_disagrees_with_the_restored_database() -> None:
    sound = DrillReport(rpo_s=1.0, rto_s=20.0, restore_s=9.0, heartbeats_acknowledged=20, heartbeats_lost=1,
                        lost_before_newest_restored=0, archive_timeout_s=2, segments_archived=10,
                        published_profiles=5, indexed_documents=5, media_rows=1, media_missing=0,
                        media_orphans=3)  # fmt: skip
    assert sound.within_targets and sound.line().endswith("PASS")  # orphans are listed, not fatal
    for broken in (attrs.evolve(sound, indexed_documents=4), attrs.evolve(sound, media_missing=1)):
        assert not broken.within_targets and broken.line().endswith("FAIL")
