"""`rastup serve` for real: uvicorn with two workers, one /metrics view across both."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.served import served

pytestmark = pytest.mark.integration


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[str]:
    with served({"DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}"}, "--workers", "2") as base:
        yield base


def _served_count(text: str) -> float:
    prefix = 'rastup_requests_total{app_name="rastup",method="GET",path="/api/profiles/{profile_id}",status_code="200"}'
    return sum(float(line.split()[-1]) for line in text.splitlines() if line.startswith(prefix))


def test_two_workers_serve_the_demo_and_share_one_metrics_view(two_workers: str) -> None:
    with httpx.Client(base_url=two_workers) as client:
        for _ in range(30):
            assert client.get("/api/profiles/prf_demo_photographer_la").status_code == 200
        scrapes = [client.get("/metrics").text for _ in range(4)]
    counts = {_served_count(text) for text in scrapes}
    assert counts == {30.0}  # every scrape, whichever worker answers, sees all 30 requests
    assert all("\nrastup_outbox_pending 0.0\n" in text for text in scrapes)  # read at each scrape, one series
