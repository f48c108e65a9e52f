"""PostgreSQL drops, refuses and goes silent under a steady load of real writes: requests caught in it answer
503 problem+json with Retry-After (never 500), later ones succeed without a restart, and the database holds
exactly one row per acknowledged idempotency key (none lost, none applied twice)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.chaos.load import DraftLoad, api_token
from tests.chaos.served_behind import ServedOnProxy, drafts_by_name, served_on_proxy, terminate_our_backends

pytestmark = [pytest.mark.integration, pytest.mark.chaos]


@pytest.fixture
def service(pg_url: str, tmp_path: Path) -> Iterator[ServedOnProxy]:
    with served_on_proxy(pg_url, tmp_path) as running:
        yield running


def _wait_for_progress(load: DraftLoad, writes: int = 3, deadline_s: float = 30) -> None:
    """Writes are acknowledged again (the service recovered on its own)."""
    start = len(load.acknowledged)
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if load.acknowledged_since(start) >= writes:
            return
        time.sleep(0.05)
    raise AssertionError(f"no progress after the fault: {load.statuses}")


def test_drops_refusals_and_silence_answer_503_and_lose_or_double_no_acknowledged_write(
    service: ServedOnProxy,
) -> None:
    load = DraftLoad(service.base, api_token(service.base, service.email), prefix="pgchaos").start()
    try:
        _wait_for_progress(load)
        for _ in range(3):  # the network resets every connection to PostgreSQL
            service.proxy.reset_connections()
            _wait_for_progress(load)
        for _ in range(3):  # the server terminates our backends (a restart, an operator)
            assert terminate_our_backends(service.direct_url) >= 1
            _wait_for_progress(load)
        with service.proxy.fault(reset=True):  # PostgreSQL refuses for a while
            time.sleep(2)
        _wait_for_progress(load)
        with service.proxy.fault(blackhole=True):  # and then goes silent: in-flight requests wait their deadline
            time.sleep(3)
            ready = httpx.get(f"{service.base}/readyz", timeout=15)
            assert ready.status_code == 503
            assert any("database" in c["component"] and not c["ok"] for c in ready.json()["components"]), ready.text
        _wait_for_progress(load)
        with service.proxy.fault(latency_s=0.05, jitter_s=0.05):  # slow but answering: no refusal needed
            _wait_for_progress(load)
    finally:
        load.stop()

    assert load.transport_errors == 0  # the service itself always answered
    assert set(load.statuses) <= {201, 503}, load.statuses  # never a 500
    assert load.statuses[503] >= 1  # the faults did reach requests in flight
    for refusal in load.refusals:
        assert refusal.headers["content-type"].startswith("application/problem+json")
        assert refusal.json()["type"] == "/problems/database-unavailable"
        assert int(refusal.headers["retry-after"]) >= 1
        assert "127.0.0.1" not in refusal.text and "psycopg" not in refusal.text

    stored = drafts_by_name(service.direct_url, "pgchaos")
    doubled = {name: ids for name, ids in stored.items() if len(ids) > 1}
    assert doubled == {}  # no retried key applied twice
    assert {name: ids[0] for name, ids in stored.items()} == load.acknowledged  # none lost, none unacknowledged
    assert len(load.acknowledged) >= 20
