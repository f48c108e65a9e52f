"""The disaster-recovery drill in CI size: lose the database under load, restore the newest backup, and hold
the targets (RPO <= 1 min, RTO <= 10 min) with nothing acknowledged before the restored backup lost."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from perf.dr_drill import RPO_TARGET_S, RTO_TARGET_S, drill
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from tests.harness.postgres_peer import admin_url

pytestmark = [pytest.mark.integration, pytest.mark.chaos]


def test_a_small_drill_restores_within_the_targets(pg_url: str) -> None:
    database_url = make_url(pg_url).set(database=f"{make_url(pg_url).database}_dr").render_as_string(False)
    admin = admin_url().render_as_string(hide_password=False)
    try:
        report = drill(admin, database_url, run_s=25, backup_every_s=4, read_rps=5)
    finally:
        engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{make_url(database_url).database}" WITH (FORCE)'))
        engine.dispose()
    assert report.backups >= 1
    assert report.heartbeats_acknowledged >= 5
    assert report.lost_before_last_backup == 0  # whatever the backup held came back
    assert report.heartbeats_lost < report.heartbeats_acknowledged  # the restore holds heartbeats
    assert report.rpo_s <= RPO_TARGET_S and report.rto_s <= RTO_TARGET_S, report.line()
