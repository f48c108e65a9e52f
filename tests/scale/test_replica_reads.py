"""Read-only work on a streaming replica (DATABASE_REPLICA_URL): availability is read there while the replica keeps
up (shown by pausing its replay: the answer stays as it was), falls back to the primary once the lag passes
DATABASE_REPLICA_MAX_LAG_S or the replica is down, with the lag on /metrics; and the owner's own reads, right after
the write, always see it (they stay on the primary). The data export's shares are read there too."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from litestar.testing import TestClient
from prometheus_client.parser import text_string_to_metric_families

from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import upgrade
from adapters.sqlalchemy.replica import ReplicaReads
from config.container import Container, build_container
from config.settings import Settings
from entrypoints.http.app import create_app
from tests.harness.processes import wait_until
from tests.harness.replica_peer import PostgresPair
from tests.unit.http.signed_in import bearer, sign_in, stepped_up

pytestmark = pytest.mark.integration

MAX_LAG_S = 6.0
EVERY_DAY = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _schedule(version: int, end: str) -> dict[str, object]:
    rules = [{"weekday": day, "start": "09:00", "end": end} for day in EVERY_DAY]
    return {"version": version, "zone": "UTC", "rules": rules, "min_notice_minutes": 0, "granularity_minutes": 60,
            "min_duration_minutes": 60}  # fmt: skip


def _gauges(client: TestClient) -> dict[str, float]:
    text = client.get("/metrics").text
    return {
        sample.name: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name.startswith("rastup_database_replica_")
    }


@pytest.fixture
def replica_world(postgres_pair: PostgresPair) -> Iterator[tuple[TestClient, Container, str]]:
    """A service on the pair, and a client signed in as a new owner (the pair is kept for the module)."""
    upgrade(postgres_pair.primary_url)
    settings = Settings(database_url=postgres_pair.primary_url, database_replica_url=postgres_pair.replica_url,
                        database_replica_max_lag_s=MAX_LAG_S, database_replica_check_s=0.1)  # fmt: skip
    container = build_container(settings)
    token = f"tok-replica-{uuid.uuid4().hex[:12]}"
    sign_in(container, f"{token}@example.com", token)
    with TestClient(create_app(container)) as test_client:
        test_client.headers.update(bearer(token))
        yield test_client, container, token


@pytest.fixture
def client(replica_world: tuple[TestClient, Container, str]) -> TestClient:
    return replica_world[0]


def _slots(client: TestClient, profile_id: str) -> int:
    tomorrow = (datetime.now(UTC).date() + timedelta(days=1)).isoformat()
    answer = client.get(f"/api/profiles/{profile_id}/availability", params={"from": tomorrow, "days": 1})
    assert answer.status_code == 200, answer.text
    return int(answer.json()["days"][0]["slots"])


def test_the_router_follows_the_replicas_lag_and_health(postgres_pair: PostgresPair) -> None:
    primary, replica = (
        create_database_engine(postgres_pair.primary_url),
        create_database_engine(postgres_pair.replica_url),
    )
    strict = ReplicaReads(primary, replica, max_lag_s=0.3, check_every_s=0)
    lenient = ReplicaReads(primary, replica, max_lag_s=3600, check_every_s=0)
    try:
        postgres_pair.wait_caught_up()
        assert wait_until(lambda: strict.engine() is replica, 10)
        postgres_pair.pause_replay()
        try:
            with primary.begin() as connection:
                connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS replica_probe (n int)")
            time.sleep(0.6)  # the WAL reaches the replica, which does not apply it
            state = strict.state()
            assert state.lag_s is not None and state.lag_s > 0.3 and not state.on_replica
            assert strict.engine() is primary and lenient.engine() is replica
        finally:
            postgres_pair.resume_replay()
        postgres_pair.wait_caught_up()
        assert wait_until(lambda: strict.engine() is replica, 10)  # (WAL written meanwhile: replayed at once)
        assert ReplicaReads(primary, None).engine() is primary  # no replica configured: the primary
    finally:
        primary.dispose()
        replica.dispose()


def test_availability_reads_the_replica_falls_back_when_it_lags_or_stops_and_own_writes_read_the_primary(
    client: TestClient, postgres_pair: PostgresPair
) -> None:
    profile_id = client.post("/api/profiles", json={"display_name": "Replica Owner"}).json()["id"]
    schedule = f"/api/profiles/{profile_id}/schedule"
    assert client.put(schedule, json=_schedule(0, "17:00")).status_code == 200
    postgres_pair.wait_caught_up()
    assert _slots(client, profile_id) == 8
    assert _gauges(client)["rastup_database_replica_reads"] == 1

    postgres_pair.fresh_replay()
    postgres_pair.pause_replay()
    try:
        changed_at = time.monotonic()
        assert client.put(schedule, json=_schedule(1, "12:00")).status_code == 200
        # the owner's own read right after the write: on the primary, so it sees the write
        assert client.get(schedule).json()["version"] == 2
        # availability is read on the replica, which has not applied the change: the old 8 slots
        assert _slots(client, profile_id) == 8
        assert time.monotonic() - changed_at < MAX_LAG_S  # (the stale answer came within the allowed lag)
        # once the replica is further behind than MAX_LAG_S, the same read goes to the primary
        deadline = time.monotonic() + MAX_LAG_S + 15
        while _slots(client, profile_id) != 3:
            assert time.monotonic() < deadline, "availability never fell back to the primary"
            time.sleep(0.2)
        gauges = _gauges(client)
        assert (
            gauges["rastup_database_replica_reads"] == 0 and gauges["rastup_database_replica_lag_seconds"] > MAX_LAG_S
        )
        assert gauges["rastup_database_replica_up"] == 1
    finally:
        postgres_pair.resume_replay()
    postgres_pair.wait_caught_up()
    assert _slots(client, profile_id) == 3
    assert wait_until(lambda: _gauges(client)["rastup_database_replica_reads"] == 1, 10)  # caught up: back on it

    postgres_pair.stop_replica()
    try:
        assert client.put(schedule, json=_schedule(2, "11:00")).status_code == 200
        time.sleep(0.2)  # past the check interval: the next read finds the replica gone
        assert _slots(client, profile_id) == 2  # read on the primary
        gauges = _gauges(client)
        assert gauges["rastup_database_replica_up"] == 0 and gauges["rastup_database_replica_lag_seconds"] == -1
    finally:
        postgres_pair.start_replica()


def _exported_names(client: TestClient, container: Container, token: str) -> list[str]:
    stepped_up(container, token)
    answer = client.get("/api/auth/account/export")
    assert answer.status_code == 200, answer.text
    return [p["fields"]["display_name"] for p in answer.json()["profiles"]["profiles"]]


def test_the_data_export_reads_the_replica_while_it_keeps_up_and_the_primary_once_it_lags(
    replica_world: tuple[TestClient, Container, str], postgres_pair: PostgresPair
) -> None:
    client, container, token = replica_world
    assert client.post("/api/profiles", json={"display_name": "Before"}).status_code == 201
    postgres_pair.wait_caught_up()
    assert _exported_names(client, container, token) == ["Before"]

    postgres_pair.fresh_replay()
    postgres_pair.pause_replay()
    try:
        changed_at = time.monotonic()
        assert client.post("/api/profiles", json={"display_name": "After"}).status_code == 201
        # read on the replica, which has not applied the new profile yet (the identity part, written by the
        # export's own audit entry, stays on the primary)
        assert _exported_names(client, container, token) == ["Before"]
        assert time.monotonic() - changed_at < MAX_LAG_S
        deadline = time.monotonic() + MAX_LAG_S + 15
        while sorted(_exported_names(client, container, token)) != ["After", "Before"]:
            assert time.monotonic() < deadline, "the export never fell back to the primary"
            time.sleep(0.2)
    finally:
        postgres_pair.resume_replay()
