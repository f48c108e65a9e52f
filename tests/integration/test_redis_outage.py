"""A real Redis that goes away mid-run: sign-in answers 503 with Retry-After, a non-security limit still lets
requests through, the risk score goes blind without refusing, and /readyz names Redis degraded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from litestar.testing import TestClient
from structlog.testing import capture_logs

from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.gateways import FAIL_OPEN_LIMITS
from config.settings import Settings
from core.identity.service_ports import IpActivity
from entrypoints.http.app import create_app
from tests.harness.processes import ServerProcess, launch_server, running_server
from tests.harness.redis_peer import answers_ping

pytestmark = pytest.mark.integration

LOGIN = {"email": "ann@example.com", "password": "violet-Harbour-crane-58-quay"}
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.fixture
def throwaway_redis(tmp_path: Path) -> Iterator[ServerProcess]:
    """A redis-server of this test's own on a free loopback port, which the test may stop."""

    def argv(port: int) -> tuple[str, ...]:
        return ("redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")

    server = launch_server("redis", argv, lambda port: answers_ping(f"redis://127.0.0.1:{port}/0"), tmp_path)
    with running_server(server):
        yield server


def test_when_redis_stops_sign_in_refuses_with_retry_after_and_the_rest_degrades_openly(
    throwaway_redis: ServerProcess, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'outage.db'}"
    upgrade(db)
    settings = Settings(database_url=db, identity_key_dir=str(tmp_path / "keys"), rate_limit_backend="redis",
                        redis_url=f"redis://127.0.0.1:{throwaway_redis.port}/0")  # fmt: skip
    container = build_container(settings)
    with TestClient(create_app(container), base_url="https://testserver.local") as client:
        assert client.get("/readyz").status_code == 200
        assert client.post("/api/auth/login", json=LOGIN).status_code == 401  # counted in Redis: no such account

        throwaway_redis.stop()

        with capture_logs() as logs:
            refused = client.post("/api/auth/login", json=LOGIN)
        assert refused.status_code == 503, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.json()["type"] == "/problems/rate-limiter-unavailable"
        assert refused.headers["retry-after"] == "10"
        assert "127.0.0.1" not in refused.text  # the driver's message (host and port) stays inside
        assert {(e["scope"], e["fallback"]) for e in logs if e["event"] == "rate_limit_unavailable"} == {
            ("login-ip", "refuse")
        }

        # a non-security limit (messages to one recipient) lets its request through, with a warning
        assert "resend-identity" in FAIL_OPEN_LIMITS
        with capture_logs() as logs:
            allowed = container.rate_limiter().hit("resend-identity:ann@example.com", 3, 3600, NOW)
        assert allowed.allowed
        assert [(e["scope"], e["fallback"]) for e in logs] == [("resend-identity", "allow")]

        # the risk score's IP velocity goes blind (no extra risk) instead of failing the sign-in
        telemetry = container.identity_services().telemetry
        with capture_logs() as logs:
            telemetry.record_attempt("203.0.113.7", "ann@example.com", NOW)
            assert telemetry.ip_activity("203.0.113.7", 900, NOW) == IpActivity(0, 0)
        assert [e["fallback"] for e in logs] == ["skip", "no-extra-risk"]

        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["status"] == "degraded"
        (redis_status,) = [c for c in ready.json()["components"] if c["component"].startswith("redis")]
        assert redis_status["ok"] is False and "ConnectionError" in redis_status["detail"]
        assert client.get("/api/profiles/prf_nobody").status_code == 404  # what needs no Redis still serves
    container.shutdown_resources()
