"""RATE_LIMIT_BACKEND=redis: the container's limiter shares its counts across containers (workers)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from config.container import build_container
from config.settings import Settings

pytestmark = pytest.mark.integration


def test_two_workers_share_one_redis_window(clean_redis_url: str) -> None:
    settings = Settings(rate_limit_backend="redis", redis_url=clean_redis_url)
    worker_a, worker_b = build_container(settings), build_container(settings)
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    assert worker_a.rate_limiter().hit("signup:ip:10.0.0.1", 2, 60, now).allowed
    assert worker_b.rate_limiter().hit("signup:ip:10.0.0.1", 2, 60, now).allowed
    refused = worker_a.rate_limiter().hit("signup:ip:10.0.0.1", 2, 60, now)
    assert not refused.allowed and refused.retry_after_s == 60
    statuses = {status.component: status.ok for status in (p.check() for p in worker_b.health_probes())}
    assert statuses["redis (rate limits)"] is True
    worker_a.shutdown_resources()
    worker_b.shutdown_resources()


def test_two_workers_share_the_risk_scores_ip_activity(clean_redis_url: str, tmp_path: Path) -> None:
    settings = Settings(rate_limit_backend="redis", redis_url=clean_redis_url, identity_key_dir=str(tmp_path))
    worker_a, worker_b = build_container(settings), build_container(settings)
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    for n in range(3):
        worker_a.identity_services().telemetry.record_attempt("10.0.0.9", f"user{n}@example.com", now)
    worker_b.identity_services().telemetry.record_attempt("10.0.0.9", "user9@example.com", now)
    activity = worker_b.identity_services().telemetry.ip_activity("10.0.0.9", 900, now)
    assert (activity.attempts, activity.distinct_accounts) == (4, 4)
    worker_a.shutdown_resources()
    worker_b.shutdown_resources()
