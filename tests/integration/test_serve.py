"""`rastup serve` for real: uvicorn with two workers, one /metrics view across both."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.integration
RASTUP = str(Path(sys.executable).parent / "rastup")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}", "LOG_LEVEL": "warning"}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    subprocess.run([RASTUP, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([RASTUP, "demo", "seed"], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [RASTUP, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            assert server.poll() is None, server.stdout.read().decode() if server.stdout else "server exited"
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)


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
