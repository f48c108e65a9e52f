"""`rastup ops synthetic` against a real `rastup serve` on the demo data: every step passes and prints its line;
with the service gone, the run exits 1 naming the step that failed."""

from __future__ import annotations

import contextlib
import json
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
STEPS = ["sign-up", "verify-email", "sign-in", "search", "open-profile", "find-slot", "checkout", "read-booking",
         "cancel", "second-factor", "delete-account"]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def service(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    mail = tmp_path / "outbox"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'synthetic.db'}", "LOG_LEVEL": "warning",
           "EMAIL_BACKEND": "outbox", "OUTBOX_DIR": str(mail)}  # fmt: skip
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    subprocess.run([RASTUP, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([RASTUP, "demo", "seed"], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen([RASTUP, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            assert server.poll() is None, server.stdout.read().decode() if server.stdout else "server exited"
            time.sleep(0.2)
        yield base, mail
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)


def _synthetic(base: str, mail: Path) -> subprocess.CompletedProcess[str]:
    command = [RASTUP, "ops", "synthetic", "--base-url", base, "--mail-dir", str(mail), "--timeout-s", "20"]
    return subprocess.run(command, capture_output=True, text=True, timeout=180)


def test_the_whole_journey_passes_against_the_local_service(service: tuple[str, Path]) -> None:
    base, mail = service
    done = _synthetic(base, mail)
    assert done.returncode == 0, done.stdout + done.stderr
    reports = [json.loads(line) for line in done.stdout.splitlines()]
    assert [report["step"] for report in reports] == STEPS and all(report["ok"] for report in reports)
    assert all(report["ms"] > 0 for report in reports)


def test_a_failing_step_is_named_and_exits_1(tmp_path: Path) -> None:
    done = _synthetic(f"http://127.0.0.1:{_free_port()}", tmp_path)  # nobody listens there
    assert done.returncode == 1
    assert json.loads(done.stdout.splitlines()[0])["step"] == "sign-up"
    assert "synthetic journey failed at step sign-up: ConnectError" in done.stderr
