"""`rastup calendar ...` on SQLite: demo schedules, schedule round trip, availability, explain, sync, export."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select, update
from typer.testing import CliRunner

from adapters.memory.calendar import no_bookings_yet
from adapters.sqlalchemy.calendar import SqlAlchemyCalendarUnitOfWork
from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.tables.calendar import availability_index, calendar_schedules
from core.calendar.feeds import CalendarFeed
from entrypoints.cli.app import app
from entrypoints.cli.errors import EXIT_CONFLICT, EXIT_FAILURE, EXIT_INVALID, EXIT_NOT_FOUND

runner = CliRunner()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'calendar.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    seeded = runner.invoke(app, ["demo", "seed", "--load-profiles", "2"])
    assert seeded.exit_code == 0 and "8 schedules written" in seeded.output, seeded.output
    return url


def run(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["calendar", *args])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))  # stderr may hold log lines (a schedule read out of range)


def test_demo_profiles_have_schedules_in_their_city_zone_and_show_availability(database: str) -> None:
    assert run("show-schedule", "prf_demo_photographer_la")["zone"] == "America/Los_Angeles"
    assert run("show-schedule", "prf_demo_videographer_ldn")["zone"] == "Europe/London"
    assert run("show-schedule", "prf_demo_stylist_ny")["zone"] == "America/New_York"
    load = run("show-schedule", "prf_load_002")
    assert load["min_notice_minutes"] == 0 and load["granularity_minutes"] == 15 and len(load["rules"]) == 7
    assert run("availability", "prf_demo_photographer_la")["slots"]
    assert len(run("availability", "prf_load_001", "--days", "2")["slots"]) > 90
    assert "profiles indexed" in runner.invoke(app, ["calendar", "reindex"]).output
    assert run("reindex", "prf_demo_photographer_la")["profile_id"] == "prf_demo_photographer_la"


def test_set_schedule_reads_show_schedule_output_and_names_a_bad_field(database: str, tmp_path: Path) -> None:
    shown = run("show-schedule", "prf_demo_model_la")
    document = tmp_path / "schedule.json"
    document.write_text(json.dumps({**shown, "min_notice_minutes": 120}))
    replaced = run("set-schedule", "prf_demo_model_la", str(document))
    assert replaced["version"] == 2 and replaced["min_notice_minutes"] == 120
    document.write_text(json.dumps({**shown, "zone": "Nowhere/Atlantis"}))
    bad = runner.invoke(app, ["calendar", "set-schedule", "prf_demo_model_la", str(document)])
    assert bad.exit_code == EXIT_INVALID and "zone" in bad.output
    missing = runner.invoke(app, ["calendar", "show-schedule", "prf_nobody"])
    assert missing.exit_code == EXIT_NOT_FOUND


def test_explain_export_and_a_failing_sync(database: str) -> None:
    why = run("explain", "prf_demo_photographer_la", "--start", "2020-01-01T00:00:00Z", "--end", "2020-01-01T01:00:00Z")
    assert why["bookable"] is False and "minimum-notice" in [r["code"] for r in why["reasons"]]
    url = runner.invoke(app, ["calendar", "export-url", "prf_demo_photographer_la"])
    assert url.exit_code == 0 and "/calendar/" in url.output and url.output.strip().endswith(".ics")
    assert runner.invoke(app, ["calendar", "export-url", "prf_demo_photographer_la"]).exit_code == EXIT_CONFLICT
    assert runner.invoke(app, ["calendar", "export-url", "prf_demo_photographer_la", "--rotate"]).exit_code == 0
    engine = create_database_engine(database)
    with SqlAlchemyCalendarUnitOfWork(engine, no_bookings_yet) as uow:
        feed = CalendarFeed.subscribe("calfeed_cli", "prf_demo_photographer_la", "http://127.0.0.1:9/x.ics",
                                      datetime(2020, 1, 1, tzinfo=UTC))  # fmt: skip
        uow.feeds.add(feed)
        uow.commit()
    engine.dispose()
    synced = runner.invoke(app, ["calendar", "sync"])
    assert synced.exit_code == 1 and "1 feeds synced, 1 failed" in synced.output
    assert "calfeed_cli" in synced.output and "unreachable" in synced.output
    assert runner.invoke(app, ["calendar", "sync"]).exit_code == 0  # retried later, not now


def test_reindex_skips_a_bad_row_indexes_every_other_profile_and_exits_non_zero(database: str, tmp_path: Path) -> None:
    engine = create_database_engine(database)
    with engine.begin() as connection:  # rows an older release could have stored, written around every check
        bad = update(calendar_schedules).where(calendar_schedules.c.owner_id == "prf_demo_model_la")
        connection.execute(bad.values(buffer_before_minutes=1_000_000_000))
        worse = update(calendar_schedules).where(calendar_schedules.c.owner_id == "prf_demo_photographer_la")
        connection.execute(worse.values(blackouts=[{"start": "0001-01-01T00:00:00+01:00", "end": "x"}]))
        connection.execute(delete(availability_index))
    reindexed = runner.invoke(app, ["calendar", "reindex"])
    assert reindexed.exit_code == EXIT_FAILURE, reindexed.output
    assert "6 profiles indexed" in reindexed.stdout
    assert "skipped: prf_demo_model_la: buffer_before: must be whole minutes from 0 to 1440" in reindexed.stderr
    assert "skipped: prf_demo_photographer_la: ValueError" in reindexed.stderr  # the end "x" is no instant
    assert "2 profiles could not be indexed" in reindexed.stderr
    with engine.connect() as connection:
        indexed = set(connection.execute(select(availability_index.c.profile_id)).scalars())
    engine.dispose()
    assert len(indexed) == 6 and not indexed & {"prf_demo_model_la", "prf_demo_photographer_la"}
    one = runner.invoke(app, ["calendar", "reindex", "prf_demo_model_la"])
    assert one.exit_code == EXIT_CONFLICT and "must save it again" in one.stderr
    assert runner.invoke(app, ["calendar", "availability", "prf_demo_model_la"]).exit_code == EXIT_CONFLICT
    shown = run("show-schedule", "prf_demo_stylist_ny")
    assert run("reindex", "prf_demo_stylist_ny")["indexed"] is True and shown["version"] == 1
    document = tmp_path / "fixed.json"
    document.write_text(json.dumps({**shown, "owner_id": "prf_demo_model_la"}))
    assert run("set-schedule", "prf_demo_model_la", str(document))["version"] == 2  # replaces the bad row
    assert run("reindex", "prf_demo_model_la")["indexed"] is True
