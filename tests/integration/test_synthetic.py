"""`rastup ops synthetic` against a real `rastup serve` on the demo data: every step passes and prints its line;
with the service gone, the run exits 1 naming the step that failed."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.served import RASTUP, free_port, served

pytestmark = pytest.mark.integration
STEPS = ["sign-up", "verify-email", "sign-in", "search", "open-profile", "find-slot", "checkout", "read-booking",
         "cancel", "second-factor", "delete-account"]  # fmt: skip


@pytest.fixture
def service(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    mail = tmp_path / "outbox"
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'synthetic.db'}", "EMAIL_BACKEND": "outbox", "OUTBOX_DIR": str(mail)}
    with served(env) as base:
        yield base, mail


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
    done = _synthetic(f"http://127.0.0.1:{free_port()}", tmp_path)  # nobody listens there
    assert done.returncode == 1
    assert json.loads(done.stdout.splitlines()[0])["step"] == "sign-up"
    assert "synthetic journey failed at step sign-up: ConnectError" in done.stderr
