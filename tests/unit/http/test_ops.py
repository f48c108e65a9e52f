"""Operational surface: liveness, readiness that names what is degraded, metrics, request ids, logs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from litestar.testing import TestClient

from config.container import build_container
from config.settings import Settings
from entrypoints.http.app import create_app


def test_healthz_is_alive(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_reports_each_component(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "components": [{"component": "database (sqlite)", "ok": True, "detail": ""}],
    }


def test_readyz_is_503_and_says_why_when_the_schema_is_not_migrated(tmp_path: Path) -> None:
    app = create_app(build_container(Settings(database_url=f"sqlite:///{tmp_path / 'empty.db'}")))
    with TestClient(app) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    component = response.json()["components"][0]
    assert component["ok"] is False and "rastup db upgrade" in component["detail"]


def test_metrics_count_requests_by_route_template_and_status(client: TestClient) -> None:
    client.get("/api/profiles/prf_one")
    client.get("/api/profiles/prf_two")
    text = client.get("/metrics").text
    pattern = (
        r'rastup_requests_total\{app_name="rastup",method="GET",'
        r'path="/api/profiles/\{profile_id\}",status_code="404"\} (\d+)'
    )
    match = re.search(pattern, text)
    assert match and int(float(match.group(1))) >= 2
    assert "rastup_request_duration_seconds_bucket" in text


def test_request_id_is_minted_or_adopted(client: TestClient) -> None:
    minted = client.get("/healthz").headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", minted)
    assert (
        client.get("/healthz", headers={"X-Request-ID": "abc12345-from-edge"}).headers["x-request-id"]
        == "abc12345-from-edge"
    )
    bad = client.get("/healthz", headers={"X-Request-ID": "evil\nheader"}).headers["x-request-id"]
    assert bad != "evil\nheader"


def test_problem_types_resolve_to_a_description(client: TestClient) -> None:
    assert client.get("/problems/version-conflict").json()["status"] == 409
    assert client.get("/problems/nope").status_code == 404


def test_access_log_lines_are_json_with_the_request_id_and_no_pii(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    response = client.get("/api/profiles/ana@example.com", headers={"Authorization": "Bearer s3cr3t"})
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    access = [line for line in lines if line.get("event") == "request"]
    assert access and access[-1]["request_id"] == response.headers["x-request-id"]
    assert access[-1]["status"] == 401  # the dead bearer is refused before the profile is looked up
    assert "ana@example.com" not in json.dumps(lines)


def test_metrics_show_the_outbox_backlog_and_its_oldest_age_at_each_scrape(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from dependency_injector import providers

    from adapters.memory.clock import FixedClock
    from adapters.sqlalchemy.migrate import upgrade
    from adapters.sqlalchemy.tables.outbox import outbox

    url = f"sqlite:///{tmp_path / 'metrics.db'}"
    upgrade(url)
    container = build_container(Settings(database_url=url))
    t0 = datetime(2026, 11, 23, 9, tzinfo=UTC)
    container.clock.override(providers.Object(FixedClock(t0 + timedelta(seconds=90))))
    with container.engine().begin() as connection:  # backing off after a failure: no relay round takes it now
        row = {"event_id": "evt_1", "topic": "identity.account_deleted", "payload": "{}", "occurred_at": t0}
        connection.execute(outbox.insert().values({**row, "due_at": t0 + timedelta(hours=1), "attempts": 1}))
    with TestClient(create_app(container)) as client:
        text = client.get("/metrics").text
        assert re.search(r"^rastup_outbox_pending 1\.0$", text, re.M)
        assert re.search(r"^rastup_outbox_oldest_pending_age_seconds 90\.0$", text, re.M)
        assert re.search(r"^rastup_outbox_dead 0\.0$", text, re.M)
        indexer = r'{consumer="search-indexer"}'  # an account deletion is on the search indexer's topics
        assert re.search(rf"^rastup_outbox_consumer_backlog{indexer} 1\.0$", text, re.M)
        assert re.search(rf"^rastup_outbox_consumer_lag_seconds{indexer} 90\.0$", text, re.M)
        assert re.search(rf"^rastup_outbox_consumer_dead{indexer} 0\.0$", text, re.M)
        with container.engine().begin() as connection:
            connection.execute(outbox.delete())
        assert re.search(r"^rastup_outbox_pending 0\.0$", client.get("/metrics").text, re.M)


def test_metrics_show_the_delivery_backlog_and_its_oldest_age(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from prometheus_client import REGISTRY, generate_latest

    from adapters.memory.clock import FixedClock
    from adapters.memory.delivery import InMemoryDeliveryQueue
    from adapters.system.delivery_gauges import DeliveryGauges
    from core.delivery.model import Outbound

    clock = FixedClock(datetime(2026, 11, 23, 9, tzinfo=UTC))
    queue = InMemoryDeliveryQueue(now=clock.now)
    queue.put(Outbound("email", "ana@example.com", "Hello", "text"))  # queued at 09:00
    clock.advance(timedelta(minutes=2))  # the SMTP peer is down: nothing has delivered it since
    DeliveryGauges(queue, clock).refresh()
    text = generate_latest(REGISTRY).decode()
    assert re.search(r'^rastup_delivery_waiting\{state="due"\} 1\.0$', text, re.M), text
    assert re.search(r"^rastup_delivery_oldest_waiting_age_seconds 120\.0$", text, re.M)
    assert re.search(r"^rastup_delivery_dead 0\.0$", text, re.M)
    url = f"sqlite:///{tmp_path / 'metrics.db'}"
    with TestClient(create_app(build_container(Settings(database_url=url)))) as client:  # the app scrapes it too
        assert "rastup_delivery_oldest_waiting_age_seconds" in client.get("/metrics").text
