"""Sweep leadership on PostgreSQL advisory locks passes the contract across two engines (two service processes); a
holder whose connection dies gives the round up; on SQLite (one machine) every round leads."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.leadership import AdvisoryLockSweepLeadership
from adapters.sqlalchemy.migrate import upgrade
from core.messaging.unread_mail import SWEEP as UNREAD_SWEEP
from core.shared.errors import DatabaseUnavailable
from entrypoints.cli.app import app
from tests.contracts.sweep_leadership import SweepLeadershipContract
from tests.unit.cli.cli_world import runner

pytestmark = pytest.mark.integration


@pytest.fixture
def engines(pg_url: str) -> Iterator[tuple[Engine, Engine]]:
    first, second = create_database_engine(pg_url), create_database_engine(pg_url)
    yield first, second
    first.dispose()
    second.dispose()


class TestAdvisoryLockSweepLeadership(SweepLeadershipContract):
    @pytest.fixture
    def leadership(self, engines: tuple[Engine, Engine]) -> AdvisoryLockSweepLeadership:
        return AdvisoryLockSweepLeadership(engines[0])

    @pytest.fixture
    def rival(self, engines: tuple[Engine, Engine]) -> AdvisoryLockSweepLeadership:
        return AdvisoryLockSweepLeadership(engines[1])


def test_a_holder_whose_connection_dies_gives_the_round_up(engines: tuple[Engine, Engine]) -> None:
    leadership, rival = AdvisoryLockSweepLeadership(engines[0]), AdvisoryLockSweepLeadership(engines[1])
    with pytest.raises((DatabaseUnavailable, sa.exc.DBAPIError)), leadership.round("search-rollover") as leading:
        assert leading
        with engines[1].connect() as connection:  # the holder's process is gone, its connection with it
            connection.execute(sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            ))  # fmt: skip
        with rival.round("search-rollover") as rival_leading:
            assert rival_leading
    with leadership.round("search-rollover") as leading:  # the dead connection was never pooled holding it
        assert leading


def test_on_sqlite_every_round_leads(tmp_path: Path) -> None:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'one.db'}")
    leadership = AdvisoryLockSweepLeadership(engine)
    with leadership.round("booking-sweep") as first, leadership.round("booking-sweep") as second:
        assert first and second
    engine.dispose()


def test_the_unread_mail_command_skips_the_round_a_service_process_is_running(
    pg_url: str, engines: tuple[Engine, Engine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", pg_url)
    monkeypatch.setenv("IDENTITY_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("OUTBOX_DIR", str(tmp_path / "outbox"))
    upgrade(pg_url)
    with AdvisoryLockSweepLeadership(engines[0]).round(UNREAD_SWEEP) as leading:  # a service process's round
        assert leading
        busy = runner.invoke(app, ["messages", "notify-unread"])
    assert busy.exit_code == 0, busy.output
    assert json.loads(busy.stdout) == {"running_elsewhere": True}
    free = runner.invoke(app, ["messages", "notify-unread"])
    assert free.exit_code == 0, free.output
    assert set(json.loads(free.stdout)) == {"emailed", "threads", "waiting"}
